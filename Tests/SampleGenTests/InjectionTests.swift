import Testing

@testable import SampleGen

@Suite struct InjectionTests {
  @Test func everyKindOfProblemOccursInASmallDataSet() {
    let stats = Generated.four.stats
    for tag in Tag.allCases {
      #expect(stats.count(tag) > 0, "no record tagged \(tag.name)")
    }
  }

  @Test func theCompositionFollowsTheRequestedSubjects() {
    let s = Generated.four.stats
    // N = 1,500 eligible subjects; about 20 records each, most of them not eligible.
    #expect(s.subjects > 1_200 && s.subjects < 1_800, "\(s.subjects) subjects")
    #expect(s.records > 25_000 && s.records < 40_000, "\(s.records) records")
    #expect(s.count(.excluded) > 20 * s.count(.paired) / 2)
    #expect(s.count(.paired) == s.subjects)
    #expect(s.deathRecords > 0 && s.deathRecords < s.records / 50)
  }

  @Test func theDamagedCountyLostMostOfItsIDs() {
    let damaged = Generated.four.counties[3]
    let rows = String(decoding: damaged.truthRows, as: UTF8.self).split(separator: "\n")
      .filter { $0.hasPrefix("civil-affairs/") }
    let rejected = rows.filter { $0.contains(",rejected,") }
    #expect(rows.allSatisfy { $0.contains("id-excel-column-damaged") })
    #expect(rejected.count > rows.count / 2, "\(rejected.count) of \(rows.count)")
  }

  @Test func tagNamesAreKebabCase() {
    #expect(Tag.idNBSP.name == "id-nbsp")
    #expect(Tag.certIDMismatch.name == "cert-id-mismatch")
    #expect(Tag.idOtherID.name == "id-other-id")
    #expect(Tag.sTekun.name == "s-tekun")
    #expect(Set(Tag.allCases.map(\.name)).count == Tag.allCases.count)
  }
}
