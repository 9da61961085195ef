import ArgumentParser
import Pipeline

/// The `rostercheck` command. Argument parsing only: every subcommand calls into `Pipeline`.
@main
struct Rostercheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rostercheck",
    abstract: "Re-verify pairing-care (结对关爱) rosters: IDs, eligibility, duplicates.",
    subcommands: [
      RunCommand.self,
      CodesCommand.self,
      IDCommand.self,
      RulesCommand.self,
      InspectCommand.self,
      HistoryCommand.self,
      DiffCommand.self,
      ReportCommand.self,
      SampleCommand.self,
    ])
}
