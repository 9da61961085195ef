import Emit
import Foundation
import RosterCore

#if canImport(Glibc)
  import Glibc
#endif

/// Prints a run's progress on standard error: stage lines unless quiet, and a live
/// records-read line only when standard error is a terminal. Never prints an ID number.
public final class StderrProgress: RunProgress, @unchecked Sendable {
  let quiet: Bool
  let terminal: Bool
  private var lastLength = 0
  /// Files are processed on several threads; lines must not interleave.
  private let lock = NSLock()

  public init(quiet: Bool) {
    self.quiet = quiet
    terminal = isatty(STDERR_FILENO) == 1
  }

  public func stage(_ message: String) {
    guard !quiet else { return }
    lock.lock()
    defer { lock.unlock() }
    clearLine()
    FileHandle.standardError.write(Data("rostercheck: \(IDMask.scrub(message))\n".utf8))
  }

  public func reading(file: String, records: Int) {
    guard terminal, !quiet else { return }
    lock.lock()
    defer { lock.unlock() }
    let text = "  reading \(file): \(records) records"
    clearLine()
    FileHandle.standardError.write(Data(("\r" + text).utf8))
    lastLength = text.count
  }

  private func clearLine() {
    guard terminal, lastLength > 0 else { return }
    FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: lastLength) + "\r").utf8))
    lastLength = 0
  }
}

extension Commands {
  /// `rostercheck run`: runs the pipeline and returns the text for standard output and the
  /// exit status (see ``ExitStatus``).
  public static func run(_ options: RunOptions, quiet: Bool) throws -> (text: String, status: Int32) {
    let progress = StderrProgress(quiet: quiet)
    let outcome = try RunPipeline(options: options, progress: progress).run()
    let c = outcome.summary.counts
    let d = c.byDisposition
    var text = """
      \(c.records) records: \(d["paired"] ?? 0) paired, \(d["merged"] ?? 0) merged, \(d["excluded"] ?? 0) excluded, \(d["rejected"] ?? 0) rejected
      \(c.units) pairing units (\(c.unitsByType["person"] ?? 0) persons, \(c.unitsByType["household"] ?? 0) households, \(c.subjects) subjects), \(c.unitsNeedingReview) to review
      outputs in \(outcome.outputDirectory)

      """
    var status = ExitStatus.success
    if let n = outcome.discrepancyCount {
      text += "\(n) discrepancies against the previous run\n"
      if n > 0 && options.failOnDiscrepancy { status = .discrepancies }
    }
    return (text, status.rawValue)
  }

  /// Parses `--as-of` (`YYYY-MM-DD`); nil means today (the machine's local date).
  public static func referenceDate(_ text: String?) throws -> CalendarDate {
    guard let text else { return today() }
    guard let date = CalendarDate(iso: text) else {
      throw RunError("--as-of \(text): expected a date as YYYY-MM-DD, e.g. 2026-11-26")
    }
    return date
  }
}
