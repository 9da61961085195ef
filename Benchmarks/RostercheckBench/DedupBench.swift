import Deduplicate
import Foundation
import Pipeline
import RosterCore
import RuleBook

// Issue 5's figure: the Deduplicate stage alone on a generated data set's verified records.
//   Benchmarks/run.sh province                                   (generates the data once)
//   swift run -c release rostercheck-bench dedup [county|1m|province] [--repeat N]
// The records are read, normalized and verified once (a whole `rostercheck run`, outputs to a
// temporary folder), then `Deduplicator.run` is timed on them. Besides wall time it prints the
// process CPU time (both threads of the probable-duplicate search count) and the peak resident
// memory during deduplication, records included, next to what the records alone hold.

enum DedupBench {
  static var benchmark: Benchmark {
    Benchmark(
      name: "dedup", unit: "records",
      summary: "Deduplicator.run on a generated set's verified records (arg: county, 1m or province; default 1m)"
    ) { arguments in
      let set = arguments.first ?? "1m"
      let (records, rules) = try load(set)
      Allocator.releaseFreePages()  // as a run does before deduplicating
      let held = residentMegabytes()
      resetPeak()
      let cpuBefore = Harness.processCPUSeconds()
      let start = DispatchTime.now().uptimeNanoseconds
      let result = Deduplicator(eligibility: rules.eligibility).run(records)
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      print(
        String(
          format:
            "  dedup %@: %d records -> %d units, %d groups in %.2f s wall, %.2f s CPU; peak RSS %.0f MB during it (resident before: %.0f MB)",
          set, records.count, result.units.count, result.groups.count, seconds,
          Harness.processCPUSeconds() - cpuBefore, peakMegabytes(), held))
      return records.count
    }
  }

  nonisolated(unsafe) static var cached: (set: String, records: [VerifiedRecord], rules: Rules)?

  /// The verified records of `Benchmarks/data/<set>-seed1`, as a run hands them to deduplication.
  static func load(_ set: String) throws -> ([VerifiedRecord], Rules) {
    if let cached, cached.set == set { return (cached.records, cached.rules) }
    let data = "Benchmarks/data/\(set)-seed1"
    guard FileManager.default.fileExists(atPath: data + "/rules.yml") else {
      throw RunError("no data set in \(data): generate it first with Benchmarks/run.sh \(set)")
    }
    func files(_ folder: String) throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: "\(data)/\(folder)").sorted().map { "\(data)/\(folder)/\($0)" }
    }
    let out = NSTemporaryDirectory() + "rostercheck-dedup-bench-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: out) }
    var pipeline = RunPipeline(
      options: RunOptions(
        rulesPath: data + "/rules.yml", asOf: CalendarDate(year: 2026, month: 11, day: 26)!,
        civil: try files("civil-affairs"), disability: try files("disability"),
        deaths: try files("deaths"), out: out))
    nonisolated(unsafe) var captured: [VerifiedRecord] = []
    pipeline.beforeDeduplication = { records in captured = records }
    _ = try pipeline.run()
    let rules = try RuleBook.load(path: data + "/rules.yml")
    cached = (set, captured, rules)
    return (captured, rules)
  }

  /// A line of /proc/self/status in MB (kB there).
  static func status(_ key: String) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") })
    else { return 0 }
    return Double(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.flatMap { Double($0) } ?? 0) / 1024
  }

  static func residentMegabytes() -> Double { status("VmRSS") }
  static func peakMegabytes() -> Double { status("VmHWM") }

  /// Resets VmHWM to the current resident size (Linux: writing 5 to clear_refs).
  static func resetPeak() {
    if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
      handle.write("5".data(using: .utf8)!)
      try? handle.close()
    }
  }
}
