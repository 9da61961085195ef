import RosterCore

/// What the Deduplicate stage reads of a verified record, beyond its stored fields.
extension VerifiedRecord {
  @inlinable func has(_ reason: Reason) -> Bool { reasons.contains(reason) }
  @inlinable var isRejected: Bool { reasons.rejects }
  @inlinable var needsReview: Bool { reasons.needsReview }
  @inlinable var hasExclusion: Bool { reasons.excludes }
}

extension Deduplicator {
  /// Deduplicates full records (tests and small tools); a run passes compact records.
  public func run(_ records: [SubjectRecord]) -> DeduplicationResult {
    run(records.map(VerifiedRecord.init))
  }
}

extension DeduplicationResult {
  /// Appends this stage's findings to the records they belong to.
  public func apply(to records: inout [SubjectRecord]) {
    for (index, finding) in addedFindings { records[index].findings.append(finding) }
  }
}
