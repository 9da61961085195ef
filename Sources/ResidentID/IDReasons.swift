import RosterCore

/// A set of the ID engine's reason codes, one bit each: what a parse found, without allocating.
///
/// Iterating yields the codes in catalog order, the order of the `reasons` column.
///
/// ```swift
/// let r: IDReasons = [.checkDigit, .normalized]
/// r.reasons == [.idNormalized, .idCheckDigit]
/// r.containsError == true
/// ```
public struct IDReasons: OptionSet, Sendable, Hashable {
  public let rawValue: UInt32
  public init(rawValue: UInt32) { self.rawValue = rawValue }

  /// The codes, in catalog order; bit `i` stands for `all[i]`.
  public static let all: [Reason] = [
    .idMissing, .idNormalized, .idNotAnID, .idLength, .idExcelScientific, .idExcelZeroed,
    .idZeroEndingConfirm, .idExcelColumnDamaged, .idCheckDigit, .idBirthDateInvalid,
    .idBirthDateFuture, .idBirthDateTooEarly, .idRegionUnknown, .idRegionRetired,
    .idRegionNotYetInUse, .idRegionCityLevel, .idLegacy15, .idForeignNationality, .certFormat,
    .certTypeDigit, .certGradeDigit, .certReissued,
  ]

  public static let missing = IDReasons(rawValue: 1 << 0)
  public static let normalized = IDReasons(rawValue: 1 << 1)
  public static let notAnID = IDReasons(rawValue: 1 << 2)
  public static let length = IDReasons(rawValue: 1 << 3)
  public static let excelScientific = IDReasons(rawValue: 1 << 4)
  public static let excelZeroed = IDReasons(rawValue: 1 << 5)
  public static let zeroEndingConfirm = IDReasons(rawValue: 1 << 6)
  public static let excelColumnDamaged = IDReasons(rawValue: 1 << 7)
  public static let checkDigit = IDReasons(rawValue: 1 << 8)
  public static let birthDateInvalid = IDReasons(rawValue: 1 << 9)
  public static let birthDateFuture = IDReasons(rawValue: 1 << 10)
  public static let birthDateTooEarly = IDReasons(rawValue: 1 << 11)
  public static let regionUnknown = IDReasons(rawValue: 1 << 12)
  public static let regionRetired = IDReasons(rawValue: 1 << 13)
  public static let regionNotYetInUse = IDReasons(rawValue: 1 << 14)
  public static let regionCityLevel = IDReasons(rawValue: 1 << 15)
  public static let legacy15 = IDReasons(rawValue: 1 << 16)
  public static let foreignNationality = IDReasons(rawValue: 1 << 17)
  public static let certFormat = IDReasons(rawValue: 1 << 18)
  public static let certTypeDigit = IDReasons(rawValue: 1 << 19)
  public static let certGradeDigit = IDReasons(rawValue: 1 << 20)
  public static let certReissued = IDReasons(rawValue: 1 << 21)

  /// The bits whose code has severity `error` (a test checks this against the catalog; the
  /// same constant is in ``containsError``).
  public static let errors = IDReasons(rawValue: 0x1E1F3D)

  /// The set holding exactly `reason`, or an empty set for a code of another stage.
  public init(_ reason: Reason) {
    if let i = IDReasons.all.firstIndex(of: reason) {
      self.init(rawValue: 1 << UInt32(i))
    } else {
      self.init(rawValue: 0)
    }
  }

  /// The codes in the set, in catalog order.
  public var reasons: [Reason] {
    var out: [Reason] = []
    forEachReason { out.append($0) }
    return out
  }

  /// Calls `body` with each code in the set, in catalog order, without making an array.
  @inlinable public func forEachReason(_ body: (Reason) throws -> Void) rethrows {
    var bits = rawValue
    while bits != 0 {
      try body(IDReasons.all[bits.trailingZeroBitCount])
      bits &= bits - 1
    }
  }

  /// True when a code in the set is an error (the value is unusable).
  @inlinable public var containsError: Bool { rawValue & 0x1E1F3D != 0 }
}
