/// A verified record reduced to what deduplication, the ledger, the report and the run store
/// need: 112 bytes, so that a province's six million records fit in memory at once.
/// Finding messages are not kept here (they are written out as they are produced); the codes
/// are, in ``reasons``.
///
/// ```swift
/// let compact = VerifiedRecord(subject)
/// compact.id == subject.id
/// compact.reasons.contains(.idNormalized)
/// ```
public struct VerifiedRecord: Sendable, Hashable {
  // Declared in this order to leave no padding: the one-byte fields fill the end of the
  // provenance's last word, then come the four-byte date, then the eight-byte fields
  // (112 bytes in all; a province holds six million records).
  public var provenance: Provenance
  /// The check character (ASCII) of a valid ID; 0 when the ID is not valid.
  public private(set) var idCheck: UInt8
  public var sex: Sex?
  public var categories: CategorySet
  public var eligibleAs: CategorySet
  public var status: SupportStatus?
  public var hardship: Hardship?
  public var isHouseholdHead: Bool
  public var birthDate: CalendarDate?
  /// Disability grade from its column, else from the certificate.
  public var storedGrade: Int8?
  public var name: String
  /// The 17 leading digits of a valid ID.
  public private(set) var idBody: UInt64
  /// What few records need (nil for most): a name key unlike the name, an ID that is not
  /// valid, raw ID text unlike the normalized ID. One reference instead of three strings
  /// keeps a province's records 40 bytes each smaller.
  @usableFromInline var extras: Extras?
  public var householdKey: String
  /// County, township and village, shared with the other records of the same address.
  @usableFromInline var place: Place
  /// The codes of the record's findings so far.
  public var reasons: ReasonSet

  // The initializers from a subject record are in an extension (at the end of this file), so
  // that the compiler makes the memberwise one they use.

  @inlinable public var county: String {
    get { place.county }
    set { place = Place.make(county: newValue, township: place.township, village: place.village) }
  }

  @inlinable public var township: String {
    get { place.township }
    set { place = Place.make(county: place.county, township: newValue, village: place.village) }
  }

  @inlinable public var village: String {
    get { place.village }
    set { place = Place.make(county: place.county, township: place.township, village: newValue) }
  }

  @inlinable var storedNameKey: String { extras?.nameKey ?? "" }
  /// The cleaned text of an ID that is not valid ("" otherwise).
  @inlinable var invalidID: String { extras?.invalidID ?? "" }
  /// "" when the raw text equals the normalized ID.
  @inlinable var storedIDRaw: String { extras?.idRaw ?? "" }

  @inlinable public var nameKey: String { storedNameKey.isEmpty ? name : storedNameKey }
  @inlinable public var idValid: Bool { idCheck != 0 }

  /// The normalized ID (for an ID that is not valid, its cleaned text).
  @inlinable public var id: String {
    guard idCheck != 0 else { return invalidID }
    return VerifiedRecord.idText(body: idBody, check: idCheck)
  }

  /// The 18 characters of a valid ID from its body and check character.
  @inlinable static func idText(body: UInt64, check: UInt8) -> String {
    String(unsafeUninitializedCapacity: 18) { bytes in
      writeID(body: body, check: check, to: bytes)
      return 18
    }
  }

  /// Writes the 18 characters of a valid ID into `bytes` (at least 18 long).
  @inlinable static func writeID(body: UInt64, check: UInt8, to bytes: UnsafeMutableBufferPointer<UInt8>) {
    var v = body
    for i in stride(from: 16, through: 0, by: -1) {
      bytes[i] = 0x30 + UInt8(v % 10)
      v /= 10
    }
    bytes[17] = check
  }

  /// Calls `body` with the UTF-8 bytes of the ID of body `idBody`, check `idCheck` (0 when
  /// not valid: then `invalidID`'s bytes).
  @inlinable static func withIDBytes<R>(
    body idBody: UInt64, check idCheck: UInt8, invalidID: String,
    _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) rethrows -> R {
    guard idCheck != 0 else {
      var text = invalidID
      return try text.withUTF8(body)
    }
    return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 18) { bytes in
      writeID(body: idBody, check: idCheck, to: bytes)
      return try body(UnsafeBufferPointer(bytes))
    }
  }

  /// The ID exactly as read.
  @inlinable public var idRaw: String { storedIDRaw.isEmpty ? id : storedIDRaw }

  /// The raw text when it differs from the normalized ID, else nil (writers then reuse the ID).
  @inlinable public var idRawIfDifferent: String? { storedIDRaw.isEmpty ? nil : storedIDRaw }

  /// Calls `body` with the normalized ID's UTF-8 bytes, without building a String for a valid ID.
  @inlinable public func withIDBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try VerifiedRecord.withIDBytes(body: idBody, check: idCheck, invalidID: invalidID, body)
  }

  /// The rarely needed strings of a record, shared by its copies.
  @usableFromInline final class Extras: Hashable, Sendable {
    @usableFromInline let nameKey: String
    @usableFromInline let invalidID: String
    @usableFromInline let idRaw: String

    init(nameKey: String, invalidID: String, idRaw: String) {
      self.nameKey = nameKey
      self.invalidID = invalidID
      self.idRaw = idRaw
    }

    @usableFromInline static func == (a: Extras, b: Extras) -> Bool {
      a.nameKey == b.nameKey && a.invalidID == b.invalidID && a.idRaw == b.idRaw
    }

    @usableFromInline func hash(into hasher: inout Hasher) {
      hasher.combine(nameKey)
      hasher.combine(invalidID)
      hasher.combine(idRaw)
    }
  }

  /// True for a relation written as the head: 户主, 本人 (or with text around 户主, e.g. 户主本人).
  static func isHead(_ relation: String) -> Bool {
    if relation.isEmpty { return false }
    // By UTF-8 bytes, in place: comparing non-ASCII strings with == normalizes them.
    return relation.withUTF8Bytes(isHead(bytes:))
  }

  /// 本人 = E6 9C AC E4 BA BA; 户主 = E6 88 B7 E4 B8 BB, anywhere in the text.
  private static func isHead(bytes b: UnsafeBufferPointer<UInt8>) -> Bool {
    if b.count == 6, b[0] == 0xE6, b[1] == 0x9C, b[2] == 0xAC, b[3] == 0xE4, b[4] == 0xBA, b[5] == 0xBA {
      return true
    }
    guard b.count >= 6 else { return false }
    for i in 0...(b.count - 6)
    where b[i] == 0xE6 && b[i + 1] == 0x88 && b[i + 2] == 0xB7 && b[i + 3] == 0xE4
      && b[i + 4] == 0xB8 && b[i + 5] == 0xBB
    {
      return true
    }
    return false
  }

  /// Splits text of the shape of an 18-character ID (17 digits, then a digit or `X`) into its
  /// 17-digit body and check character (ASCII); nil for any other text. The one parser of this
  /// shape: the compact record, the deaths index and deduplication keys all use it.
  ///
  /// ```swift
  /// VerifiedRecord.split("11010519491231002X")! == (11010519491231002, 0x58)
  /// ```
  public static func split(_ id: String) -> (UInt64, UInt8)? {
    id.withUTF8Bytes(split(bytes:))
  }

  /// ``split(_:)`` of the ID's UTF-8 bytes (as stored in a database column, say).
  public static func split(bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt8)? {
    guard bytes.count == 18, let base = bytes.baseAddress else { return nil }
    // Eight digits at a time (SWAR): a loop of 17 multiply-adds is one long dependency chain.
    let raw = UnsafeRawPointer(base)
    let a = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) &- 0x3030_3030_3030_3030
    let b = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) &- 0x3030_3030_3030_3030
    let d = bytes[16] &- 0x30
    // A byte below "0" wraps to 0xC?–0xF? (a borrow from it can only follow such a byte); one
    // above "9" is 0x0A or more, and adding 6 sets its high nibble.
    let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
    guard (a | (a &+ 0x0606_0606_0606_0606)) & high == 0,
      (b | (b &+ 0x0606_0606_0606_0606)) & high == 0, d <= 9
    else { return nil }
    let c = bytes[17]
    guard (c >= 0x30 && c <= 0x39) || c == 0x58 else { return nil }
    return (eightDigits(a) &* 1_000_000_000 &+ eightDigits(b) &* 10 &+ UInt64(d), c)
  }

  /// The number written by eight digit values, one a byte, the first in the lowest byte.
  @inline(__always) static func eightDigits(_ v: UInt64) -> UInt64 {
    var v = (v & 0x0F00_0F00_0F00_0F00) >> 8 &+ (v & 0x000F_000F_000F_000F) &* 10
    v = (v & 0x00FF_0000_00FF_0000) >> 16 &+ (v & 0x0000_00FF_0000_00FF) &* 100
    return (v & 0x0000_FFFF_0000_0000) >> 32 &+ (v & 0x0000_0000_0000_FFFF) &* 10_000
  }

}

extension Array where Element == VerifiedRecord {
  // A computed property of an array element, `records[i].nameKey` say, copies the whole
  // record first (retaining each of its strings); these read only the stored fields they need.

  /// The name key of record `i` (see ``VerifiedRecord/nameKey``), read in place.
  ///
  /// ```swift
  /// records.nameKey(at: 0) == records[0].nameKey
  /// ```
  @inlinable public func nameKey(at i: Int) -> String {
    if let key = self[i].extras?.nameKey, !key.isEmpty { return key }
    return self[i].name
  }

  /// The normalized ID of record `i` (see ``VerifiedRecord/id``), read in place.
  @inlinable public func id(at i: Int) -> String {
    let check = self[i].idCheck
    guard check != 0 else { return self[i].extras?.invalidID ?? "" }
    return VerifiedRecord.idText(body: self[i].idBody, check: check)
  }

  /// ``VerifiedRecord/withIDBytes(_:)`` of record `i`, read in place.
  @inlinable public func withIDBytes<R>(
    at i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) rethrows -> R {
    let check = self[i].idCheck
    return try VerifiedRecord.withIDBytes(
      body: self[i].idBody, check: check,
      invalidID: check != 0 ? "" : self[i].extras?.invalidID ?? "", body)
  }

  /// ``VerifiedRecord/idRawIfDifferent`` of record `i`, read in place.
  @inlinable public func idRawIfDifferent(at i: Int) -> String? {
    guard let raw = self[i].extras?.idRaw, !raw.isEmpty else { return nil }
    return raw
  }
}

extension VerifiedRecord {
  /// The compact form of `s`. It keeps `s`'s ``Place``: records whose subjects share one
  /// (normalized with one `TextCache`, or given one `PlaceCache`: see
  /// ``SubjectRecord/setAddress(county:township:village:sharingWith:)``) share it too.
  public init(_ s: SubjectRecord) {
    self = VerifiedRecord.compact(s)
  }

  /// ``init(_:)``'s work: everything is worked out first, then stored at once by the
  /// memberwise initializer the compiler makes (these initializers are in an extension so
  /// that it does: one written out built the record aside and copied it out, retaining and
  /// releasing its references again).
  static func compact(_ s: SubjectRecord) -> VerifiedRecord {
    let nameKey = s.nameKey == s.name ? "" : s.nameKey
    var body: UInt64 = 0
    var check: UInt8 = 0
    if s.idValid, let (b, c) = VerifiedRecord.split(s.id) { (body, check) = (b, c) }
    let invalidID = check == 0 ? s.id : ""
    let idRaw = s.idRaw == s.id ? "" : s.idRaw
    let extras =
      nameKey.isEmpty && invalidID.isEmpty && idRaw.isEmpty
      ? nil : Extras(nameKey: nameKey, invalidID: invalidID, idRaw: idRaw)
    return VerifiedRecord(
      provenance: s.provenance, idCheck: check, sex: s.sex, categories: s.categories,
      eligibleAs: s.eligibleAs, status: s.status, hardship: s.hardship,
      isHouseholdHead: VerifiedRecord.isHead(s.relation), birthDate: s.birthDate,
      storedGrade: (s.disabilityGrade ?? s.certGrade).map { Int8(clamping: $0) }, name: s.name,
      idBody: body, extras: extras, householdKey: s.householdKey, place: s.place,
      reasons: ReasonSet(s.findings.lazy.map(\.reason)))
  }
}
