import RosterCore

/// One identity number as the engine read it: what was typed, its normalized form, its kind,
/// what it encodes and every finding (as reason codes).
///
/// Birth date, sex and region are decoded whenever the digits allow, even when the number is
/// invalid for another reason (a wrong check character, say); use them as the person's facts
/// only when ``isValid`` is true.
///
/// ```swift
/// let id = IDEngine(referenceDate: asOf).parse(" 622627199001010026")
/// id.normalized == "622627199001010026"
/// id.reasons == [.idNormalized, .idRegionRetired]
/// id.regionName == "甘肃省陇南地区西和县"
/// IDMask.mask(id.normalized) == "622627********0026"
/// ```
public struct ParsedID: Sendable, Hashable {
  /// The value exactly as given.
  public let input: String
  /// The normalized text when it differs from `input` (nil: the same).
  let storedNormalized: String?
  /// What the value was read as; nil when it is not shaped like any identity number (empty,
  /// wrong length, letters, scientific notation).
  public let kind: IDKind?
  /// The findings, one bit per reason code.
  public let reasonSet: IDReasons
  /// What normalization removed or converted (empty when the value was typed cleanly).
  public let artefacts: TypingArtefacts
  /// The encoded birth date as YYYYMMDD when it is a real date, else 0.
  let birthKey: Int32
  /// 0 unknown, 1 male, 2 female.
  let sexCode: UInt8
  /// The six-digit address code (resident IDs and permits), the province of issue as `XX0000`
  /// (foreign permanent resident IDs), or 0.
  public let regionCodeNumber: Int32
  /// The name of the region table that applies (a period's index, or the Taiwan permits'
  /// name after them), or -1.
  let regionPeriod: Int32
  /// The ISO 3166-1 numeric nationality of a foreign permanent resident ID, or -1.
  let nationalityNumber: Int16

  init(
    input: String, normalized: String?, artefacts: TypingArtefacts = TypingArtefacts(rawValue: 0),
    core: IDCore
  ) {
    self.input = input
    self.storedNormalized = normalized
    self.kind = core.kind
    self.reasonSet = core.reasons
    self.artefacts = artefacts
    self.birthKey = core.birthKey
    self.sexCode = core.sex
    self.regionCodeNumber = core.regionCode
    self.regionPeriod = core.regionPeriod
    self.nationalityNumber = core.nationality
  }

  /// The 18-character ID (a legacy 15-digit ID upgraded) when the value could be read as one;
  /// otherwise the text left after removing typing artefacts ("" when empty).
  public var normalized: String { storedNormalized ?? input }

  /// The birth date the number encodes, when it is a real date.
  public var birthDate: CalendarDate? {
    guard birthKey > 0 else { return nil }
    let k = Int(birthKey)
    return CalendarDate(year: k / 10_000, month: k / 100 % 100, day: k % 100)
  }

  /// Sex from the sequence's last digit (odd male, even female); nil for foreign permanent
  /// resident IDs and when Excel zeroed the digit.
  public var sex: Sex? {
    switch sexCode {
    case 1: .male
    case 2: .female
    default: nil
    }
  }

  public static func == (a: ParsedID, b: ParsedID) -> Bool {
    a.input == b.input && a.normalized == b.normalized && a.kind == b.kind
      && a.reasonSet == b.reasonSet && a.artefacts == b.artefacts && a.birthKey == b.birthKey
      && a.sexCode == b.sexCode && a.regionCodeNumber == b.regionCodeNumber
      && a.regionPeriod == b.regionPeriod && a.nationalityNumber == b.nationalityNumber
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(input)
    hasher.combine(normalized)
    hasher.combine(reasonSet)
  }

  /// True when the number is usable: no finding of severity `error`.
  @inlinable public var isValid: Bool { !reasonSet.containsError }

  /// The reason codes, in catalog order.
  public var reasons: [Reason] { reasonSet.reasons }

  /// True when the parse found `reason`.
  public func has(_ reason: Reason) -> Bool { reasonSet.contains(IDReasons(reason)) }

  /// The address code as six digits (`"621225"`), or "" when there is none.
  public var regionCode: String {
    guard regionCodeNumber > 0 else { return "" }
    guard regionCodeNumber < 1_000_000 else { return String(regionCodeNumber) }
    if let shared = RegionTable.standard.codeText(period: Int(regionPeriod), code: regionCodeNumber) {
      return shared
    }
    // Six digits written directly: a small string, made for every record.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6) { digits in
      var v = Int(regionCodeNumber)
      for i in stride(from: 5, through: 0, by: -1) {
        digits[i] = 0x30 + UInt8(v % 10)
        v /= 10
      }
      return String(decoding: digits, as: UTF8.self)
    }
  }

  /// The region's name in force at the birth year (resident IDs), e.g. `甘肃省天水地区西和县` for
  /// 622527; the prefecture's name for a legacy city-level code; the region of a permit; the
  /// province of issue of a foreign permanent resident ID. "" when unknown.
  public var regionName: String {
    guard regionPeriod >= 0 else { return "" }
    // The table's own string: shared, not decoded again for every record.
    return RegionTable.standard.name(period: Int(regionPeriod))
  }

  /// The UTF-8 bytes of ``regionName`` (empty when unknown), without creating a string: for
  /// writers of large outputs. The bytes belong to the static region table and stay valid for
  /// the life of the process.
  ///
  /// ```swift
  /// output.append(contentsOf: id.regionNameUTF8)
  /// ```
  public var regionNameUTF8: UnsafeBufferPointer<UInt8> {
    regionPeriod >= 0
      ? RegionIndex.standard.nameUTF8(period: Int(regionPeriod))
      : UnsafeBufferPointer(start: nil, count: 0)
  }

  /// The nationality of a foreign permanent resident ID (ISO 3166-1 numeric, e.g. `"840"`).
  public var nationalityCode: String? {
    guard nationalityNumber >= 0 else { return nil }
    let s = String(nationalityNumber)
    return String(repeating: "0", count: 3 - s.count) + s
  }

  /// The nationality's country, when the code is a known ISO 3166-1 country.
  public var nationality: ISO3166.Country? {
    nationalityNumber >= 0 ? ISO3166.country(numeric: Int(nationalityNumber)) : nil
  }

  /// The findings, with messages a data specialist can act on (no full ID in any message).
  public var findings: [Finding] { findings(field: .idNumber) }

  /// The findings, attributed to `field` (e.g. `.householdID` when the value is a household
  /// head's ID).
  public func findings(field: Field) -> [Finding] {
    var out: [Finding] = []
    appendFindings(field: field, to: &out)
    return out
  }

  /// Appends the findings to `out`: a record's findings need no array of their own per parse.
  public func appendFindings(field: Field = .idNumber, to out: inout [Finding]) {
    reasonSet.forEachReason { out.append(Finding($0, field: field, message: message(for: $0))) }
  }

  /// The explanation of one of this parse's findings.
  func message(for reason: Reason) -> String {
    let year = birthDate?.year
    switch reason {
    case .idMissing:
      return "the ID is empty"
    case .idNormalized:
      return "removed or converted \(artefacts.summary)"
    case .idNotAnID:
      if let odd = normalized.first(where: { !($0.isASCII && ($0.isNumber || $0 == "X")) }) {
        return "contains \"\(odd)\", which cannot appear in an ID"
      }
      return "X can only be the last character of an 18-character ID"
    case .idLength:
      return "has \(normalized.count) characters; an ID has 18 (15 for a legacy ID)"
    case .idExcelScientific:
      return "the value is in Excel's scientific notation (like 6.21225E+17); the digits are lost"
    case .idExcelZeroed:
      return "ends in 000 and fails the check: Excel kept only the first 15 digits"
    case .idZeroEndingConfirm:
      return "ends in 000; the check passes, but Excel damage looks the same"
    case .idCheckDigit:
      let body = normalized.prefix(17)
      if let expected = IDChecksum.checkCharacter(for: body), let given = normalized.last {
        return "the check character should be \(expected), the number has \(given)"
      }
      return "the check character does not match"
    case .idBirthDateInvalid:
      return "the birth date digits do not form a real date"
    case .idBirthDateFuture:
      return "the birth date \(birthDate.map(\.description) ?? "") is after the reference date"
    case .idBirthDateTooEarly:
      return "the birth date \(birthDate.map(\.description) ?? "") is before 1890"
    case .idRegionUnknown:
      return "the address code \(regionCode) has not been in use since 1981"
    case .idRegionRetired:
      // The parse looked the code up in the birth year when that was a year of 1890–2100.
      if let year, (1890...2100).contains(year),
        let message = RegionTable.standard.retiredMessage(period: Int(regionPeriod), code: regionCodeNumber)
      {
        return message
      }
      if let message = RegionTable.standard.retiredMessage(code: regionCodeNumber, year: year ?? 9999) {
        return message
      }
      if let r = RegionTable.standard.region(code: regionCodeNumber, year: year ?? 9999),
        let retired = r.retiredIn
      {
        let successor = r.successor.map { ", now \($0)" } ?? ""
        return "the address code \(regionCode) (\(r.name)) was retired in \(retired)\(successor)"
      }
      return "the address code \(regionCode) has been retired"
    case .idRegionNotYetInUse:
      if let r = RegionTable.standard.region(code: regionCodeNumber, year: year ?? 9999) {
        return
          "the address code \(regionCode) came into use in \(r.firstYear), after the birth year \(year.map(String.init) ?? "")"
      }
      return "the address code \(regionCode) came into use after the birth year"
    case .idRegionCityLevel:
      return "the address code \(regionCode) is a city-level code of \(regionName)"
    case .idLegacy15:
      return "a 15-digit legacy ID, upgraded to 18 digits"
    case .idForeignNationality:
      let code = nationalityCode ?? ""
      if let n = nationalityNumber >= 0 ? Int(nationalityNumber) : nil,
        ISO3166.notForeign.contains(n)
      {
        return "the nationality code \(code) is not a foreign country"
      }
      return "the nationality code \(code) is not an ISO 3166-1 country"
    default:
      return reason.entry.english
    }
  }
}

/// A disability certificate number (残疾人证号) as read: the holder's ID part, the type digit,
/// the grade digit and the re-issue suffix.
///
/// ```swift
/// let cert = engine.parseCertificate("62122520080101002442")
/// cert.id?.isValid == true
/// (cert.type, cert.grade) == (4, 2)       // 肢体, 二级
/// cert.reasons == []
/// ```
///
/// The Verify stage compares ``id`` with the person's ID and ``type``/``grade`` with the
/// record's columns; the ID part's own findings are in `id?.reasons`.
public struct ParsedCertificate: Sendable, Hashable {
  /// The value exactly as given.
  public let input: String
  /// The certificate number without typing artefacts (re-issue suffix uppercased).
  public let normalized: String
  /// The first 18 characters read as an identity number; nil when the value is shorter.
  public let id: ParsedID?
  /// Disability type 1–7 (视力 1, 听力 2, 言语 3, 肢体 4, 智力 5, 精神 6, 多重 7), when valid.
  public let type: Int?
  /// Disability grade 1–4 (1 most severe), when valid.
  public let grade: Int?
  /// The re-issue suffix, e.g. `B1`.
  public let reissue: String?
  /// The certificate's own findings (`CERT_*`, and `ID_NORMALIZED` for typing artefacts).
  public let reasonSet: IDReasons
  public let artefacts: TypingArtefacts

  /// True when the value was empty.
  public var isEmpty: Bool { normalized.isEmpty }

  /// True when the certificate's own format is right (the ID part is judged separately).
  public var isWellFormed: Bool { !isEmpty && !reasonSet.containsError }

  /// The certificate's own reason codes, in catalog order.
  public var reasons: [Reason] { reasonSet.reasons }

  /// The certificate's own findings, attributed to `disability_cert`.
  public var findings: [Finding] {
    var out: [Finding] = []
    appendFindings(to: &out)
    return out
  }

  /// Appends the certificate's own findings to `out`.
  public func appendFindings(to out: inout [Finding]) {
    reasonSet.forEachReason { reason in
      let message: String =
        switch reason {
        case .idNormalized: "removed or converted \(artefacts.summary)"
        case .certFormat:
          normalized.utf8.count < 20
            ? "has \(normalized.count) characters; a certificate number is the 18-character ID followed by a type and a grade digit"
            : "unexpected characters after the type and grade digits (a re-issue suffix looks like B1)"
        case .certTypeDigit: "the type digit \(digit(at: 18)) is not 1–7"
        case .certGradeDigit: "the grade digit \(digit(at: 19)) is not 1–4"
        case .certReissued: "re-issued certificate (\(reissue ?? ""))"
        default: reason.entry.english
        }
      out.append(Finding(reason, field: .disabilityCert, message: message))
    }
  }

  /// The character at byte `offset` of the normalized number, quoted, for messages.
  private func digit(at offset: Int) -> String {
    let bytes = Array(normalized.utf8)
    guard offset < bytes.count else { return "" }
    return bytes[offset] < 0x80
      ? "\"\(Character(Unicode.Scalar(bytes[offset])))\"" : "(not a digit)"
  }
}

/// What a parse found, before the strings are attached: plain values, built without
/// allocating on the hot path.
struct IDCore {
  var kind: IDKind?
  var reasons = IDReasons(rawValue: 0)
  /// YYYYMMDD of a real birth date, else 0.
  var birthKey: Int32 = 0
  /// 0 unknown, 1 male, 2 female.
  var sex: UInt8 = 0
  var regionCode: Int32 = 0
  var regionPeriod: Int32 = -1
  var nationality: Int16 = -1

  init(kind: IDKind? = nil, reasons: IDReasons = IDReasons(rawValue: 0)) {
    self.kind = kind
    self.reasons = reasons
  }
}
