import Foundation

/// A named benchmark: `run` does the work once and returns how many items it processed
/// (IDs, rows, records, bytes…), which the harness turns into a rate.
struct Benchmark {
  var name: String
  var unit: String
  var summary: String
  var run: (_ arguments: [String]) throws -> Int
}

/// Measures one benchmark: wall time, items per second, peak resident memory of the process.
enum Harness {
  static func measure(_ benchmark: Benchmark, arguments: [String], repetitions: Int) throws {
    var best = Double.infinity
    var items = 0
    for _ in 0..<max(1, repetitions) {
      let start = DispatchTime.now().uptimeNanoseconds
      items = try benchmark.run(arguments)
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
      best = min(best, seconds)
    }
    let rate = Double(items) / best
    print(
      String(
        format: "%@: %d %@ in %.3f s = %@ %@/s, peak RSS %.1f MB", benchmark.name, items,
        benchmark.unit, best, formatRate(rate), benchmark.unit, peakResidentMegabytes()))
  }

  static func formatRate(_ rate: Double) -> String {
    if rate >= 1e6 { return String(format: "%.2fM", rate / 1e6) }
    if rate >= 1e3 { return String(format: "%.1fk", rate / 1e3) }
    return String(format: "%.1f", rate)
  }

  /// User and system CPU time of this process (every thread), in seconds.
  static func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
  }

  /// Peak resident set size of this process (ru_maxrss is in KiB on Linux).
  static func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }
}
