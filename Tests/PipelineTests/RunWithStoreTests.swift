import Emit
import Foundation
import Pipeline
import RosterCore
import RunStore
import Testing
import TestSupport

/// `run --store`: the run is recorded, discrepancies against the previous run are reported, and
/// the store and the outputs change together or not at all.
@Suite(.serialized) struct RunWithStoreTests {
  func options(out: String, store: String, asOf: CalendarDate) -> RunOptions {
    let root = RepoPaths.root.path
    return RunOptions(
      rulesPath: root + "/Rules/xihe-county.yml", asOf: asOf,
      civil: [root + "/SampleData/civil-affairs-xihe.csv"],
      disability: [root + "/SampleData/disability-xihe.xml"],
      deaths: [root + "/SampleData/deaths-xihe.csv"], out: out, store: store)
  }

  @Test func aSecondRunReportsWhatChanged() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let store = dir.file("runs.sqlite").path
    let first = try RunPipeline(
      options: options(out: dir.file("a").path, store: store, asOf: CalendarDate(year: 2026, month: 11, day: 26)!)
    ).run()
    #expect(first.discrepancyCount == nil, "nothing to compare the first run with")
    #expect(first.summary.parameters.runID == "1")
    #expect(!FileManager.default.fileExists(atPath: dir.file("a/discrepancies.csv").path))

    // Two days later 赵宁 (born 2008-11-27) has turned 18.
    let second = try RunPipeline(
      options: options(out: dir.file("b").path, store: store, asOf: CalendarDate(year: 2026, month: 11, day: 28)!)
    ).run()
    #expect(second.summary.parameters.runID == "2")
    let csv = try String(contentsOf: dir.file("b/discrepancies.csv"), encoding: .utf8)
    #expect(csv.contains("unit-removed"))
    #expect(csv.contains("赵宁"))
    #expect(csv.contains("aged-out"))
    #expect((second.discrepancyCount ?? 0) >= 1)
    let html = try String(contentsOf: dir.file("b/report.html"), encoding: .utf8)
    #expect(html.contains("Changes since run 1"))
    let mode = try FileManager.default.attributesOfItem(atPath: store)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    #expect(try RunStore(path: store).runs().count == 2)
    // The store's steps are timed apart; comparing only when there is a previous run.
    let stages = { (run: RunOutcome) in run.summary.timings.map(\.stage) }
    #expect(stages(first).suffix(3) == [
      "finish hashing the input files", "prepare the run for the store", "record in the run store",
    ])
    #expect(stages(second).last == "compare with the previous run")
    // The inputs' hashes (computed while deduplicating) are those of the files.
    let inputs = try RunStore(path: store).run(RunID(2))?.inputs ?? []
    let expected = try [
      "SampleData/civil-affairs-xihe.csv", "SampleData/disability-xihe.xml", "SampleData/deaths-xihe.csv",
    ].map { SHA256.hex(try Data(contentsOf: RepoPaths.path($0))) }
    #expect(inputs.map(\.sha256) == expected)

    // The report of run 2 re-rendered from the store alone matches the one the run wrote.
    let rerendered = try Commands.report(store: store, run: "2", out: dir.file("again").path)
    let again = try String(contentsOfFile: rerendered, encoding: .utf8)
    #expect(again == html)
  }

  @Test func aFailedRunChangesNeitherTheStoreNorTheOutputs() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let store = dir.file("runs.sqlite").path
    let asOf = CalendarDate(year: 2026, month: 11, day: 26)!
    _ = try RunPipeline(options: options(out: dir.file("a").path, store: store, asOf: asOf)).run()
    var failing = RunPipeline(options: options(out: dir.file("b").path, store: store, asOf: asOf))
    failing.beforeDeduplication = { $0.removeLast() }
    #expect(throws: RunError.self) { try failing.run() }
    #expect(try RunStore(path: store).runs().count == 1)
    #expect(!FileManager.default.fileExists(atPath: dir.file("b/ledger.csv").path))
  }
}
