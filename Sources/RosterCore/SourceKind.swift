/// Which roster an input file belongs to (§2 of the data contract).
///
/// The raw value is what appears in the `source` column of `ledger.csv` and in `summary.json`.
public enum SourceKind: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
  /// The civil-affairs roster (民政): orphans, de-facto-unsupported children, 特困 persons.
  case civilAffairs = "civil-affairs"
  /// The disability-federation roster (残联): certified disabled persons.
  case disability
  /// A list of deaths or household cancellations (公安 / 卫健 / 殡葬).
  case deaths

  /// The Chinese name an office uses for the source.
  public var chineseName: String {
    switch self {
    case .civilAffairs: "民政"
    case .disability: "残联"
    case .deaths: "死亡注销"
    }
  }

  private var order: Int { ordinal }

  /// Position in `allCases` (civil-affairs 0, disability 1, deaths 2), without hashing.
  @inlinable public var ordinal: Int {
    switch self {
    case .civilAffairs: 0
    case .disability: 1
    case .deaths: 2
    }
  }

  public static func < (lhs: SourceKind, rhs: SourceKind) -> Bool { lhs.order < rhs.order }
  public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}

/// Where a record came from: its source, its file and the line it starts on.
///
/// `line` is the 1-based physical line on which a CSV record starts (a quoted field may
/// continue over several lines), or the line of an XML record's start tag.
public struct Provenance: Sendable, Hashable, Codable, Comparable {
  // The source is declared last: a record holding a provenance places its one-byte fields
  // right after it, in what would otherwise be padding.
  /// The file as the user named it on the command line.
  public var file: String
  /// 1-based physical line where the record starts.
  public var line: Int
  public var source: SourceKind

  public init(source: SourceKind, file: String, line: Int) {
    self.source = source
    self.file = file
    self.line = line
  }

  /// Orders by source, then file, then line: the order of the ledger.
  public static func < (lhs: Provenance, rhs: Provenance) -> Bool {
    if lhs.source != rhs.source { return lhs.source < rhs.source }
    if lhs.file != rhs.file { return lhs.file < rhs.file }
    return lhs.line < rhs.line
  }
}
