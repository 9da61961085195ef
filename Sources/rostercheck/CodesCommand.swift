import ArgumentParser
import Pipeline

struct CodesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "codes",
    abstract: "Print the reason-code catalog (severity, effect, meaning, what to do).")

  @Flag(help: "Print the catalog as Markdown (the text of docs/reason-codes.md).")
  var markdown = false

  func run() throws {
    print(Commands.reasonCodes(markdown: markdown), terminator: "")
  }
}
