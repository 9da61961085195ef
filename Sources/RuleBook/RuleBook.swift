// The RuleBook stage: `Rules/*.yml` → `RosterCore.Rules`. See Rules/README.md for the format.
import Foundation
import RosterCore

/// Reads rules files (`Rules/*.yml`) into the ``RosterCore/Rules`` value the stages use.
///
/// A file may `extends:` another (a path relative to itself; chains are allowed, loops are an
/// error). Files merge from the base to the file named: mappings merge key by key, a scalar
/// replaces, a list replaces unless written `{add: […], remove: […]}`, and `word: null` removes an
/// inherited vocabulary word. Unknown keys are errors, so a typo cannot be silently ignored.
/// Errors are ``RuleBookError``s naming the file, the line and the key.
///
/// ```swift
/// let rules = try RuleBook.load(URL(fileURLWithPath: "Rules/xihe-county.yml"))
/// rules.jurisdiction?.codes == ["621225", "622627", "622527"]
/// rules.eligibility.childAgeLimit == 18          // from baseline.yml
/// rules.source.files == ["Rules/baseline.yml", "Rules/xihe-county.yml"]
/// print(RuleBook.yaml(rules))                    // the effective rules
/// ```
public enum RuleBook {
  /// Loads the rules file at `url` and everything it extends.
  ///
  /// File names in errors and in ``RosterCore/Rules/Source/files`` are shown as `url` was
  /// given (relative stays relative), with `extends:` targets resolved against the directory of
  /// the file that names them.
  public static func load(_ url: URL) throws(RuleBookError) -> Rules {
    try load(url, display: url.relativePath)
  }

  /// Loads a rules file by path (as typed on the command line).
  public static func load(path: String) throws(RuleBookError) -> Rules {
    try load(URL(fileURLWithPath: path), display: cleanPath(path))
  }

  /// The rules of one YAML text, which must not use `extends:` (used for the built-in baseline
  /// and in tests). `file` is the name used in errors.
  public static func parse(yaml: String, file: String) throws(RuleBookError) -> Rules {
    let layer = try LayerReader(file: file).read(yaml: yaml)
    if let extends = layer.extends {
      throw .extendsNotFound(
        file: file, line: extends.line, target: extends.value,
        reason: "a rules text given in memory cannot extend a file")
    }
    var merger = LayerMerger()
    try merger.apply(layer)
    let bytes = Array(yaml.utf8)
    return try merger.rules(
      source: Rules.Source(files: [file], sha256: hash([bytes])), file: file)
  }

  /// The baseline rules built into the program: `Rules/baseline.yml` as it was when the
  /// program was built (a test checks the copy is current). Its source is
  /// `Rules/baseline.yml (built in)` with the same hash as the file.
  public static func baseline() -> Rules {
    // The embedded text is checked by tests; failing here is a build defect.
    do {
      return try parse(yaml: BaselineRules.text, file: BaselineRules.fileName)
    } catch {
      fatalError("the built-in baseline rules are invalid: \(error)")
    }
  }

  /// SHA-256 (hex) of the files' bytes in order, each preceded by its byte count and a newline.
  static func hash(_ files: [[UInt8]]) -> String {
    var h = SHA256()
    for bytes in files {
      h.update(Array("\(bytes.count)\n".utf8))
      h.update(bytes)
    }
    return h.finalizeHex()
  }

  private static func load(_ url: URL, display: String) throws(RuleBookError) -> Rules {
    var chain: [(display: String, canonical: String)] = []
    var layers: [(layer: Layer, bytes: [UInt8])] = []
    var next: (url: URL, display: String, from: Located<String>?)? = (url, display, nil)
    while let current = next {
      let canonical = current.url.standardizedFileURL.resolvingSymlinksInPath().path
      if chain.contains(where: { $0.canonical == canonical }) {
        throw .extendsCycle(chain: chain.map(\.display) + [current.display])
      }
      chain.append((current.display, canonical))
      let bytes: [UInt8]
      do {
        bytes = try [UInt8](Data(contentsOf: current.url))
      } catch {
        let reason = readFailure(current.url, error)
        if let from = current.from {
          throw .extendsNotFound(
            file: from.file, line: from.line, target: from.value, reason: reason)
        }
        throw .unreadable(file: current.display, reason: reason)
      }
      var body = bytes[...]
      if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
      guard let text = String(validating: body, as: UTF8.self) else {
        throw .unreadable(file: current.display, reason: "the file is not UTF-8 text")
      }
      let layer = try LayerReader(file: current.display).read(yaml: text)
      layers.append((layer, bytes))
      if let extends = layer.extends {
        let target = extends.value
        let base = current.url.deletingLastPathComponent()
        let targetURL =
          target.hasPrefix("/")
          ? URL(fileURLWithPath: target) : base.appendingPathComponent(target)
        let dir = (current.display as NSString).deletingLastPathComponent
        let targetDisplay =
          target.hasPrefix("/") ? target : cleanPath(dir.isEmpty ? target : dir + "/" + target)
        next = (targetURL, targetDisplay, extends)
      } else {
        next = nil
      }
    }
    layers.reverse()
    var merger = LayerMerger()
    for (layer, _) in layers { try merger.apply(layer) }
    let source = Rules.Source(
      files: layers.map(\.layer.file), sha256: hash(layers.map(\.bytes)))
    return try merger.rules(source: source, file: display)
  }

  private static func readFailure(_ url: URL, _ error: any Error) -> String {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
      return "no such file"
    }
    if isDirectory.boolValue { return "it is a folder, not a file" }
    return "it cannot be read (\((error as NSError).localizedDescription))"
  }

  /// A path as the loader shows it in errors and ``RosterCore/Rules/Source/files``.
  public static func cleanPathForDisplay(_ path: String) -> String { cleanPath(path) }

  /// `a/./b/../c.yml` → `a/c.yml`, keeping the path relative when it was.
  static func cleanPath(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
        continue
      }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    return absolute ? "/" + joined : joined
  }
}
