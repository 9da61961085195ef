import Normalize
import RosterCore
import RuleBook
import Testing

@testable import SampleGen

/// The generator's words mean, under the baseline rules, what the ground truth assumes.
@Suite struct VocabularyTests {
  let fields = FieldNormalizer(rules: RuleBook.baseline())

  @Test func categories() {
    for w in Words.categories {
      var unknown: [String] = []
      let set = fields.categorySet(w.text, unrecognized: &unknown)
      #expect(set == w.meaning, "\(w.text)")
      #expect(unknown.isEmpty == !w.unknown, "\(w.text): \(unknown)")
    }
  }

  @Test func statusesSupportModesAndHardship() {
    for w in Words.statuses {
      #expect(fields.status(w.text).value == w.meaning, "\(w.text)")
      if w.meaning == nil && !w.text.isEmpty { #expect(fields.status(w.text) == .unrecognized) }
    }
    for w in Words.supportModes {
      #expect(fields.supportMode(w.text).value == w.meaning, "\(w.text)")
      if w.meaning == nil && !w.text.isEmpty { #expect(fields.supportMode(w.text) == .unrecognized) }
    }
    for w in Words.hardships {
      #expect(fields.hardship(w.text).value == w.meaning, "\(w.text)")
      if w.meaning == nil && !w.text.isEmpty { #expect(fields.hardship(w.text) == .unrecognized) }
    }
  }

  @Test func typesGradesAndSexes() {
    for style in Words.typeWords {
      for (i, w) in style.enumerated() { #expect(fields.disabilityType(w).value == i + 1, "\(w)") }
    }
    for style in Words.gradeWords {
      for (i, w) in style.enumerated() { #expect(fields.disabilityGrade(w).value == i + 1, "\(w)") }
    }
    for w in Words.unknownGrades { #expect(fields.disabilityGrade(w) == .unrecognized) }
    #expect(fields.sex("男").value == .male && fields.sex("2").value == .female)
    for w in Words.unknownSexes { #expect(fields.sex(w) == .unrecognized) }
  }

  @Test func headersMapToTheirFields() {
    let matcher = HeaderMatcherProbe(rules: RuleBook.baseline())
    var rng = SampleRandom(seed: 3)
    for i in 0..<50 {
      let county = CountySpec(index: i + 1, code: 621225, name: "西和县", codes: [(621225, 2004, nil)], weight: 1)
      let style = CountyStyle.draw(county: county, rng: &rng)
      for (column, header) in style.columns {
        let expected: Field? =
          switch column {
          case .name: .name
          case .id: .idNumber
          case .sex: .sex
          case .birth: .birthDate
          case .category: .category
          case .household: .householdID
          case .relation: .relation
          case .county: .county
          case .township: .township
          case .village: .village
          case .status: .status
          case .support: .supportMode
          case .phone, .phone2: .phone
          case .seq, .nation, .updated, .remark: nil
          }
        #expect(matcher.field(header) == expected, "\(header)")
      }
      if style.xmlStyle != 2 {
        let fields: [Field] = [
          .name, .sex, .idNumber, .disabilityCert, .disabilityType, .disabilityGrade, .hardship, .county,
          .township, .village, .phone, .birthDate,
        ]
        for (k, tag) in style.xmlTags.enumerated() { #expect(matcher.field(tag) == fields[k], "\(tag)") }
      }
    }
  }
}

import Ingest

struct HeaderMatcherProbe {
  let matcher: HeaderMatcher
  init(rules: Rules) { matcher = HeaderMatcher(rules: rules) }
  func field(_ header: String) -> Field? { matcher.field(for: header) }
}
