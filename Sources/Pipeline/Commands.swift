import RosterCore

/// Entry points for the `rostercheck` subcommands. The executable only parses arguments and
/// calls these.
public enum Commands {
  /// The text of `rostercheck codes`: the catalog as Markdown, or as CSV.
  public static func reasonCodes(markdown: Bool) -> String {
    if markdown { return ReasonCatalog.markdown() }
    return ReasonCatalog.csvRows().map { row in
      row.map(CSVText.escape).joined(separator: ",")
    }.joined(separator: "\n") + "\n"
  }
}
