import ArgumentParser
import Foundation
import Pipeline
import RosterCore

struct SampleCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sample",
    abstract: "Generate synthetic rosters of a province with their ground truth (for tests and benchmarks).",
    discussion: """
      Writes one civil-affairs CSV and one disability XML per county, a deaths list, rules.yml
      (the baseline with the generated counties as jurisdiction), ground-truth/records.csv (the
      expected disposition and the planted problems of every input record),
      ground-truth/probable-duplicates.csv and sample.json. About 20 records per subject: a
      province is --subjects 300000 (about 6 million records). The same --seed writes the same
      bytes. Verify the data with the `rostercheck run` command printed at the end.
      """)

  @Option(help: "Output folder (new, empty, or an earlier sample's).")
  var out: String

  @Option(help: "Eligible pairing subjects to generate (about 20 records each).")
  var subjects: Int

  @Option(help: "Random seed: the same seed gives the same files.")
  var seed: UInt64 = 1

  @Option(help: "Number of counties (default: every county of the province; Gansu starts with Xihe County).")
  var counties: Int?

  @Option(help: "Two-digit province code.")
  var province: Int = 62

  @Option(name: .customLong("as-of"), help: "Reference date YYYY-MM-DD the ground truth assumes (pass the same to run).")
  var asOf: String = "2026-11-26"

  @Option(help: "Worker threads (default: the number of processors).")
  var workers: Int?

  @Flag(help: "No progress lines on standard error.")
  var quiet = false

  func run() throws {
    guard let date = CalendarDate(iso: asOf) else {
      throw ValidationError("--as-of \(asOf): expected a date as YYYY-MM-DD, e.g. 2026-11-26")
    }
    let options = SampleCommandOptions(
      out: out, subjects: subjects, seed: seed, counties: counties, province: province, asOf: date,
      workers: workers)
    let quiet = self.quiet
    let outcome = try Commands.sample(options) { line in
      if !quiet { FileHandle.standardError.write(Data("rostercheck: \(line)\n".utf8)) }
    }
    print(Commands.sampleReport(outcome), terminator: "")
  }
}
