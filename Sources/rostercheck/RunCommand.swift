import ArgumentParser
import Pipeline

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Verify rosters and write the pairing roster, ledger, findings, duplicates, summary and report.",
    discussion: """
      Each input option may repeat (one file per township is normal). Exit status: 0 success;
      1 failure (nothing written, store unchanged); 3 discrepancies found with --fail-on-discrepancy;
      64 bad arguments.
      """)

  @Option(help: "The rules file, e.g. Rules/xihe-county.yml.")
  var rules: String

  @Option(name: .customLong("as-of"), help: "Reference date YYYY-MM-DD for ages and deaths (default: today).")
  var asOf: String?

  @Option(help: "County code(s) or name(s), comma-separated, overriding the rules' jurisdiction.")
  var jurisdiction: String?

  @Option(parsing: .upToNextOption, help: "Civil-affairs (民政) roster files, CSV or XML.")
  var civil: [String] = []

  @Option(parsing: .upToNextOption, help: "Disability-federation (残联) roster files, XML or CSV.")
  var disability: [String] = []

  @Option(parsing: .upToNextOption, help: "Deaths / household-cancellation lists.")
  var deaths: [String] = []

  @Option(help: "Output folder (created owner-only; an earlier run's outputs are replaced whole).")
  var out: String

  @Option(help: "SQLite run store: record this run and report discrepancies against the previous one.")
  var store: String?

  @Flag(help: "Exit with status 3 when discrepancies against the previous run are found.")
  var failOnDiscrepancy = false

  @Option(help: "Force the CSV encoding: utf-8, gb18030, utf-16le, utf-16be (default: detect).")
  var encoding: String?

  @Flag(help: "No progress or log lines on standard error (for schedulers).")
  var quiet = false

  func run() throws {
    let options = RunOptions(
      rulesPath: rules, asOf: try Commands.referenceDate(asOf), jurisdiction: jurisdiction,
      civil: civil, disability: disability, deaths: deaths, out: out, store: store,
      failOnDiscrepancy: failOnDiscrepancy, encoding: encoding)
    let (text, status) = try Commands.run(options, quiet: quiet)
    print(text, terminator: "")
    if status != 0 { throw ExitCode(status) }
  }
}
