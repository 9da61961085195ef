import RosterCore

/// What happened to an input record, as written in the `disposition` column of `ledger.csv`.
public enum Disposition: String, CaseIterable, Sendable, Hashable, Codable {
  /// The record is the member of a pairing unit in the roster.
  case paired
  /// Another record of the same person is paired; this one carries the same `unit_id`.
  case merged
  /// Ineligible or unsuitable for pairing.
  case excluded
  /// Unusable: no valid ID, or an unreadable row.
  case rejected

  /// Position in `allCases`, without hashing.
  @inlinable public var ordinal: Int {
    switch self {
    case .paired: 0
    case .merged: 1
    case .excluded: 2
    case .rejected: 3
    }
  }
  public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}

/// Whether a pairing unit is one person or a 特困 household.
public enum UnitType: String, CaseIterable, Sendable, Hashable, Codable {
  case person
  case household
}

/// One row of `pairing-roster.csv`: who a cadre is paired with.
public struct PairingUnit: Sendable, Hashable {
  /// `P-…` for a person, `H-…` for a household; derived from the normalized ID or the
  /// household key, so it is the same in every run.
  public var unitID: String
  public var type: UnitType
  /// The person, or the head of the household.
  public var name: String
  public var idNumber: String
  public var sex: Sex?
  public var birthDate: CalendarDate?
  /// The categories the unit is paired under (the union over its members).
  public var categories: CategorySet
  public var county: String
  public var township: String
  public var village: String
  /// Index (into the deduplicated records) of the `paired` record of each member, head first.
  public var members: [Int]
  /// True when any record of any member carries a finding whose effect is `review`.
  public var needsReview: Bool
  /// The sources that mention any member.
  public var sources: [SourceKind]

  public var memberCount: Int { members.count }
}

/// A group of records that are, or probably are, the same person: one block of rows in
/// `duplicates.csv`.
public struct DuplicateGroup: Sendable, Hashable {
  /// `G-…`, derived from the group's content (not from row order).
  public var groupID: String
  /// `DUP_SAME_SOURCE`, `DUP_CROSS_SOURCE` (exact: merged) or one of the `PROBABLE_DUP_…` codes
  /// (reported for review, never merged).
  public var kind: Reason
  /// Record indices, in provenance order.
  public var members: [Int]
  /// Why the records are grouped, for a person to read. IDs in it are masked.
  public var evidence: String
}

/// Each record's unit ID ("" when the record is in no unit), read like an array of strings
/// but held as a 4-byte number a record and one string a unit member: a province's 5.8M
/// records would otherwise hold 93 MB of string references, most of them empty.
///
/// ```swift
/// let ids: UnitIDs = ["P-1", "", "P-1"]
/// ids[2] == "P-1"; ids[1] == ""; ids.count == 3
/// ```
public struct UnitIDs: RandomAccessCollection, Sendable, Hashable, ExpressibleByArrayLiteral {
  /// Per record, an index into `ids`, or -1.
  private var index: [Int32]
  private var ids: [String]

  public init(arrayLiteral elements: String...) { self.init(elements) }

  /// From one string per record.
  public init(_ strings: [String]) {
    var ids: [String] = []
    var known: [String: Int32] = [:]
    index = strings.map { s in
      if s.isEmpty { return -1 }
      if let i = known[s] { return i }
      ids.append(s)
      known[s] = Int32(ids.count - 1)
      return Int32(ids.count - 1)
    }
    self.ids = ids
  }

  /// `count` records in no unit, of the units `ids`; ``assign(_:to:)`` puts records in them.
  init(count: Int, ids: [String]) {
    index = [Int32](repeating: -1, count: count)
    self.ids = ids
  }

  /// Puts `records` in unit `ids[k]`.
  mutating func assign(_ k: Int32, to records: some Sequence<Int32>) {
    for r in records { index[Int(r)] = k }
  }

  public var startIndex: Int { 0 }
  public var endIndex: Int { index.count }

  public subscript(position: Int) -> String {
    let k = index[position]
    return k < 0 ? "" : ids[Int(k)]
  }

  public static func == (a: UnitIDs, b: UnitIDs) -> Bool { a.elementsEqual(b) }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(count)
    for id in self { hasher.combine(id) }
  }
}

/// The findings the Deduplicate stage adds, as (record index, finding) pairs in record order;
/// reads like `[(Int, Finding)]`.
///
/// Most of a province's records get one and the same finding (`NOT_PAIRING_CATEGORY`, with
/// one message): such an entry is 4 bytes here, a record index with a flag, instead of a
/// 32-byte pair (a province's five million of them were 160 MB at the stage's peak). Other
/// entries are 4 bytes pointing into the pairs they come from.
///
/// ```swift
/// let added = AddedFindings([(0, a), (2, b)])
/// added.count        // 2
/// added[1].0         // 2
/// for (record, finding) in added { … }
/// ```
public struct AddedFindings: RandomAccessCollection, Sendable, ExpressibleByArrayLiteral {
  /// Per entry: an index into ``pairs``, or a record index with ``sharedFlag`` set.
  @usableFromInline var entries: [UInt32]
  @usableFromInline var pairs: [(Int, Finding)]
  /// The finding of the flagged entries.
  @usableFromInline var shared: Finding?
  @usableFromInline static let sharedFlag: UInt32 = 1 << 31

  /// The pairs as given (in record order, to read as a result's are).
  public init(_ pairs: [(Int, Finding)]) {
    precondition(pairs.count < Int(AddedFindings.sharedFlag), "too many findings")
    entries = (0..<UInt32(pairs.count)).map { $0 }
    self.pairs = pairs
    shared = nil
  }

  public init(arrayLiteral pairs: (Int, Finding)...) { self.init(pairs) }

  /// Takes over `pairs`; entries are then appended in record order, with ``appendPair(_:)``
  /// and ``appendShared(record:)``.
  init(pairs: [(Int, Finding)], reservingCapacity n: Int, shared: Finding) {
    precondition(n < Int(AddedFindings.sharedFlag), "too many findings")
    entries = []
    entries.reserveCapacity(n)
    self.pairs = pairs
    self.shared = shared
  }

  /// Appends pair `k` of the pairs this was made with.
  mutating func appendPair(_ k: Int) { entries.append(UInt32(k)) }

  /// Appends the shared finding for record `r`.
  mutating func appendShared(record r: Int) {
    precondition(r < Int(AddedFindings.sharedFlag), "too many records")
    entries.append(UInt32(r) | AddedFindings.sharedFlag)
  }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int { entries.count }

  @inlinable public subscript(position: Int) -> (Int, Finding) {
    let e = entries[position]
    if e & AddedFindings.sharedFlag != 0 { return (Int(e & ~AddedFindings.sharedFlag), shared!) }
    return pairs[Int(e)]
  }
}

/// The outcome of deduplication for a whole run.
public struct DeduplicationResult: Sendable {
  /// One per input record, same order.
  public var dispositions: [Disposition]
  /// One per input record, same order; "" when the record is in no unit.
  public var unitIDs: UnitIDs
  /// Sorted by county, township, village, unit ID.
  public var units: [PairingUnit]
  /// Exact groups first, then probable ones; each sorted by group ID.
  public var groups: [DuplicateGroup]
  /// Findings this stage adds, as (record index, finding), in record order. A record's reasons
  /// in the ledger are its own findings' codes plus these.
  public var addedFindings: AddedFindings
  /// Record indices in provenance order (source, file, line): the order of the ledger.
  public var provenanceOrder: [Int32]
  /// Categories each record was finally counted under (Verify's, widened when another record
  /// of the person shows the missing hardship or household membership).
  public var eligibleAs: [CategorySet]

  /// Number of records per disposition.
  public var dispositionCounts: [Disposition: Int] {
    var counts: [Disposition: Int] = [:]
    for d in dispositions { counts[d, default: 0] += 1 }
    return counts
  }
}
