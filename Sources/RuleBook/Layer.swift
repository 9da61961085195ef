import RosterCore
import Yams

/// A value read from a rules file, with where it was written.
struct Located<Value> {
  var value: Value
  var file: String
  var line: Int?
}

extension Located: Equatable where Value: Equatable {}

/// How one file changes an inherited list: a plain YAML list replaces it; `{add: […]}` and
/// `{remove: […]}` edit it.
enum ListEdit<Element> {
  case replace([Element])
  case edit(add: [Element], remove: [Element])

  /// Applies the edit to `base`; `same` decides which elements `remove` takes out. Returns the
  /// removals that matched nothing.
  func apply(to base: [Element], same: (Element, Element) -> Bool) -> (
    result: [Element], unmatched: [Element]
  ) {
    switch self {
    case .replace(let list): return (list, [])
    case .edit(let add, let remove):
      var result = base
      var unmatched: [Element] = []
      for r in remove {
        let before = result.count
        result.removeAll { same($0, r) }
        if result.count == before { unmatched.append(r) }
      }
      for a in add where !result.contains(where: { same($0, a) }) { result.append(a) }
      return (result, unmatched)
    }
  }
}

/// The vocabularies of the rules format, with the meanings each accepts.
enum VocabularyKind: String, CaseIterable {
  case categories
  case statuses
  case supportModes = "support_modes"
  case hardship
  case disabilityTypes = "disability_types"
  case disabilityGrades = "disability_grades"
  case sexes

  /// The meanings a word may have, as written in the file.
  var meanings: [String] {
    switch self {
    case .categories: Category.allCases.map(\.rawValue)
    case .statuses: SupportStatus.allCases.map(\.rawValue)
    case .supportModes: SupportMode.allCases.map(\.rawValue)
    case .hardship: Hardship.allCases.map(\.rawValue)
    case .disabilityTypes: (1...7).map(String.init)
    case .disabilityGrades: (1...4).map(String.init)
    case .sexes: Sex.allCases.map(\.rawValue)
    }
  }

  var expected: String {
    switch self {
    case .disabilityTypes: "a disability type number 1–7"
    case .disabilityGrades: "a disability grade number 1–4"
    default: "one of " + meanings.joined(separator: ", ")
    }
  }

  /// The field whose values this vocabulary reads.
  var field: Field {
    switch self {
    case .categories: .category
    case .statuses: .status
    case .supportModes: .supportMode
    case .hardship: .hardship
    case .disabilityTypes: .disabilityType
    case .disabilityGrades: .disabilityGrade
    case .sexes: .sex
    }
  }

  init?(field: Field) {
    guard let kind = VocabularyKind.allCases.first(where: { $0.field == field }) else {
      return nil
    }
    self = kind
  }
}

/// One word of a vocabulary as a file writes it; `meaning` nil removes an inherited word.
struct VocabularyEntry {
  var word: Located<String>
  var meaning: String?
}

/// An unsuitable-for-pairing condition as written (values resolved after merging).
struct UnsuitableSpec {
  var field: Located<Field>
  var values: [Located<String>]
  var label: String
}

/// What one rules file says, checked against the format but not yet merged with what it extends.
struct Layer {
  var file: String
  var extends: Located<String>?
  var name: String?
  var headerAliases: [(field: Field, edit: ListEdit<Located<String>>)] = []
  var vocabulary: [VocabularyKind: [VocabularyEntry]] = [:]
  var childAgeLimit: Int?
  var eligibleGrades: ListEdit<Located<Int>>?
  var qualifyingHardship: ListEdit<Located<String>>?
  var unsuitable: ListEdit<Located<UnsuitableSpec>>?
  var jurisdictionCodes: ListEdit<Located<String>>?
  var jurisdictionNames: ListEdit<Located<String>>?
  var idColumnMinimumCount: Int?
  var idColumnMinimumShare: Double?

  init(file: String) { self.file = file }
}

// MARK: - Reading a file's YAML into a layer

/// Reads one file's YAML tree into a ``Layer``, rejecting unknown keys and wrong kinds of value.
struct LayerReader {
  let file: String

  static let topKeys = [
    "extends", "name", "header_aliases", "vocabulary", "eligibility", "unsuitable",
    "jurisdiction", "id_column",
  ]
  static let eligibilityKeys = [
    "child_age_limit", "eligible_disability_grades", "qualifying_hardship",
  ]
  static let unsuitableKeys = ["field", "values", "label"]
  static let jurisdictionKeys = ["codes", "names"]
  static let idColumnKeys = ["minimum_count", "minimum_share"]

  func read(yaml source: String) throws(RuleBookError) -> Layer {
    let root: Node?
    do {
      root = try Yams.compose(yaml: source)
    } catch let error as YamlError {
      throw syntaxError(error)
    } catch {
      throw .syntax(file: file, line: nil, column: nil, problem: "\(error)")
    }
    var layer = Layer(file: file)
    guard let root else { return layer }  // an empty file changes nothing
    for (key, keyNode, value) in try mapping(root, path: "", what: "a mapping of rules keys") {
      let line = keyNode.mark?.line
      switch key {
      case "extends":
        layer.extends = Located(value: try text(value, path: key), file: file, line: line)
      case "name": layer.name = try text(value, path: key)
      case "header_aliases": layer.headerAliases = try headerAliases(value)
      case "vocabulary": layer.vocabulary = try vocabulary(value)
      case "eligibility": try eligibility(value, into: &layer)
      case "unsuitable": layer.unsuitable = try unsuitable(value)
      case "jurisdiction": try jurisdiction(value, into: &layer)
      case "id_column": try idColumn(value, into: &layer)
      default:
        throw .unknownKey(file: file, line: line, keyPath: key, validKeys: LayerReader.topKeys)
      }
    }
    return layer
  }

  private func syntaxError(_ error: YamlError) -> RuleBookError {
    func clean(_ s: String) -> String {
      s.split(separator: "\n").first.map(String.init) ?? s
    }
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      var message = problem
      if let context { message = "\(context.text) (line \(context.mark.line)): \(problem)" }
      return .syntax(file: file, line: mark.line, column: mark.column, problem: message)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .syntax(
        file: file, line: context.mark.line, column: context.mark.column,
        problem: "the same key is written twice in one mapping: "
          + duplicates.sorted().map(RuleBookError.quote).joined(separator: ", "))
    default:
      return .syntax(file: file, line: nil, column: nil, problem: clean("\(error)"))
    }
  }

  // MARK: Sections

  private func headerAliases(_ node: Node) throws(RuleBookError) -> [(
    field: Field, edit: ListEdit<Located<String>>
  )] {
    if isNull(node) { return [] }
    var out: [(field: Field, edit: ListEdit<Located<String>>)] = []
    for (key, keyNode, value) in try mapping(
      node, path: "header_aliases", what: "a mapping of field → list of headers")
    {
      let path = "header_aliases.\(key)"
      guard let field = Field(rawValue: key) else {
        throw .unknownField(file: file, line: keyNode.mark?.line, keyPath: path, field: key)
      }
      out.append(
        (
          field,
          try list(value, path: path, what: "a header") { n, p throws(RuleBookError) in
            let t = try text(n, path: p)
            if t.allSatisfy(\.isWhitespace) {
              throw invalid(n, path: p, expected: "a header", found: "an empty text")
            }
            return t
          }
        ))
    }
    return out
  }

  private func vocabulary(_ node: Node) throws(RuleBookError) -> [VocabularyKind: [VocabularyEntry]]
  {
    if isNull(node) { return [:] }
    var out: [VocabularyKind: [VocabularyEntry]] = [:]
    for (key, keyNode, value) in try mapping(
      node, path: "vocabulary", what: "a mapping of vocabularies")
    {
      guard let kind = VocabularyKind(rawValue: key) else {
        throw .unknownKey(
          file: file, line: keyNode.mark?.line, keyPath: "vocabulary.\(key)",
          validKeys: VocabularyKind.allCases.map(\.rawValue))
      }
      let path = "vocabulary.\(key)"
      var entries: [VocabularyEntry] = []
      var seen: [String: (word: String, meaning: String?)] = [:]
      if !isNull(value) {
        for (word, wordNode, meaningNode) in try mapping(
          value, path: path, what: "a mapping of word → meaning")
        {
          let wordPath = "\(path).\(word)"
          let line = wordNode.mark?.line
          if Rules.Vocabulary.matchingKey(word).isEmpty {
            throw .invalidValue(
              file: file, line: line, keyPath: path, expected: "a word",
              found: "an empty word")
          }
          var meaning: String?
          if !isNull(meaningNode) {
            let m = try text(meaningNode, path: wordPath)
            guard kind.meanings.contains(m) else {
              throw invalid(meaningNode, path: wordPath, expected: kind.expected)
            }
            meaning = m
          }
          let k = Rules.Vocabulary.matchingKey(word)
          if let other = seen[k], other.meaning != meaning {
            throw .conflict(
              file: file, line: line, keyPath: wordPath,
              message: "\(RuleBookError.quote(word)) and \(RuleBookError.quote(other.word)) are "
                + "the same word once spaces, full-width forms and letter case are ignored, "
                + "but have different meanings (\(meaning ?? "null"), \(other.meaning ?? "null"))")
          }
          seen[k] = (word, meaning)
          entries.append(
            VocabularyEntry(word: Located(value: word, file: file, line: line), meaning: meaning))
        }
      }
      out[kind] = entries
    }
    return out
  }

  private func eligibility(_ node: Node, into layer: inout Layer) throws(RuleBookError) {
    if isNull(node) { return }
    for (key, keyNode, value) in try mapping(
      node, path: "eligibility", what: "a mapping of thresholds")
    {
      let path = "eligibility.\(key)"
      switch key {
      case "child_age_limit":
        let age = try int(value, path: path)
        guard (1...150).contains(age) else {
          throw invalid(value, path: path, expected: "an age between 1 and 150")
        }
        layer.childAgeLimit = age
      case "eligible_disability_grades":
        layer.eligibleGrades = try list(value, path: path, what: "a grade 1–4") {
          n, p throws(RuleBookError) in
          let g = try int(n, path: p)
          guard (1...4).contains(g) else {
            throw invalid(n, path: p, expected: "a disability grade 1–4")
          }
          return g
        }
      case "qualifying_hardship":
        layer.qualifyingHardship = try list(value, path: path, what: "a hardship") {
          n, p throws(RuleBookError) in try text(n, path: p)
        }
      default:
        throw .unknownKey(
          file: file, line: keyNode.mark?.line, keyPath: path,
          validKeys: LayerReader.eligibilityKeys)
      }
    }
  }

  private func unsuitable(_ node: Node) throws(RuleBookError) -> ListEdit<Located<UnsuitableSpec>> {
    try list(node, path: "unsuitable", what: "a condition (field, values, label)") {
      n, p throws(RuleBookError) in
      var field: Located<Field>?
      var values: [Located<String>]?
      var label: String?
      for (key, keyNode, value) in try mapping(
        n, path: p, what: "a condition with keys field, values and label")
      {
        let path = "\(p).\(key)"
        switch key {
        case "field":
          let name = try text(value, path: path)
          guard let f = Field(rawValue: name) else {
            throw .unknownField(file: file, line: value.mark?.line, keyPath: path, field: name)
          }
          field = Located(value: f, file: file, line: value.mark?.line)
        case "values":
          guard let seq = value.sequence, !seq.isEmpty else {
            throw invalid(value, path: path, expected: "a non-empty list of values")
          }
          var vs: [Located<String>] = []
          for (i, item) in seq.enumerated() {
            vs.append(
              Located(
                value: try text(item, path: "\(path)[\(i)]"), file: file, line: item.mark?.line))
          }
          values = vs
        case "label":
          let l = try text(value, path: path)
          guard !l.allSatisfy(\.isWhitespace) else {
            throw invalid(value, path: path, expected: "a label saying why", found: "an empty text")
          }
          label = l
        default:
          throw .unknownKey(
            file: file, line: keyNode.mark?.line, keyPath: path,
            validKeys: LayerReader.unsuitableKeys)
        }
      }
      for (key, present) in [
        ("field", field != nil), ("values", values != nil), ("label", label != nil),
      ]
      where !present {
        throw .invalidValue(
          file: file, line: n.mark?.line, keyPath: p, expected: "the key \(key)",
          found: "a condition without it")
      }
      return UnsuitableSpec(field: field!, values: values!, label: label!)
    }
  }

  private func jurisdiction(_ node: Node, into layer: inout Layer) throws(RuleBookError) {
    if isNull(node) { return }
    for (key, keyNode, value) in try mapping(
      node, path: "jurisdiction", what: "a mapping with codes and names")
    {
      let path = "jurisdiction.\(key)"
      switch key {
      case "codes":
        layer.jurisdictionCodes = try list(value, path: path, what: "a six-digit code") {
          n, p throws(RuleBookError) in
          let code = try text(n, path: p)
          guard code.utf8.count == 6, code.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw invalid(n, path: p, expected: "a six-digit county-level address code")
          }
          return code
        }
      case "names":
        layer.jurisdictionNames = try list(value, path: path, what: "a county name") {
          n, p throws(RuleBookError) in
          let name = try text(n, path: p)
          guard !name.allSatisfy(\.isWhitespace) else {
            throw invalid(n, path: p, expected: "a county name", found: "an empty text")
          }
          return name
        }
      default:
        throw .unknownKey(
          file: file, line: keyNode.mark?.line, keyPath: path,
          validKeys: LayerReader.jurisdictionKeys)
      }
    }
  }

  private func idColumn(_ node: Node, into layer: inout Layer) throws(RuleBookError) {
    if isNull(node) { return }
    for (key, keyNode, value) in try mapping(
      node, path: "id_column", what: "a mapping with minimum_count and minimum_share")
    {
      let path = "id_column.\(key)"
      switch key {
      case "minimum_count":
        let n = try int(value, path: path)
        guard n >= 1 else { throw invalid(value, path: path, expected: "a count of at least 1") }
        layer.idColumnMinimumCount = n
      case "minimum_share":
        guard let s = value.scalar, let d = Double(s.string), d >= 0, d <= 1 else {
          throw invalid(value, path: path, expected: "a share between 0 and 1 (e.g. 0.05)")
        }
        layer.idColumnMinimumShare = d
      default:
        throw .unknownKey(
          file: file, line: keyNode.mark?.line, keyPath: path, validKeys: LayerReader.idColumnKeys
        )
      }
    }
  }

  // MARK: Value helpers

  func isNull(_ node: Node) -> Bool {
    guard let s = node.scalar, s.style == .plain else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(s.string)
  }

  /// How a node is described in "found …".
  func describe(_ node: Node) -> String {
    if isNull(node) { return "nothing" }
    switch node {
    case .scalar(let s): return RuleBookError.quote(s.string)
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  func invalid(_ node: Node, path: String, expected: String, found: String? = nil) -> RuleBookError
  {
    .invalidValue(
      file: file, line: node.mark?.line, keyPath: path, expected: expected,
      found: found ?? describe(node))
  }

  func mapping(_ node: Node, path: String, what: String) throws(RuleBookError) -> [(
    String, Node, Node
  )] {
    guard let map = node.mapping else {
      throw invalid(node, path: path.isEmpty ? "(top level)" : path, expected: what)
    }
    var out: [(String, Node, Node)] = []
    for (k, v) in map {
      guard let key = k.scalar?.string else {
        throw invalid(k, path: path.isEmpty ? "(top level)" : path, expected: "a plain key")
      }
      out.append((key, k, v))
    }
    return out
  }

  func text(_ node: Node, path: String) throws(RuleBookError) -> String {
    guard let s = node.scalar, !isNull(node) else {
      throw invalid(node, path: path, expected: "a text")
    }
    return s.string
  }

  func int(_ node: Node, path: String) throws(RuleBookError) -> Int {
    guard let s = node.scalar, let n = Int(s.string) else {
      throw invalid(node, path: path, expected: "an integer")
    }
    return n
  }

  /// A list (replace) or `{add: […], remove: […]}` (edit).
  func list<T>(
    _ node: Node, path: String, what: String,
    element: (Node, String) throws(RuleBookError) -> T
  ) throws(RuleBookError) -> ListEdit<Located<T>> {
    func items(_ n: Node, _ p: String) throws(RuleBookError) -> [Located<T>] {
      if isNull(n) { return [] }
      guard let seq = n.sequence else {
        throw invalid(n, path: p, expected: "a list of \(what)s")
      }
      var out: [Located<T>] = []
      for (i, item) in seq.enumerated() {
        out.append(
          Located(value: try element(item, "\(p)[\(i)]"), file: file, line: item.mark?.line))
      }
      return out
    }
    if node.sequence != nil || isNull(node) { return .replace(try items(node, path)) }
    guard let map = node.mapping else {
      throw invalid(
        node, path: path, expected: "a list of \(what)s, or {add: [...]} / {remove: [...]}")
    }
    var add: [Located<T>] = []
    var remove: [Located<T>] = []
    for (k, v) in map {
      switch k.scalar?.string {
      case "add": add = try items(v, "\(path).add")
      case "remove": remove = try items(v, "\(path).remove")
      default:
        throw .unknownKey(
          file: file, line: k.mark?.line, keyPath: "\(path).\(k.scalar?.string ?? "?")",
          validKeys: ["add", "remove"])
      }
    }
    return .edit(add: add, remove: remove)
  }
}
