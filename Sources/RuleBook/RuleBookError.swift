import RosterCore

/// Why a rules file could not be loaded. Every case names the file (as the user gave it, or as
/// resolved from an `extends:`), and where the YAML parser knows it, the line; the message says
/// which key was wrong and what was expected, so an office can fix the file without reading code.
///
/// ```swift
/// do {
///   _ = try RuleBook.load(URL(fileURLWithPath: "Rules/xihe.yml"))
/// } catch {
///   print(error)
///   // Rules/xihe.yml:12: eligibility.child_age_limit: expected an integer, found "eighteen"
/// }
/// ```
public enum RuleBookError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The file could not be read (missing, unreadable, not UTF-8).
  case unreadable(file: String, reason: String)
  /// The file is not well-formed YAML.
  case syntax(file: String, line: Int?, column: Int?, problem: String)
  /// A key has a value of the wrong kind, or a value that is not allowed.
  case invalidValue(file: String, line: Int?, keyPath: String, expected: String, found: String)
  /// A key the rules format does not have (a typo must not be silently ignored).
  case unknownKey(file: String, line: Int?, keyPath: String, validKeys: [String])
  /// A header alias (or an unsuitable-for-pairing condition) names a field that does not exist.
  case unknownField(file: String, line: Int?, keyPath: String, field: String)
  /// Two words of one vocabulary compare equal (see ``RosterCore/Rules/Vocabulary/matchingKey(_:)``)
  /// but have different meanings, or one header alias is given to two fields.
  case conflict(file: String, line: Int?, keyPath: String, message: String)
  /// `extends:` names a file that cannot be read.
  case extendsNotFound(file: String, line: Int?, target: String, reason: String)
  /// The `extends:` chain comes back to a file already in it (the files, in order, ending with
  /// the repeated one).
  case extendsCycle(chain: [String])

  /// The file the error is in (for a cycle, the file that closes it).
  public var file: String {
    switch self {
    case .unreadable(let file, _), .syntax(let file, _, _, _),
      .invalidValue(let file, _, _, _, _), .unknownKey(let file, _, _, _),
      .unknownField(let file, _, _, _), .conflict(let file, _, _, _),
      .extendsNotFound(let file, _, _, _):
      file
    case .extendsCycle(let chain): chain.dropLast().last ?? chain.last ?? ""
    }
  }

  /// The 1-based line, when known.
  public var line: Int? {
    switch self {
    case .unreadable, .extendsCycle: nil
    case .syntax(_, let line, _, _), .invalidValue(_, let line, _, _, _),
      .unknownKey(_, let line, _, _), .unknownField(_, let line, _, _),
      .conflict(_, let line, _, _), .extendsNotFound(_, let line, _, _):
      line
    }
  }

  /// `FILE:LINE: key.path: what was wrong`.
  public var description: String {
    func at(_ file: String, _ line: Int?) -> String {
      line.map { "\(file):\($0)" } ?? file
    }
    switch self {
    case .unreadable(let file, let reason):
      return "\(file): cannot read the rules file: \(reason)"
    case .syntax(let file, let line, let column, let problem):
      var place = at(file, line)
      if line != nil, let column { place += ":\(column)" }
      return "\(place): not valid YAML: \(problem)"
    case .invalidValue(let file, let line, let keyPath, let expected, let found):
      return "\(at(file, line)): \(keyPath): expected \(expected), found \(found)"
    case .unknownKey(let file, let line, let keyPath, let validKeys):
      return "\(at(file, line)): \(keyPath): unknown key; valid keys here: "
        + validKeys.joined(separator: ", ")
    case .unknownField(let file, let line, let keyPath, let field):
      return "\(at(file, line)): \(keyPath): unknown field \(RuleBookError.quote(field)); "
        + "valid fields: " + Field.allCases.map(\.rawValue).joined(separator: ", ")
    case .conflict(let file, let line, let keyPath, let message):
      return "\(at(file, line)): \(keyPath): \(message)"
    case .extendsNotFound(let file, let line, let target, let reason):
      return "\(at(file, line)): extends: cannot read \(RuleBookError.quote(target)): \(reason)"
    case .extendsCycle(let chain):
      return "\(file): extends: the files extend each other in a loop: "
        + chain.joined(separator: " → ")
    }
  }

  /// `"text"` with quotes and backslashes escaped.
  static func quote(_ text: String) -> String {
    var out = "\""
    for s in text.unicodeScalars {
      switch s {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      default: out.unicodeScalars.append(s)
      }
    }
    return out + "\""
  }
}
