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

/// The outcome of deduplication for a whole run.
public struct DeduplicationResult: Sendable {
  /// One per input record, same order.
  public var dispositions: [Disposition]
  /// One per input record, same order; "" when the record is in no unit.
  public var unitIDs: [String]
  /// Sorted by county, township, village, unit ID.
  public var units: [PairingUnit]
  /// Exact groups first, then probable ones; each sorted by group ID.
  public var groups: [DuplicateGroup]
  /// Findings this stage adds, as (record index, finding), in record order. A record's reasons
  /// in the ledger are its own findings' codes plus these.
  public var addedFindings: [(Int, Finding)]
  /// Record indices in provenance order (source, file, line): the order of the ledger.
  public var provenanceOrder: [Int]
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
