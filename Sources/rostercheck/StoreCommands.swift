import ArgumentParser
import Pipeline

struct HistoryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "history",
    abstract: "List the runs recorded in a run store.")

  @Option(help: "The run store (SQLite file) that `run --store` records into.")
  var store: String

  func run() throws {
    print(try Commands.history(store: store), terminator: "")
  }
}

struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Write the discrepancies between two runs of a run store (discrepancies.csv).",
    discussion: """
      With no run named, compares the latest run with the previous run of the same \
      jurisdiction; with RUN_A only, compares run A with the latest run of its jurisdiction.
      Writes only discrepancies.csv into --out (default: the current folder), replacing an \
      earlier one; prints a summary.

      Exit status: 0 success (no discrepancies, or --fail-on-discrepancy not given); \
      1 failure; 3 discrepancies found with --fail-on-discrepancy; 64 wrong command line.
      """)

  @Option(help: "The run store (SQLite file) that `run --store` records into.")
  var store: String

  @Argument(help: "The earlier run's number (see `history`).")
  var runA: String?

  @Argument(help: "The later run's number.")
  var runB: String?

  @Option(help: "Folder to write discrepancies.csv into (created owner-only when missing).")
  var out: String?

  @Flag(help: "Exit with status 3 when there are discrepancies (for schedulers).")
  var failOnDiscrepancy = false

  func run() throws {
    let outcome = try Commands.diff(
      store: store, from: runA, to: runB, out: out, failOnDiscrepancy: failOnDiscrepancy)
    print(outcome.text, terminator: "")
    if outcome.status != .success { throw ExitCode(outcome.status.rawValue) }
  }
}

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Re-render a recorded run's report.html from the run store alone (no input files).",
    discussion: """
      Includes the changes against the previous run of the same jurisdiction. Writes only \
      report.html into --out (created owner-only when missing).
      """)

  @Option(help: "The run store (SQLite file) that `run --store` records into.")
  var store: String

  @Argument(help: "The run's number (see `history`; default: the latest).")
  var runNumber: String?

  @Option(help: "Folder to write report.html into.")
  var out: String

  func run() throws {
    let file = try Commands.report(store: store, run: runNumber, out: out)
    print("Wrote \(file).")
  }
}
