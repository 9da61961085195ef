import RosterCore
@testable import SampleGen

/// Data sets generated once and shared by the tests.
enum Generated {
  struct Set: Sendable {
    let generator: SampleGenerator
    let counties: [CountyResult]
    let final: FinalResult

    var stats: SampleStats {
      var s = SampleStats()
      for c in counties { s.add(c.stats) }
      s.add(final.stats)
      return s
    }

    /// Every file, by path.
    var files: [String: [UInt8]] {
      var out: [String: [UInt8]] = [:]
      for c in counties { for f in c.files { out[f.path] = f.bytes } }
      for f in final.files { out[f.path] = f.bytes }
      return out
    }

    var truthRecords: [UInt8] {
      var out = Array(SampleGenerator.truthHeader.utf8)
      for c in counties { out += c.truthRows }
      return out + final.truthRows
    }
  }

  static func make(subjects: Int, counties: Int, seed: UInt64, province: Int = 62) throws -> Set {
    let generator = try SampleGenerator(
      options: SampleOptions(subjects: subjects, seed: seed, counties: counties, province: province))
    let results = try (0..<generator.countyCount).map { try generator.county($0) }
    return Set(generator: generator, counties: results, final: generator.finish(results.map(\.summary)))
  }

  /// Four counties (the fourth with its ID column damaged by Excel), about 30,000 records.
  static let four: Set = try! make(subjects: 1_500, counties: 4, seed: 9)
}
