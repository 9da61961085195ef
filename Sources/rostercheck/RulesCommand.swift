import ArgumentParser
import Foundation
import Pipeline

/// `rostercheck rules …`: working with rules files.
struct RulesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rules",
    abstract: "Check rules files (Rules/*.yml).",
    subcommands: [RulesCheckCommand.self])
}

/// `rostercheck rules check FILE`.
struct RulesCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Validate a rules file (and what it extends) and print the effective rules.",
    discussion: """
      Prints the effective rules as a complete rules file (YAML) after a header naming the \
      files in extends order and their SHA-256. Exit status 0 when the file is valid; 1 with \
      the file, line, key and what was expected on standard error when it is not.
      """)

  @Argument(help: "The rules file, e.g. Rules/xihe-county.yml.")
  var file: String

  func run() throws {
    do {
      print(try Commands.rulesCheck(path: file), terminator: "")
    } catch {
      FileHandle.standardError.write(Data("error: \(error)\n".utf8))
      throw ExitCode(1)
    }
  }
}
