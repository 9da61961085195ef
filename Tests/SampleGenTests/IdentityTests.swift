import Normalize
import ResidentID
import RosterCore
import Testing

@testable import SampleGen

/// The ground truth's reading of every generated ID cell, certificate and name agrees with the
/// ID engine and the name normalizer (it is computed without them).
@Suite struct IdentityTests {
  @Test func checkCharactersAgreeWithTheEngine() {
    let engine = IDEngine(referenceDate: CalendarDate(year: 2026, month: 11, day: 26)!)
    var rng = SampleRandom(seed: 17)
    for _ in 0..<2_000 {
      let body = UInt64(621_225) * 100_000_000_000 + UInt64(19_500_101 + rng.below(500_000)) * 1000 + UInt64(rng.below(1000))
      let id = String(decoding: IDMath.text(body, IDMath.check(body)), as: UTF8.self)
      let parsed = engine.parse(id)
      #expect(parsed.isValid == IDMath.isValid(body, IDMath.check(body), asOf: engine.referenceDate), "\(id)")
    }
  }

  @Test func everyRecordsIDMeansWhatTheTruthSays() throws {
    let set = Generated.four
    let asOf = set.generator.options.asOf
    let engine = IDEngine(referenceDate: asOf)
    var checked = 0
    for county in set.generator.layout.counties {
      let planner = set.generator.plan(county: county.index)
      let renderer = CountyRenderer(plan: planner)
      let truth = TruthBuilder(
        renderer: renderer, jurisdiction: set.generator.jurisdiction, asOf: asOf, civilFile: 0, disabilityFile: 0,
        civilLines: [Int32](repeating: 0, count: planner.civil.count),
        disabilityLines: [Int32](repeating: 0, count: planner.disability.count), deadBodies: [])
      for r in planner.civil + planner.disability where r.broken == .none {
        // The CSV reader removes Excel's ="…" before the engine sees the value.
        let cell = r.artefact == .excelText ? renderer.idCore(r) : renderer.idCell(r)
        let parsed = engine.parse(String(decoding: cell, as: UTF8.self))
        let m = truth.meaning(r, at: RecordRef(source: r.source, file: 0, line: 0))
        #expect(parsed.isValid == m.valid, "\(String(decoding: cell, as: UTF8.self)) form \(r.idForm)")
        if parsed.isValid {
          #expect(parsed.normalized == String(decoding: IDMath.text(m.body, m.last), as: UTF8.self))
        }
        checked += 1
      }
    }
    #expect(checked > 20_000)
  }

  @Test func certificatesCarryTheDigitsTheTruthReads() throws {
    let set = Generated.four
    let engine = IDEngine(referenceDate: set.generator.options.asOf)
    let planner = set.generator.plan(county: 0)
    let renderer = CountyRenderer(plan: planner)
    for r in planner.disability {
      let cert = engine.parseCertificate(renderer.certCell(r))
      if let digits = renderer.certDigits(r) {
        #expect(cert.type == digits.type)
        #expect(cert.grade == digits.grade)
      } else {
        #expect(cert.isEmpty)
      }
    }
  }

  @Test func nameSpellingsShareTheirKey() {
    for (simplified, traditional) in NamePools.traditional {
      #expect(NameNormalizer.normalize(String(traditional)).key == String(simplified), "\(traditional)")
    }
    let pool = NamePools.surnames.map(\.0) + (NamePools.maleOld + NamePools.maleNew + NamePools.femaleOld + NamePools.femaleNew).map { String($0) }
    for name in pool { #expect(NameNormalizer.normalize(name).key == name, "\(name)") }
    for name in NamePools.dotted {
      for v in NamePools.dotVariants {
        let variant = String(name.flatMap { $0 == "·" ? Array(v) : [$0] })
        #expect(NameNormalizer.normalize(variant).key == NameNormalizer.normalize(name).key, "\(variant)")
      }
      #expect(NameNormalizer.normalize(name).key == name)
    }
    #expect(NameNormalizer.normalize("张\u{3000}伟").key == "张伟")
  }

  @Test func xiheCarriesTheCodeInForceAtBirth() throws {
    let layout = try ProvinceLayout(province: 62, count: 1, seed: 1)
    let xihe = layout.counties[0]
    #expect(xihe.code == 621225 && xihe.name == "西和县")
    #expect(xihe.codes.map(\.code) == [622527, 622627, 621225])
    var rng = SampleRandom(seed: 1)
    #expect(xihe.code(forYear: 1950, rng: &rng) == 622527)
    #expect(xihe.code(forYear: 1984, rng: &rng) == 622527)
    #expect(xihe.code(forYear: 1990, rng: &rng) == 622627)
    #expect(xihe.code(forYear: 2010, rng: &rng) == 621225)
    #expect(layout.jurisdictionCodes == ["621225", "622527", "622627"])
    let jurisdiction = Jurisdiction(codes: layout.jurisdictionCodes, names: layout.jurisdictionNames)
    #expect(jurisdiction.contains(county: "西和县") && jurisdiction.contains(county: "西和"))
    #expect(layout.outside.allSatisfy { !jurisdiction.contains(county: $0.name) })
    #expect(layout.outside.contains { $0.name == "礼县" })
  }

  @Test func theWholeProvince() throws {
    let layout = try ProvinceLayout(province: 62, count: nil, seed: 1)
    #expect(layout.counties.count > 80)
    #expect(layout.counties[0].code == 621225)
    #expect(Set(layout.counties.map(\.code)).count == layout.counties.count)
    #expect(layout.counties.allSatisfy { !$0.name.isEmpty && !$0.codes.isEmpty })
  }

  @Test func anotherProvince() throws {
    let set = try Generated.make(subjects: 200, counties: 2, seed: 3, province: 61)
    #expect(set.generator.layout.counties.allSatisfy { $0.code / 10_000 == 61 })
    let selected = Set(set.generator.layout.counties.map(\.code))
    #expect(set.generator.layout.outside.allSatisfy { !selected.contains($0.code) })
    #expect(set.stats.subjects > 100)
  }
}

@Suite struct DeathEntryTests {
  @Test func deathsListIDsMeanWhatTheTruthSays() throws {
    let set = Generated.four
    let asOf = set.generator.options.asOf
    let engine = IDEngine(referenceDate: asOf)
    var checked = 0
    for county in set.generator.layout.counties {
      let planner = set.generator.plan(county: county.index)
      for e in planner.deaths {
        let p = planner.persons[Int(e.person)]
        let core = e.legacy15 ? IDMath.legacy15(p.body) : IDMath.text(p.body, p.check)
        let parsed = engine.parse(String(decoding: CountyRenderer.applyArtefact(e.artefact, to: core), as: UTF8.self))
        #expect(parsed.isValid == SampleGenerator.deathIDValid(e, planner, asOf))
        if parsed.isValid { #expect(parsed.normalized == String(decoding: IDMath.text(p.body, p.check), as: UTF8.self)) }
        checked += 1
      }
      // A permit has no 15-digit form.
      let permit = planner.persons.first { IDMath.region($0.body) / 10_000 == 83 || IDMath.region($0.body) / 10_000 == 81 || IDMath.region($0.body) / 10_000 == 82 }
      if let permit {
        #expect(!engine.parse(String(decoding: IDMath.legacy15(permit.body), as: UTF8.self)).isValid)
        #expect(!IDMath.isValidLegacy(permit.body, asOf: asOf))
      }
    }
    #expect(checked > 100)
  }
}
