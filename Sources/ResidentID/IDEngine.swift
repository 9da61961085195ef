import RosterCore

/// Reads identity numbers the way they are really typed into rosters (§3 of the data contract).
///
/// The engine normalizes typing artefacts, recognises the kind of number (18-character resident
/// ID, 15-digit legacy ID, Hong Kong / Macao / Taiwan residence permit, 2023 foreign permanent
/// resident ID), checks it (MOD 11-2 check character, birth date, address code with its history,
/// Excel damage) and reports every outcome as a reason code. It does no I/O and is cheap to copy;
/// the only state is the reference date against which birth dates "in the future" are judged.
///
/// ```swift
/// let engine = IDEngine(referenceDate: CalendarDate(year: 2026, month: 1, day: 1)!)
/// let id = engine.parse("11010519491231002X")
/// id.isValid == true
/// id.kind == .resident
/// id.birthDate?.description == "1949-12-31"
/// id.sex == .female
/// id.regionName == "北京市朝阳区"
///
/// engine.parse("610104620927690").normalized == "610104196209276908"   // ID_LEGACY_15
/// engine.parse("6.21225E+17").reasons == [.idExcelScientific]
/// ```
///
/// A clean 18-character value (17 digits and a digit or `X`, nothing to normalize) takes a fast
/// path on its UTF-8 bytes that allocates nothing.
public struct IDEngine: Sendable {
  /// Birth dates after this day are rejected (`ID_BIRTH_DATE_FUTURE`); the run's `--as-of`.
  public let referenceDate: CalendarDate
  /// `referenceDate` as YYYYMMDD.
  let referenceKey: Int
  /// The lookup arrays of `RegionTable.standard` (immortal), as plain pointers.
  let regions: RegionIndex

  /// The year identity numbers were first assigned (first-generation ID cards, 1984). A person
  /// born earlier got their number then or later, so an address code that came into use by
  /// this year is never "not yet in use" for them: `ID_REGION_NOT_YET_IN_USE` is raised when the
  /// code came into use after both the birth year and this year (the worked example of the
  /// standard, 610104 莲湖区 since 1983 for a person born 1962, is fine).
  @inlinable public static var firstNumberingYear: Int { 1984 }

  /// Birth dates before this day are rejected (`ID_BIRTH_DATE_TOO_EARLY`).
  public static let earliestBirthDate = CalendarDate(year: 1890, month: 1, day: 1)!

  public init(referenceDate: CalendarDate) {
    self.referenceDate = referenceDate
    self.referenceKey = referenceDate.year * 10_000 + referenceDate.month * 100 + referenceDate.day
    self.regions = RegionTable.standard.index
  }

  // MARK: Entry points

  /// Reads one identity number as typed.
  ///
  /// Never fails: an empty value, a name typed in the ID column or an Excel-mangled number all
  /// come back as an invalid ``ParsedID`` whose ``ParsedID/reasons`` say why.
  public func parse(_ raw: String) -> ParsedID {
    if let parsed = parsePlain(raw) { return parsed }
    var copy = raw
    let (cleaned, artefacts) = copy.withUTF8 { IDText.clean($0) }
    return cleaned.withUnsafeBufferPointer { evaluate($0, input: raw, artefacts: artefacts) }
  }

  /// Reads a disability certificate number (残疾人证号): the holder's 18-character ID, the type
  /// digit (1–7), the grade digit (1–4) and an optional re-issue suffix such as `B1`.
  ///
  /// ```swift
  /// let cert = engine.parseCertificate("62122520080101002442B1")
  /// cert.id?.normalized == "621225200801010024"
  /// cert.type == 4
  /// cert.grade == 2
  /// cert.reissue == "B1"                      // CERT_REISSUED (info)
  /// ```
  ///
  /// An empty value gives a certificate with no ID part and no findings: whether a certificate
  /// is required is the caller's decision.
  ///
  /// `holder` is the record's own ID as already parsed: when the certificate starts with
  /// exactly that ID's normalized text (as it usually does), its ID part is not parsed a
  /// second time, and ``ParsedCertificate/id`` is `holder` itself (with the holder's own input
  /// and typing artefacts).
  public func parseCertificate(_ raw: String, holder: ParsedID? = nil) -> ParsedCertificate {
    var copy = raw
    return copy.withUTF8 { bytes in
      // Only digits and capital letters (as usually typed): nothing to clean, and the bytes
      // are read where they are (IDText.clean would copy them, unchanged, into an array).
      if bytes.allSatisfy({ $0 &- 0x30 < 10 || $0 &- 0x41 < 26 }) {
        return certificate(cleaned: bytes, artefacts: [], input: raw, holder: holder)
      }
      let (cleaned, artefacts) = IDText.clean(bytes)
      return cleaned.withUnsafeBufferPointer {
        certificate(cleaned: $0, artefacts: artefacts, input: raw, holder: holder)
      }
    }
  }

  /// Reads a value that may be an identity number or a disability certificate number (what
  /// `rostercheck id` does with each line): a value shaped like an ID followed by two digits is
  /// read as a certificate, anything else as an ID.
  ///
  /// ```swift
  /// if case .certificate(let cert) = engine.read("62122520080101002442") { cert.grade == 2 }
  /// ```
  public func read(_ raw: String) -> IdentityValue {
    if let parsed = parsePlain(raw) { return .id(parsed) }
    var copy = raw
    let (cleaned, artefacts) = copy.withUTF8 { IDText.clean($0) }
    if IDEngine.isCertificateShape(cleaned) {
      return .certificate(
        cleaned.withUnsafeBufferPointer { certificate(cleaned: $0, artefacts: artefacts, input: raw) })
    }
    return .id(cleaned.withUnsafeBufferPointer { evaluate($0, input: raw, artefacts: artefacts) })
  }

  /// The valid identity numbers one typing mistake away from an invalid 18-character `id`: one
  /// digit substituted, the check character replaced, or two adjacent characters swapped; each
  /// candidate must pass every check (check character, birth date, known address code). Used to
  /// find the person a mistyped ID probably belongs to (§5).
  ///
  /// ```swift
  /// engine.corrections(of: "11010519491231003X").contains("11010519491231002X")
  /// ```
  public func corrections(of id: String) -> [String] {
    let normalized = parse(id).normalized
    return IDChecksum.checkPassingNeighbours(of: normalized).filter { parse($0).isValid }
  }

  // MARK: Shapes

  /// The fast path: a value that is exactly 17 digits and a digit or `X`, or exactly 15
  /// digits, with nothing to normalize, is checked on the string's own bytes; nil otherwise.
  @inline(__always)
  func parsePlain(_ raw: String) -> ParsedID? {
    var core = IDCore()
    var upgraded: String?
    let done =
      raw.utf8.withContiguousStorageIfAvailable { b -> Bool in
        if b.count == 18 {
          for i in 0..<17 where b[i] &- 48 >= 10 { return false }
          guard b[17] &- 48 < 10 || b[17] == UInt8(ascii: "X") else { return false }
          evaluate18(b, into: &core)
          return true
        }
        if b.count == 15 {
          for i in 0..<15 where b[i] &- 48 >= 10 { return false }
          evaluate15(b, into: &core)
          if !core.reasons.containsError { upgraded = IDChecksum.upgraded(b) }
          return true
        }
        return false
      } ?? false
    return done ? ParsedID(input: raw, normalized: upgraded, core: core) : nil
  }

  /// An ID (17 digits + digit or X) followed by two digits and, optionally, a short suffix.
  static func isCertificateShape(_ b: [UInt8]) -> Bool {
    guard (20...24).contains(b.count) else { return false }
    for i in 0..<17 where b[i] &- 48 >= 10 { return false }
    guard b[17] &- 48 < 10 || b[17] == UInt8(ascii: "X") else { return false }
    return b[18] &- 48 < 10 && b[19] &- 48 < 10
  }

  // MARK: Evaluation

  /// Classifies and checks the cleaned bytes of a value that needed normalizing (or did not
  /// fit the fast path).
  func evaluate(_ b: UnsafeBufferPointer<UInt8>, input: String, artefacts: TypingArtefacts)
    -> ParsedID
  {
    let n = b.count
    let cleaned = n == 0 ? "" : String(decoding: b, as: UTF8.self)
    func result(_ core: IDCore, normalized: String? = nil) -> ParsedID {
      var core = core
      if !artefacts.isEmpty && n > 0 { core.reasons.insert(.normalized) }
      return ParsedID(
        input: input, normalized: normalized ?? cleaned, artefacts: artefacts, core: core)
    }
    if n == 0 { return result(IDCore(reasons: .missing)) }
    var xPosition = -1
    for i in 0..<n {
      let c = b[i]
      if c &- 48 < 10 { continue }
      if c == UInt8(ascii: "X") {
        if xPosition < 0 { xPosition = i }
        continue
      }
      return result(IDCore(reasons: IDText.isScientificNotation(b) ? .excelScientific : .notAnID))
    }
    switch n {
    case 18:
      guard xPosition < 0 || xPosition == 17 else { return result(IDCore(reasons: .notAnID)) }
      var core = IDCore()
      evaluate18(b, into: &core)
      return result(core)
    case 15:
      guard xPosition < 0 else { return result(IDCore(reasons: .notAnID)) }
      var core = IDCore()
      evaluate15(b, into: &core)
      return result(core, normalized: core.reasons.containsError ? nil : IDChecksum.upgraded(b))
    default:
      return result(IDCore(reasons: .length))
    }
  }

  @inline(__always)
  static func digits(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int) -> Int {
    var v = 0
    for i in from..<(from + count) { v = v &* 10 &+ Int(b[i] &- 48) }
    return v
  }

  /// Checks an 18-character value of digits with a digit or `X` last.
  @inline(__always)
  func evaluate18(_ b: UnsafeBufferPointer<UInt8>, into core: inout IDCore) {
    let checkOK = IDChecksum.checkByte(b) == b[17]
    let zeroEnding = b[15] == 48 && b[16] == 48 && b[17] == 48
    if !checkOK {
      core.reasons.insert(zeroEnding ? .excelZeroed : .checkDigit)
    } else if zeroEnding {
      core.reasons.insert(.zeroEndingConfirm)
    }
    let year = IDEngine.digits(b, 6, 4)
    checkBirthDate(
      year: year, month: IDEngine.digits(b, 10, 2), day: IDEngine.digits(b, 12, 2), into: &core)

    if b[0] == UInt8(ascii: "9") {
      // 2023 foreign permanent resident ID: 9, province of issue, ISO 3166 nationality.
      core.kind = .foreignPermanent
      core.regionCode = Int32(IDEngine.digits(b, 1, 2)) * 10_000
      let e = regions.entry(of: core.regionCode)
      if e != 0 {
        core.regionPeriod = Int32(regions.periodIndex(e, year: referenceDate.year))
      } else {
        core.reasons.insert(.regionUnknown)
      }
      let nationality = IDEngine.digits(b, 3, 3)
      core.nationality = Int16(nationality)
      if !ISO3166.known[nationality] || ISO3166.isChinese(nationality) {
        core.reasons.insert(.foreignNationality)
      }
      return
    }
    // Excel's damage replaced the sequence's last digit, which carries the sex.
    if checkOK || !zeroEnding { core.sex = (b[16] &- 48) & 1 == 1 ? 1 : 2 }
    core.regionCode = Int32(IDEngine.digits(b, 0, 6))
    switch core.regionCode {
    case 810_000, 820_000:
      core.kind = .hkMacaoPermit
      let e = regions.entry(of: core.regionCode)
      if e != 0 { core.regionPeriod = Int32(regions.periodIndex(e, year: referenceDate.year)) }
    case 830_000:
      core.kind = .taiwanPermit
      core.regionPeriod = Int32(regions.taiwanPermitNameIndex)
    default:
      core.kind = .resident
      let regionYear = (1890...2100).contains(year) ? year : referenceDate.year
      checkRegion(year: regionYear, into: &core)
    }
  }

  /// Checks a 15-digit legacy ID: address code, YYMMDD (19YY), 3-digit sequence.
  @inline(__always)
  func evaluate15(_ b: UnsafeBufferPointer<UInt8>, into core: inout IDCore) {
    core.kind = .residentLegacy15
    core.reasons.insert(.legacy15)
    let year = 1900 + IDEngine.digits(b, 6, 2)
    checkBirthDate(
      year: year, month: IDEngine.digits(b, 8, 2), day: IDEngine.digits(b, 10, 2), into: &core)
    core.sex = (b[14] &- 48) & 1 == 1 ? 1 : 2
    core.regionCode = Int32(IDEngine.digits(b, 0, 6))
    checkRegion(year: year, into: &core)
  }

  /// Checks a birth date; records it when it is a real date (even if out of range).
  @inline(__always)
  func checkBirthDate(year: Int, month: Int, day: Int, into core: inout IDCore) {
    let days: Int
    switch month {
    case 2: days = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: days = 30
    case 1, 3, 5, 7, 8, 10, 12: days = 31
    default: days = 0
    }
    guard day >= 1, day <= days, year >= 1 else {
      core.reasons.insert(.birthDateInvalid)
      return
    }
    let key = year * 10_000 + month * 100 + day
    if key < 18_900_101 {
      core.reasons.insert(.birthDateTooEarly)
    } else if key > referenceKey {
      core.reasons.insert(.birthDateFuture)
    }
    core.birthKey = Int32(key)
  }

  /// Looks `core.regionCode` up with its history and records the period whose name applies.
  @inline(__always)
  func checkRegion(year: Int, into core: inout IDCore) {
    let code = core.regionCode
    let e = regions.entry(of: code)
    if e != 0 {
      switch RegionTable.level(of: code) {
      case .county:
        // The number was assigned at birth registration, or at the first issue of ID cards for
        // people born earlier: a code is "not yet in use" only if it started after both.
        let assigned = year > IDEngine.firstNumberingYear ? year : IDEngine.firstNumberingYear
        if RegionIndex.firstYear(e) > assigned { core.reasons.insert(.regionNotYetInUse) }
        if RegionIndex.isRetired(e) { core.reasons.insert(.regionRetired) }
        core.regionPeriod = Int32(regions.periodIndex(e, year: year))
      case .prefecture:
        core.reasons.insert(.regionCityLevel)
        core.regionPeriod = Int32(regions.periodIndex(e, year: year))
      case .province:
        core.reasons.insert(.regionUnknown)
      }
      return
    }
    if let parent = cityLevelParent(of: code) {
      let e = regions.entry(of: parent)
      if e != 0 {
        core.reasons.insert(.regionCityLevel)
        core.regionPeriod = Int32(regions.periodIndex(e, year: year))
        return
      }
    }
    core.reasons.insert(.regionUnknown)
  }

  /// For a code not in the table that looks like a legacy city-level code (`…01`, `…02`, `…11`,
  /// `…20` under a prefecture; `XX01xx`–`XX03xx` under a municipality), the code of the
  /// prefecture or municipality it belongs to.
  func cityLevelParent(of code: Int32) -> Int32? {
    let suffix = code % 100
    let middle = (code / 100) % 100
    let province = code / 10_000
    let citySuffix = suffix == 1 || suffix == 2 || suffix == 11 || suffix == 20
    if citySuffix, middle != 0, regions.entry(of: code - suffix) != 0 {
      return code - suffix
    }
    let municipality = province == 11 || province == 12 || province == 31 || province == 50
    if municipality, (1...3).contains(middle), citySuffix || suffix == 0 {
      return province * 10_000
    }
    return nil
  }

  // MARK: Certificates

  func certificate(
    cleaned b: UnsafeBufferPointer<UInt8>, artefacts: TypingArtefacts, input: String, holder: ParsedID? = nil
  ) -> ParsedCertificate {
    var reasons: IDReasons = artefacts.isEmpty || b.isEmpty ? [] : .normalized
    /// A lower-case re-issue letter, written as a capital in the normalized number.
    var lowercaseReissue = false
    guard !b.isEmpty else {
      return ParsedCertificate(
        input: input, normalized: "", id: nil, type: nil, grade: nil, reissue: nil,
        reasonSet: [], artefacts: artefacts)
    }
    var id: ParsedID?
    if b.count >= 18 {
      if let holder, holder.normalized.hasUTF8Bytes(b[0..<18]) {
        id = holder  // the same 18 characters read the same way
      } else {
        id = parse(String(decoding: b[0..<18], as: UTF8.self))
      }
    } else {
      reasons.insert(.certFormat)
    }
    var type: Int?
    var grade: Int?
    var reissue: String?
    if b.count >= 20 {
      let t = Int(b[18]) - 48
      if (1...7).contains(t) { type = t } else { reasons.insert(.certTypeDigit) }
      let g = Int(b[19]) - 48
      if (1...4).contains(g) { grade = g } else { reasons.insert(.certGradeDigit) }
      let suffix = b[20...]
      if !suffix.isEmpty {
        let letter = suffix.first!
        let rest = suffix.dropFirst()
        if letter == UInt8(ascii: "B") || letter == UInt8(ascii: "b"), (1...2).contains(rest.count),
          rest.allSatisfy({ $0 &- 48 < 10 })
        {
          if letter == UInt8(ascii: "b") {
            lowercaseReissue = true
            reasons.insert(.normalized)
          }
          reissue = "B" + String(decoding: rest, as: UTF8.self)
          reasons.insert(.certReissued)
        } else {
          reasons.insert(.certFormat)
        }
      }
    } else if b.count >= 18 {
      reasons.insert(.certFormat)
    }
    var allArtefacts = artefacts
    let normalized: String
    if lowercaseReissue {
      allArtefacts.insert(.lowercase)
      var bytes = Array(b)
      bytes[20] = UInt8(ascii: "B")
      normalized = String(decoding: bytes, as: UTF8.self)
    } else {
      // Nothing changed (the usual case): the input's own string, not a new one.
      normalized = input.hasUTF8Bytes(b) ? input : String(decoding: b, as: UTF8.self)
    }
    return ParsedCertificate(
      input: input, normalized: normalized, id: id,
      type: type, grade: grade, reissue: reissue, reasonSet: reasons, artefacts: allArtefacts)
  }
}

/// What ``IDEngine/read(_:)`` found a value to be.
public enum IdentityValue: Sendable, Hashable {
  case id(ParsedID)
  case certificate(ParsedCertificate)
}
