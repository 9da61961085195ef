import Ingest
import RosterCore
import RuleBook
import Testing

@testable import SampleGen

@Suite struct GroundTruthTests {
  /// Truth lines per file, in file order.
  static func truthLines(_ set: Generated.Set) -> [String: [Int]] {
    var out: [String: [Int]] = [:]
    let text = String(decoding: set.truthRecords, as: UTF8.self)
    for row in text.split(separator: "\n").dropFirst() {
      let f = row.split(separator: ",", omittingEmptySubsequences: false)
      out[String(f[0]), default: []].append(Int(f[1])!)
    }
    return out
  }

  @Test func everyInputRecordHasExactlyOneTruthRowAtItsLine() throws {
    let set = Generated.four
    let truth = GroundTruthTests.truthLines(set)
    let matcher = HeaderMatcher(rules: RuleBook.baseline())
    var total = 0
    for (path, bytes) in set.files where !path.hasPrefix("ground-truth/") {
      let source: SourceKind =
        path.hasPrefix("civil") ? .civilAffairs : path.hasPrefix("disability") ? .disability : .deaths
      let reader = try RosterReader(bytes: bytes, file: path, source: source, matcher: matcher)
      var lines: [Int] = []
      while let r = try reader.next() { lines.append(r.provenance.line) }
      #expect(lines == truth[path], "\(path): the reader's record lines differ from the ground truth")
      total += lines.count
    }
    #expect(total == set.stats.records)
    #expect(truth.values.reduce(0) { $0 + $1.count } == total)
  }

  @Test func xmlTruthLinesAreRecordStartTags() throws {
    let set = Generated.four
    let truth = GroundTruthTests.truthLines(set)
    for (path, bytes) in set.files where path.hasSuffix(".xml") {
      let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
      for l in truth[path] ?? [] {
        let text = lines[l - 1]
        #expect(text.hasPrefix("  <") && !text.hasPrefix("  </") && !text.hasPrefix("    "), "\(path):\(l)")
      }
    }
  }

  @Test func csvTruthLinesAreNeitherTheHeaderNorBlank() throws {
    let set = Generated.four
    let truth = GroundTruthTests.truthLines(set)
    for c in set.generator.layout.counties {
      let path = SampleGenerator.civilPath(c.code)
      let planner = set.generator.plan(county: c.index)
      let (text, lines) = CountyRenderer(plan: planner).civilCSV()
      #expect(lines.map(Int.init) == truth[path])
      let physical = text.split(separator: 0x0A, omittingEmptySubsequences: false)
      for l in lines {
        #expect(l >= 2 && Int(l) <= physical.count)
        guard Int(l) <= physical.count else { continue }
        #expect(physical[Int(l) - 1].contains { $0 != 0x0D }, "\(path):\(l) is blank")
      }
      // Blank lines are physical lines no record starts on.
      let blank = physical.enumerated().filter { $0.element.allSatisfy { $0 == 0x0D } }.map { $0.offset + 1 }
      #expect(Set(blank).isDisjoint(with: lines.map(Int.init)))
      #expect(blank.count >= planner.blankLinesBefore.count)
    }
  }

  @Test func probableDuplicatePairsPointAtRecordsOfTheTruth() throws {
    let set = Generated.four
    let truth = GroundTruthTests.truthLines(set)
    let pairs = set.files["ground-truth/probable-duplicates.csv"]!
    let rows = String(decoding: pairs, as: UTF8.self).split(separator: "\n")
    #expect(rows.first == "file_a,line_a,file_b,line_b,kind")
    #expect(rows.count > 10)
    for row in rows.dropFirst() {
      let f = row.split(separator: ",")
      #expect(f.count == 5)
      #expect(truth[String(f[0])]?.contains(Int(f[1])!) == true)
      #expect(truth[String(f[2])]?.contains(Int(f[3])!) == true)
      #expect(["PROBABLE_DUP_ID_TYPO", "PROBABLE_DUP_SAME_NAME_BIRTH_VILLAGE", "PROBABLE_DUP_CORRECTED_ID"].contains(String(f[4])))
    }
  }

  @Test func dispositionsAreConsistentPerPerson() throws {
    // Within one true person: at most one paired record per normalized ID; merged only with a
    // paired record of the same file set.
    let text = String(decoding: Generated.four.truthRecords, as: UTF8.self)
    var paired: [String: Int] = [:]
    var merged: [String: Int] = [:]
    for row in text.split(separator: "\n").dropFirst() {
      let f = row.split(separator: ",", omittingEmptySubsequences: false)
      if f[3] == "paired" { paired[String(f[2]), default: 0] += 1 }
      if f[3] == "merged" { merged[String(f[2]), default: 0] += 1 }
    }
    for (person, _) in merged where !person.isEmpty {
      #expect(paired[person] != nil, "\(person) has merged records but none paired")
    }
  }
}

