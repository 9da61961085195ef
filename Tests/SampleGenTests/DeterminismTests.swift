import RosterCore
import Testing

@testable import SampleGen

@Suite struct DeterminismTests {
  @Test func theSameSeedWritesTheSameBytes() throws {
    let a = try Generated.make(subjects: 300, counties: 2, seed: 42)
    let b = try Generated.make(subjects: 300, counties: 2, seed: 42)
    #expect(a.files.keys.sorted() == b.files.keys.sorted())
    for (path, bytes) in a.files { #expect(bytes == b.files[path], "\(path) differs") }
    #expect(a.truthRecords == b.truthRecords)
  }

  @Test func countiesDoNotDependOnTheOrderTheyAreGeneratedIn() throws {
    let generator = try SampleGenerator(options: SampleOptions(subjects: 300, seed: 42, counties: 2))
    let forward = try [generator.county(0), generator.county(1)]
    let backward = try [generator.county(1), generator.county(0)]
    #expect(forward[0].files.map(\.bytes) == backward[1].files.map(\.bytes))
    #expect(forward[1].truthRows == backward[0].truthRows)
  }

  @Test func anotherSeedWritesOtherData() throws {
    let a = try Generated.make(subjects: 300, counties: 1, seed: 1)
    let b = try Generated.make(subjects: 300, counties: 1, seed: 2)
    #expect(a.files["civil-affairs/621225.csv"] != b.files["civil-affairs/621225.csv"])
    #expect(a.files["disability/621225.xml"] != b.files["disability/621225.xml"])
    #expect(a.truthRecords != b.truthRecords)
  }

  @Test func theReferenceDateMovesAgesAndDeaths() throws {
    let g1 = try SampleGenerator(options: SampleOptions(subjects: 300, seed: 5, counties: 1))
    let g2 = try SampleGenerator(
      options: SampleOptions(subjects: 300, seed: 5, counties: 1, asOf: CalendarDate(year: 2030, month: 1, day: 1)!))
    #expect(try g1.county(0).truthRows != g2.county(0).truthRows)
  }
}
