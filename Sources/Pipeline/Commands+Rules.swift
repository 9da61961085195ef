import Foundation
import RosterCore
import RuleBook

extension Commands {
  /// The text of `rostercheck rules check FILE`: a header naming the files in extends order
  /// and the rules hash, then the effective rules as a complete rules file (YAML, loadable
  /// again).
  ///
  /// Throws the ``RuleBook/RuleBookError`` of a broken file (its description names the file,
  /// the line, the key and what was expected).
  ///
  /// ```swift
  /// let text = try Commands.rulesCheck(path: "Rules/xihe-county.yml")
  /// // # Rules/xihe-county.yml: valid
  /// // # files (base first): Rules/baseline.yml, Rules/xihe-county.yml
  /// // # sha256: 3f2a…
  /// // name: "西和县（陇南市，甘肃省）"
  /// // …
  /// ```
  public static func rulesCheck(path: String) throws(RuleBookError) -> String {
    let rules = try RuleBook.load(path: path)
    return rulesReport(rules, checked: RuleBook.cleanPathForDisplay(path))
  }

  /// The same report for rules already loaded (e.g. the built-in baseline).
  public static func rulesReport(_ rules: Rules, checked: String) -> String {
    var out = "# \(checked): valid\n"
    out += "# files (base first): \(rules.source.files.joined(separator: ", "))\n"
    out += "# sha256: \(rules.source.sha256)\n"
    let words = Field.allCases.compactMap { rules.vocabulary.words(for: $0)?.count }.reduce(0, +)
    let aliases = rules.headerAliases.values.map(\.count).reduce(0, +)
    let conditions = rules.unsuitable.count
    let jurisdiction = rules.jurisdiction.map { ($0.codes + $0.names).joined(separator: ", ") }
    out += "# \(aliases) header alias\(aliases == 1 ? "" : "es"), "
    out += "\(words) vocabulary word\(words == 1 ? "" : "s"), "
    out += "\(conditions) unsuitable-for-pairing condition\(conditions == 1 ? "" : "s"), "
    out += "jurisdiction: \(jurisdiction ?? "none")\n"
    out += "# effective rules:\n\n"
    out += RuleBook.yaml(rules)
    return out
  }
}
