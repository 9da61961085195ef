import RosterCore
import ArgumentParser
import Pipeline

#if canImport(Glibc)
  import Glibc
#endif

struct IDCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "id",
    abstract: "Check identity numbers, one per line: normalized form, validity, reasons.",
    discussion: """
      Reads one value per line (an 18-character or 15-digit ID, a residence permit, a foreign \
      permanent resident ID or a disability certificate number) from FILE, or from standard \
      input when FILE is omitted. Input may be UTF-8 or GB18030. Writes CSV to standard output:
        \(Commands.idCSVHeader)
      Reason codes are listed by `rostercheck codes`.
      """)

  @Argument(help: "The file to read (standard input when omitted).")
  var file: String?

  @Option(
    name: .customLong("as-of"),
    help: ArgumentHelp(
      "The reference date (YYYY-MM-DD): birth dates after it are rejected.",
      valueName: "DATE"))
  var asOf: String?

  @Flag(help: "Start the output with a UTF-8 byte-order mark, so that Excel reads it as UTF-8.")
  var bom = false

  @Option(help: "A rules file whose ID-column thresholds decide whether Excel damaged the column (default: the built-in baseline).")
  var rules: String?

  func validate() throws {
    if let asOf, CalendarDate(iso: asOf) == nil {
      throw ValidationError("--as-of \(asOf): not a date; write it as YYYY-MM-DD, e.g. 2026-01-31")
    }
  }

  func run() throws {
    let date = asOf.flatMap { CalendarDate(iso: $0) } ?? Commands.today()
    do {
      let idRules = try Commands.rulesForInspect(path: rules).idColumn
      let summary = try Commands.checkIDs(path: file, asOf: date, byteOrderMark: bom, rules: idRules)
      let name = file ?? "(standard input)"
      if let finding = summary.columnFinding {
        printError(
          "\(name): warning: \(finding.reason.code): \(finding.message). \(finding.reason.entry.action)"
        )
      }
      if summary.undecodable > 0 {
        printError(
          "\(name): warning: \(summary.undecodable) line(s) are neither UTF-8 nor GB18030 (\(Reason.rowEncoding.code)); re-save the file as UTF-8"
        )
      }
      printError(
        "\(name): \(summary.lines) lines, \(summary.valid) valid, \(summary.invalid) invalid")
    } catch let error as IDCommandError {
      printError("rostercheck id: \(error)")
      throw ExitCode.failure
    } catch let error as Commands.InspectError {
      printError("rostercheck id: \(error)")
      throw ExitCode.failure
    }
  }

  private func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { buf in _ = write(2, buf.baseAddress, buf.count) }
  }
}
