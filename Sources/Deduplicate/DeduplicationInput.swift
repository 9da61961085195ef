import RosterCore

/// What the Deduplicate stage reads of a verified record.
///
/// `SubjectRecord` conforms; a run at province scale may pass a compact type instead, since
/// deduplication needs every record of the run in memory at once.
public protocol DeduplicationInput {
  var provenance: Provenance { get }
  var name: String { get }
  var nameKey: String { get }
  /// The normalized ID; for a record rejected for its ID, the cleaned text.
  var id: String { get }
  var idValid: Bool { get }
  /// The 17 leading digits of a valid ID as an integer (nil when not valid).
  var idKey: UInt64? { get }
  var birthDate: CalendarDate? { get }
  var sex: Sex? { get }
  var categories: CategorySet { get }
  /// The categories Verify found this record eligible for.
  var eligibleAs: CategorySet { get }
  var householdKey: String { get }
  /// Recorded as head of household (户主 / 本人).
  var isHouseholdHead: Bool { get }
  var county: String { get }
  var township: String { get }
  var village: String { get }
  var status: SupportStatus? { get }
  var hardship: Hardship? { get }
  /// Disability grade from its column, else from the certificate.
  var severityGrade: Int? { get }
  /// True when the record carries a finding with this code.
  func has(_ reason: Reason) -> Bool
  /// True when a finding's effect is `reject`.
  var isRejected: Bool { get }
  /// True when a finding's effect is `review`.
  var needsReview: Bool { get }
  /// True when a finding's effect is `exclude`.
  var hasExclusion: Bool { get }
}

extension SubjectRecord: DeduplicationInput {
  public var severityGrade: Int? { disabilityGrade ?? certGrade }
  public var idKey: UInt64? { idValid ? IDKey.key(id) : nil }
  public var isHouseholdHead: Bool { relation.contains("户主") || relation == "本人" }
  public func has(_ reason: Reason) -> Bool { findings.contains { $0.reason == reason } }
  public var needsReview: Bool { findings.contains { $0.effect == .review } }
  public var hasExclusion: Bool { findings.contains { $0.effect == .exclude } }
}

extension VerifiedRecord: DeduplicationInput {
  public var idKey: UInt64? { idValid ? idBody : nil }
  public var severityGrade: Int? { storedGrade.map(Int.init) }
  public func has(_ reason: Reason) -> Bool { reasons.contains(reason) }
  public var isRejected: Bool { reasons.rejects }
  public var needsReview: Bool { reasons.needsReview }
  public var hasExclusion: Bool { reasons.excludes }
}

extension DeduplicationResult {
  /// Appends this stage's findings to the records they belong to.
  public func apply(to records: inout [SubjectRecord]) {
    for (index, finding) in addedFindings { records[index].findings.append(finding) }
  }
}
