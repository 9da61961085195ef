import ArgumentParser
import Pipeline

struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show how roster files read: encoding, dialect, header → field mapping, rejected rows.",
    discussion: """
      Run this first on a file you were sent. For each file it prints the detected encoding and
      CSV dialect (or XML record element), how every column maps to a contract field, the
      unknown columns (kept, not checked), the number of records and the rows that could not be
      read, with their line numbers and reasons. Exit status 1 when a file cannot be read at all
      (for example, no column maps to id_number).
      """)

  @Argument(help: "Roster files (CSV, tab-separated text or XML).")
  var files: [String]

  @Flag(help: "Print JSON for scripts.")
  var json = false

  @Option(help: "The roster the files belong to: civil, disability or deaths (default: guessed from the columns).")
  var source: String?

  @Option(help: "The files' encoding: utf-8, gb18030 (also gbk), utf-16le, utf-16be (default: detected).")
  var encoding: String?

  @Option(help: "A rules file with the header aliases (default: the built-in baseline).")
  var rules: String?

  func run() throws {
    let output: Commands.InspectOutput
    do {
      let ruleSet = try Commands.rulesForInspect(path: rules)
      output = try Commands.inspect(
        files: files, rules: ruleSet, json: json, sourceArgument: source, encodingArgument: encoding)
    } catch let error as Commands.InspectError {
      throw ValidationError(error.description)
    }
    print(output.text, terminator: "")
    if output.exitCode != 0 { throw ExitCode(output.exitCode) }
  }
}
