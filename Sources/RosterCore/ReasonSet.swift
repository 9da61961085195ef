/// A set of reason codes in 16 bytes: the `reasons` of a ledger row, kept for millions of records.
///
/// ```swift
/// var set = ReasonSet([.idNormalized])
/// set.insert(.childAgedOut)
/// set.contains(.childAgedOut) == true
/// set.codes == "ID_NORMALIZED;CHILD_AGED_OUT"   // catalog order
/// ```
public struct ReasonSet: Sendable, Hashable, Sequence {
  public var low: UInt64 = 0
  public var high: UInt64 = 0

  public init() {}
  public init(_ reasons: some Sequence<Reason>) { for r in reasons { insert(r) } }

  /// The catalog has fewer than 128 codes; a code's bit is its ``Reason/ordinal``.
  private static let byIndex: [Reason] = {
    precondition(Reason.allCases.count <= 128, "ReasonSet holds at most 128 codes")
    return Reason.allCases
  }()
  private static let rejectMask = mask { $0.effect == .reject }
  private static let excludeMask = mask { $0.effect == .exclude }
  private static let reviewMask = mask { $0.effect == .review }

  private static func mask(_ predicate: (Reason) -> Bool) -> ReasonSet {
    ReasonSet(Reason.allCases.filter(predicate))
  }

  @inlinable public mutating func insert(_ reason: Reason) {
    let i = reason.ordinal
    if i < 64 { low |= 1 << UInt64(i) } else { high |= 1 << UInt64(i - 64) }
  }

  @inlinable public func contains(_ reason: Reason) -> Bool {
    let i = reason.ordinal
    return i < 64 ? low & (1 << UInt64(i)) != 0 : high & (1 << UInt64(i - 64)) != 0
  }

  /// Calls `body` with each code in catalog order, without allocating.
  @inlinable public func forEachReason(_ body: (Reason) throws -> Void) rethrows {
    var l = low
    while l != 0 {
      try body(Reason.byOrdinal[l.trailingZeroBitCount])
      l &= l - 1
    }
    var h = high
    while h != 0 {
      try body(Reason.byOrdinal[64 + h.trailingZeroBitCount])
      h &= h - 1
    }
  }

  public mutating func formUnion(_ other: ReasonSet) {
    low |= other.low
    high |= other.high
  }

  public var isEmpty: Bool { low == 0 && high == 0 }
  public var count: Int { low.nonzeroBitCount + high.nonzeroBitCount }

  private func intersects(_ other: ReasonSet) -> Bool {
    low & other.low != 0 || high & other.high != 0
  }
  /// A code with effect `reject` is present.
  public var rejects: Bool { intersects(ReasonSet.rejectMask) }
  /// A code with effect `exclude` is present.
  public var excludes: Bool { intersects(ReasonSet.excludeMask) }
  /// A code with effect `review` is present.
  public var needsReview: Bool { intersects(ReasonSet.reviewMask) }

  /// The codes in catalog order.
  public func makeIterator() -> IndexingIterator<[Reason]> {
    var out: [Reason] = []
    var l = low
    while l != 0 {
      out.append(ReasonSet.byIndex[l.trailingZeroBitCount])
      l &= l - 1
    }
    var h = high
    while h != 0 {
      out.append(ReasonSet.byIndex[64 + h.trailingZeroBitCount])
      h &= h - 1
    }
    return out.makeIterator()
  }

  /// `;`-separated codes in catalog order, as in the ledger's `reasons` column.
  public var codes: String { map(\.code).joined(separator: ";") }
}
