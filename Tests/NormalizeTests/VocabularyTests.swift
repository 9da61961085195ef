import Foundation
import Normalize
import RosterCore
import RuleBook
import TestSupport
import Testing
import Yams

/// Every word of `Rules/baseline.yml`, read straight from the file (not through RuleBook), maps
/// to its meaning through the field normalizer: as written, padded with spaces, and with its
/// ASCII in full width.
@Suite struct BaselineVocabularyTests {
  let normalizer: FieldNormalizer
  /// (vocabulary, word, meaning) as written in the file.
  let entries: [(kind: String, word: String, meaning: String)]

  init() throws {
    let url = RepoPaths.path("Rules/baseline.yml")
    normalizer = FieldNormalizer(rules: try RuleBook.load(url))
    let text = try String(contentsOf: url, encoding: .utf8)
    let root = try #require(try Yams.compose(yaml: text))
    var entries: [(String, String, String)] = []
    for (kind, words) in try #require(root["vocabulary"]?.mapping) {
      for (word, meaning) in try #require(words.mapping) {
        entries.append((kind.string!, word.string!, meaning.string!))
      }
    }
    self.entries = entries
  }

  /// The meaning the normalizer gives `text` in vocabulary `kind`, written as in the file.
  func meaning(of text: String, in kind: String) -> String? {
    switch kind {
    case "categories":
      let parse = normalizer.categories(text)
      return parse.unrecognized.isEmpty && parse.categories.count == 1
        ? parse.categories[0].rawValue : nil
    case "statuses": return normalizer.status(text).value?.rawValue
    case "support_modes": return normalizer.supportMode(text).value?.rawValue
    case "hardship": return normalizer.hardship(text).value?.rawValue
    case "disability_types": return normalizer.disabilityType(text).value.map(String.init)
    case "disability_grades": return normalizer.disabilityGrade(text).value.map(String.init)
    case "sexes": return normalizer.sex(text).value?.rawValue
    default:
      Issue.record("vocabulary \(kind) has no normalizer")
      return nil
    }
  }

  static func fullWidth(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { s in
          (0x21...0x7E).contains(s.value) ? Unicode.Scalar(s.value + 0xFEE0)! : s
        }))
  }

  @Test func everyWordOfTheFileMapsToItsMeaning() {
    #expect(entries.count > 90)
    #expect(Set(entries.map(\.kind)).count == 7)
    for (kind, word, expected) in entries {
      #expect(meaning(of: word, in: kind) == expected, "\(kind).\(word)")
      #expect(meaning(of: " \(word)\u{3000}", in: kind) == expected, "\(kind).\(word) padded")
      #expect(meaning(of: Self.fullWidth(word), in: kind) == expected, "\(kind).\(word) full width")
      #expect(meaning(of: word.uppercased(), in: kind) == expected, "\(kind).\(word) upper case")
    }
  }

  /// The words of §2.3 of the data contract, with the meanings the contract gives them.
  @Test func theContractsWordsMeanWhatTheContractSays() {
    let contract: [(String, String, String)] = [
      ("categories", "孤儿", "orphan"), ("categories", "事实无人抚养儿童", "de-facto-unsupported"),
      ("categories", "特困人员", "extremely-poor"), ("categories", "特困供养人员", "extremely-poor"),
      ("categories", "五保户", "extremely-poor"), ("categories", "困难重度残疾人", "severely-disabled"),
      ("categories", "低保", "minimum-living"),
      ("statuses", "在保", "active"), ("statuses", "正常", "active"),
      ("statuses", "停保", "inactive"), ("statuses", "退出", "inactive"),
      ("statuses", "注销", "inactive"), ("statuses", "死亡", "dead"),
      ("support_modes", "集中供养", "institutional"), ("support_modes", "机构养育", "institutional"),
      ("support_modes", "分散供养", "home"), ("support_modes", "社会散居", "home"),
      ("hardship", "低保", "minimum-living"), ("hardship", "特困", "extremely-poor"),
      ("hardship", "低收入", "low-income"), ("hardship", "无", "none"),
      ("disability_types", "视力", "1"), ("disability_types", "听力", "2"),
      ("disability_types", "言语", "3"), ("disability_types", "肢体", "4"),
      ("disability_types", "智力", "5"), ("disability_types", "精神", "6"),
      ("disability_types", "多重", "7"), ("disability_types", "视力残疾", "1"),
      ("disability_types", "1", "1"), ("disability_types", "7", "7"),
      ("disability_grades", "一级", "1"), ("disability_grades", "二级", "2"),
      ("disability_grades", "三级", "3"), ("disability_grades", "四级", "4"),
      ("disability_grades", "一", "1"), ("disability_grades", "四", "4"),
      ("disability_grades", "1", "1"), ("disability_grades", "4", "4"),
      ("disability_grades", "1级", "1"), ("disability_grades", "贰级", "2"),
      ("sexes", "男", "male"), ("sexes", "女", "female"), ("sexes", "M", "male"),
      ("sexes", "F", "female"), ("sexes", "1", "male"), ("sexes", "2", "female"),
    ]
    for (kind, word, expected) in contract {
      #expect(meaning(of: word, in: kind) == expected, "\(kind).\(word)")
    }
  }

  @Test func valuesOutsideTheVocabularyAreUnrecognizedNotBlank() {
    #expect(normalizer.sex("男孩") == .unrecognized)
    #expect(normalizer.status("在保中") == .unrecognized)
    #expect(normalizer.disabilityGrade("五级") == .unrecognized)
    #expect(normalizer.disabilityGrade("0") == .unrecognized)
    #expect(normalizer.disabilityType("8") == .unrecognized)
    #expect(normalizer.hardship("困难") == .unrecognized)
    #expect(normalizer.supportMode("寄养") == .unrecognized)
    #expect(normalizer.sex("") == .blank)
    #expect(normalizer.sex(" \u{3000}") == .blank)
  }

  @Test func aCountysWordsAreRecognizedOnlyWithItsRules() throws {
    let xihe = FieldNormalizer(rules: try RuleBook.load(RepoPaths.path("Rules/xihe-county.yml")))
    #expect(xihe.status("暂停") == .value(.inactive))
    #expect(normalizer.status("暂停") == .unrecognized)
    #expect(xihe.categories("农村特困").categories == [.extremelyPoor])
  }
}
