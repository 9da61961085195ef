import RosterCore

/// Maps column headers and XML field names to contract fields through the rules' aliases.
///
/// Headers are compared after trimming and removing every space (ASCII, ideographic U+3000,
/// no-break, zero-width), folding full-width ASCII to half-width (`（身份证号）` ≡ `(身份证号)`,
/// `：` ≡ `:`), a few CJK brackets to their ASCII forms (`【】〔〕` → `[]()`), and ASCII letters
/// to lower case. When two fields list the same alias, the field that comes first in
/// `Field.allCases` wins (the rules loader reports such conflicts).
///
/// ```swift
/// let matcher = HeaderMatcher(aliases: [.idNumber: ["身份证号码"], .county: ["县(市、区)"]])
/// matcher.field(for: " 身份证 号码 ") == .idNumber
/// matcher.field(for: "县（市、区）") == .county
/// matcher.field(for: "备注") == nil
/// ```
public struct HeaderMatcher: Sendable, Hashable {
  /// The aliases as given, per field.
  public let aliases: [Field: [String]]
  private let table: [String: Field]

  public init(aliases: [Field: [String]]) {
    self.aliases = aliases
    var table: [String: Field] = [:]
    for field in Field.allCases {
      // The field's own contract name always matches (`id_number`, `birth_date`, …).
      for alias in (aliases[field] ?? []) + [field.rawValue] {
        let key = HeaderMatcher.normalize(alias)
        if !key.isEmpty, table[key] == nil { table[key] = field }
      }
    }
    self.table = table
  }

  /// A matcher over `rules.headerAliases`.
  public init(rules: Rules) { self.init(aliases: rules.headerAliases) }

  /// The field `header` maps to, or nil for an unknown column.
  public func field(for header: String) -> Field? {
    table[HeaderMatcher.normalize(header)]
  }

  /// The aliases tried for `field`, including its contract name (for error messages).
  public func aliasesTried(for field: Field) -> [String] {
    var seen = Set<String>()
    return ((aliases[field] ?? []) + [field.rawValue]).filter { seen.insert($0).inserted }
  }

  /// The comparison form of a header: no spaces, full-width folded, ASCII lower-cased.
  ///
  /// ```swift
  /// HeaderMatcher.normalize(" 乡镇（街道） ") == "乡镇(街道)"
  /// HeaderMatcher.normalize("ID_Number") == "id_number"
  /// ```
  public static func normalize(_ header: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in header.unicodeScalars {
      var v = scalar.value
      switch v {
      case 0x200B...0x200D, 0x2060, 0xFEFF: continue  // zero-width characters, BOM
      case 0xFF01...0xFF5E: v -= 0xFEE0  // full-width ASCII
      case 0x3010: v = 0x5B  // 【
      case 0x3011: v = 0x5D  // 】
      case 0x3014: v = 0x28  // 〔
      case 0x3015: v = 0x29  // 〕
      default: break
      }
      if v == 0x20 || v == 0x09 || v == 0x0A || v == 0x0D || v == 0xA0 || v == 0x3000 { continue }
      if let s = Unicode.Scalar(v), s.properties.isWhitespace { continue }
      if v >= 0x41 && v <= 0x5A { v += 0x20 }
      out.append(Unicode.Scalar(v)!)
    }
    return String(out)
  }
}

/// One column of a file (or one field name of an XML roster) and what it maps to.
public struct ColumnInfo: Sendable, Hashable, Codable {
  /// 1-based position in the header (for XML: in order of first appearance).
  public var position: Int
  /// The header as written in the file.
  public var header: String
  /// The contract field, or nil for an unknown column.
  public var field: Field?
  /// Set when an earlier column maps to the same field (`FILE_DUPLICATE_COLUMN`): the
  /// position of that first column. Per record, the first non-empty value wins.
  public var duplicateOf: Int?

  public init(position: Int, header: String, field: Field?, duplicateOf: Int? = nil) {
    self.position = position
    self.header = header
    self.field = field
    self.duplicateOf = duplicateOf
  }
}

/// How the columns of a file are routed into a ``RawRecord``: to a field slot, to an extra
/// slot, or nowhere (an empty column past the header).
struct ColumnRouting: Sendable {
  /// Per column: `>= 0` a field index, `< 0` the extra slot `-1 - value`.
  var targets: [Int]
  var columns: [ColumnInfo]
  var layout: FileLayout
  var extraCount: Int { layout.unknownColumns.count }
  var hasIDColumn: Bool { columns.contains { $0.field == .idNumber } }

  init() {
    targets = []
    columns = []
    layout = FileLayout()
  }

  /// Adds a column; returns its target.
  @discardableResult
  mutating func add(header: String, matcher: HeaderMatcher) -> Int {
    let position = columns.count + 1
    let trimmed = header
    if let field = matcher.field(for: trimmed) {
      let first = columns.first { $0.field == field }
      columns.append(
        ColumnInfo(position: position, header: header, field: field, duplicateOf: first?.position))
      layout.mapped.append(.init(header: header, field: field))
      targets.append(field.index)
    } else {
      let name = header.isEmpty ? "(column \(position))" : header
      columns.append(ColumnInfo(position: position, header: name, field: nil))
      layout.unknownColumns.append(name)
      targets.append(-1 - (layout.unknownColumns.count - 1))
    }
    return targets[targets.count - 1]
  }

  /// File-level findings about the columns: each unknown column once, each duplicated field once.
  func findings(at provenance: Provenance) -> [LocatedFinding] {
    var out: [LocatedFinding] = []
    for c in columns where c.field == nil {
      out.append(
        LocatedFinding(
          Finding(
            .fileUnknownColumn,
            message:
              "column \(c.position) \"\(c.header)\" matches no field alias; its values are kept but not checked"
          ), at: provenance))
    }
    var reported = Set<Field>()
    for c in columns {
      guard let field = c.field, let first = c.duplicateOf, reported.insert(field).inserted else {
        continue
      }
      let all = columns.filter { $0.field == field }.map { "\($0.position) \"\($0.header)\"" }
      out.append(
        LocatedFinding(
          Finding(
            .fileDuplicateColumn, field: field,
            message:
              "columns \(all.joined(separator: ", ")) all map to \(field.rawValue); per record the first non-empty value is used (column \(first) first)"
          ), at: provenance))
    }
    return out
  }
}
