import Deduplicate
import Emit
import Foundation
import Pipeline
import RosterCore
import Testing
import TestSupport

@Suite(.serialized) struct RunPipelineTests {
  func options(out: String) -> RunOptions {
    let root = RepoPaths.root.path
    return RunOptions(
      rulesPath: root + "/Rules/xihe-county.yml", asOf: CalendarDate(year: 2026, month: 11, day: 26)!,
      civil: [root + "/SampleData/civil-affairs-xihe.csv"],
      disability: [root + "/SampleData/disability-xihe.xml"],
      deaths: [root + "/SampleData/deaths-xihe.csv"], out: out)
  }

  @Test func dispositionsSumToTheRecordsReadPerFile() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let outcome = try RunPipeline(options: options(out: dir.file("out").path)).run()
    let counts = outcome.summary.counts
    #expect(counts.byDisposition.values.reduce(0, +) == counts.records)
    for input in outcome.summary.inputs {
      #expect(input.byDisposition.values.reduce(0, +) == input.records, "\(input.file)")
    }
    #expect(counts.records == 70)
  }

  /// A stage that drops a record must stop the run before anything is written.
  @Test func theConservationCheckStopsARunThatLostARecord() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let out = dir.file("out")
    // An earlier run's outputs are there and must survive untouched.
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    try "earlier ledger".write(to: out.appendingPathComponent("ledger.csv"), atomically: true, encoding: .utf8)
    var pipeline = RunPipeline(options: options(out: out.path))
    pipeline.beforeDeduplication = { records in records.remove(at: 17) }
    #expect {
      try pipeline.run()
    } throws: { error in
      "\(error)".contains("records were lost") && "\(error)".contains("civil-affairs-xihe.csv: 50 records read, 49 in the ledger")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["ledger.csv"])
    #expect(try String(contentsOf: out.appendingPathComponent("ledger.csv"), encoding: .utf8) == "earlier ledger")
  }

  @Test func conservationComparesEveryFile() {
    #expect(throws: RunError.self) {
      try Conservation.check(
        readCounts: ["a.csv": 3, "b.xml": 2], records: [],
        result: Deduplicator().run([VerifiedRecord]()))
    }
  }

  /// Records are counted per file wherever they are, not only in runs of one file.
  @Test func conservationCountsFilesThatComeBackInterleaved() throws {
    let records = ["a.csv", "b.xml", "a.csv", "a.csv", "b.xml"].enumerated().map { line, file in
      VerifiedRecord(SubjectRecord(provenance: Provenance(source: .civilAffairs, file: file, line: line + 2)))
    }
    let result = Deduplicator().run(records)
    try Conservation.check(readCounts: ["a.csv": 3, "b.xml": 2], records: records, result: result)
    #expect(throws: RunError.self) {
      try Conservation.check(readCounts: ["a.csv": 2, "b.xml": 3], records: records, result: result)
    }
  }

  @Test func aSecondRunReplacesTheFirstWholeFiles() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let out = dir.file("out").path
    _ = try RunPipeline(options: options(out: out)).run()
    let first = try String(contentsOfFile: out + "/ledger.csv", encoding: .utf8)
    var again = options(out: out)
    again.asOf = CalendarDate(year: 2027, month: 6, day: 1)!
    _ = try RunPipeline(options: again).run()
    let second = try String(contentsOfFile: out + "/ledger.csv", encoding: .utf8)
    #expect(first != second, "the later reference date ages children out")
    #expect(try FileManager.default.contentsOfDirectory(atPath: out).count == 6)
  }

  @Test func aMissingInputFileIsAClearError() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    var o = options(out: dir.file("out").path)
    o.civil = ["/nonexistent/民政.csv"]
    #expect { try RunPipeline(options: o).run() } throws: { "\($0)".contains("/nonexistent/民政.csv") }
    #expect(!FileManager.default.fileExists(atPath: dir.file("out/ledger.csv").path))
  }

  @Test func aBrokenRulesFileNamesTheFileAndKey() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let rules = dir.file("bad.yml")
    try "extends: \(RepoPaths.root.path)/Rules/baseline.yml\neligibility:\n  child_age_limit: eighteen\n"
      .write(to: rules, atomically: true, encoding: .utf8)
    var o = options(out: dir.file("out").path)
    o.rulesPath = rules.path
    #expect { try RunPipeline(options: o).run() } throws: {
      "\($0)".contains("bad.yml") && "\($0)".contains("child_age_limit")
    }
  }

  @Test func theJurisdictionOptionOverridesTheRules() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    var o = options(out: dir.file("out").path)
    o.jurisdiction = "礼县"
    let outcome = try RunPipeline(options: o).run()
    #expect(outcome.summary.parameters.jurisdiction == "礼县")
    #expect((outcome.summary.counts.byReason["OUTSIDE_JURISDICTION"] ?? 0) > 30)
  }

  @Test func jurisdictionArgumentsAreCodesOrNames() throws {
    #expect(throws: RunError.self) { try RunPipeline.jurisdictionForTesting("62122") }
    let j = try RunPipeline.jurisdictionForTesting("621225, 西和县")
    #expect(j.codes == ["621225"] && j.names == ["西和县"])
  }
}

/// One roster file is read on one thread with batches verified on the others; several files
/// are processed one per core. Both paths must give the same ledger.
@Suite(.serialized) struct ParallelPathTests {
  @Test func oneFileAndSeveralFilesGiveTheSameLedgerRows() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let root = RepoPaths.root.path
    let civil = root + "/SampleData/civil-affairs-xihe.csv"
    let extra = dir.file("extra.csv").path
    try "姓名,身份证号,对象类别,县区\n外人,\(SyntheticID.make(birth: "20150101", sequence: "555")),孤儿,西和县\n"
      .write(toFile: extra, atomically: true, encoding: .utf8)
    func ledger(_ files: [String], _ out: String) throws -> [Substring] {
      let options = RunOptions(
        rulesPath: root + "/Rules/xihe-county.yml", asOf: CalendarDate(year: 2026, month: 11, day: 26)!,
        civil: files, out: dir.file(out).path)
      _ = try RunPipeline(options: options).run()
      let text = try String(contentsOf: dir.file(out).appendingPathComponent("ledger.csv"), encoding: .utf8)
      return text.split(separator: "\r\n").filter { $0.contains("civil-affairs-xihe.csv") }
    }
    let single = try ledger([civil], "one")
    let several = try ledger([civil, extra], "two")
    #expect(single.count == 50)
    #expect(single == several)
  }
}
