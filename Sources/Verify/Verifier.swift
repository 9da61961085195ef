import RosterCore

/// The Verify stage: eligibility and consistency checks on a normalized record (§4 of the data
/// contract, the semantics in `docs/architecture.md`).
///
/// A record *claims* the categories it could be paired under (its category column; severely
/// disabled when it comes from the disability roster or its category says so). Each claim
/// passes or fails with a reason; whole-record exclusions (death, jurisdiction, unsuitability)
/// clear every claim. The passing claims become ``SubjectRecord/eligibleAs``.
///
/// ```swift
/// let verifier = Verifier(rules: rules, asOf: CalendarDate(year: 2026, month: 11, day: 26)!)
/// var record = normalized
/// verifier.verify(&record)
/// record.eligibleAs      // e.g. [.orphan]
/// record.findings        // e.g. [CHILD_AGED_OUT …] when a claim failed
/// ```
public struct Verifier: Sendable {
  public let rules: Rules
  public let asOf: CalendarDate
  public let jurisdiction: Rules.Jurisdiction?
  public let deaths: DeathIndex
  private let jurisdictionNames: ByteFirstSet
  private let jurisdictionCodes: ByteFirstSet
  /// The names without their administrative suffix ("西和县" → "西和").
  private let jurisdictionShortNames: ByteFirstSet
  /// The eligible disability grades as listed in a `DISABILITY_GRADE_INELIGIBLE` message, e.g. "1, 2".
  private let eligibleGradesText: String
  /// Messages made once, not for each of a province's findings: `DISABILITY_GRADE_INELIGIBLE`
  /// by grade 0–9, and `CHILD_AGED_OUT` by age 0–130 for orphans and for de-facto-unsupported
  /// children (others are formatted when met).
  private let gradeMessages: [String]
  private let agedOutMessages: [[String]]

  /// - Parameters:
  ///   - jurisdiction: overrides the rules' jurisdiction (`--jurisdiction`); an empty one means none.
  public init(
    rules: Rules, asOf: CalendarDate, jurisdiction: Rules.Jurisdiction? = nil,
    deaths: DeathIndex = DeathIndex()
  ) {
    self.rules = rules
    self.asOf = asOf
    let effective = jurisdiction ?? rules.jurisdiction
    self.jurisdiction = (effective?.isEmpty ?? true) ? nil : effective
    self.deaths = deaths
    let names = Set((self.jurisdiction?.names ?? []).map(Verifier.placeKey))
    jurisdictionNames = ByteFirstSet(names)
    jurisdictionCodes = ByteFirstSet(Set(self.jurisdiction?.codes ?? []))
    jurisdictionShortNames = ByteFirstSet(Set(names.compactMap(Verifier.withoutSuffix)))
    let gradesText = rules.eligibility.eligibleDisabilityGrades.sorted().map(String.init)
      .joined(separator: ", ")
    eligibleGradesText = gradesText
    gradeMessages = (0...9).map { Verifier.gradeMessage($0, eligible: gradesText) }
    agedOutMessages = [Category.orphan, .deFactoUnsupported].map { claim in
      (0...130).map { age in
        Verifier.agedOutMessage(claim, age: age, asOf: asOf, limit: rules.eligibility.childAgeLimit)
      }
    }
  }

  private static func gradeMessage(_ grade: Int, eligible gradesText: String) -> String {
    "grade \(grade); eligible: \(gradesText)"
  }

  private static func agedOutMessage(_ claim: Category, age: Int, asOf: CalendarDate, limit: Int) -> String {
    "\(claim.chineseName): age \(age) on \(asOf) (limit \(limit))"
  }

  /// Checks a roster record (civil-affairs or disability) and sets its `eligibleAs`.
  public func verify(_ r: inout SubjectRecord) {
    // The record is read through one borrowed parameter (``evaluate(_:findings:)``): reading
    // a computed property of an `inout` record, or passing it on, copied all its 380 bytes
    // each time. Its findings are moved out meanwhile, and back.
    var findings: [Finding] = []
    swap(&findings, &r.findings)
    let (eligible, listed) = evaluate(r, findings: &findings)
    swap(&findings, &r.findings)
    r.eligibleAs = eligible
    r.onDeathsList = listed
  }

  /// What ``verify(_:)`` decides for `r`, whose findings are `findings` (kept apart from it
  /// meanwhile): the categories it is eligible as, and whether its ID is on the deaths list;
  /// the new findings are appended to `findings`.
  private func evaluate(_ r: borrowing SubjectRecord, findings: inout [Finding]) -> (CategorySet, Bool) {
    // Looked up once: for the death check below, and for whoever needs to know the ID is
    // listed (``SubjectRecord/onDeathsList``), rejected records included.
    let listed = r.idValid ? deaths.entry(for: r.id) : nil
    guard !findings.rejectsRecord else { return ([], listed != nil) }
    checkConsistency(r, &findings)
    let claims = self.claims(of: r)
    var eligible = CategorySet()
    // Failed claims go straight onto the record, one finding per reason.
    let failuresStart = findings.count
    for claim in claims {
      if let failure = check(claim, of: r) {
        if !findings[failuresStart...].contains(where: { $0.reason == failure.reason }) {
          findings.append(failure)
        }
      } else {
        eligible.insert(claim)
      }
    }
    if claims.isEmpty {
      findings.append(
        Finding(.categoryUnknown, field: .category,
                message: r.categories.isEmpty ? "no category" : "category is not a pairing category"))
    } else if claims == [.minimumLiving] {
      findings.removeSubrange(failuresStart...)
      findings.append(Finding(.notPairingCategory, field: .category, message: "低保 only"))
    }

    // Whole-record exclusions.
    var excluded = false
    if let death = deathFinding(r, listed: listed) {
      findings.append(death)
      excluded = true
    }
    if let outside = jurisdictionFinding(r) {
      findings.append(outside)
      excluded = true
    }
    for condition in rules.unsuitable where matches(condition, r) {
      findings.append(Finding(.unsuitableForPairing, field: condition.field, message: condition.label))
      excluded = true
      break
    }
    return (excluded ? [] : eligible.subtracting([.minimumLiving]), listed != nil)
  }

  /// Marks an entry of the deaths list: `onRoster` when a roster record has its ID. An entry
  /// dated after the reference date is not applied.
  public func verifyDeathEntry(_ r: inout SubjectRecord, onRoster: Bool) {
    r.eligibleAs = []
    guard !r.isRejected else { return }
    if let date = r.recordedDeath, date.earliest > asOf {
      r.findings.append(
        Finding(.deathListFutureDate, field: .deathDate,
                message: "death date \(date) is after the reference date \(asOf)\(onRoster ? "; the roster record was not excluded" : "")"))
    } else if onRoster {
      r.findings.append(Finding(.deathListMatched, message: "applied to the roster records with this ID"))
    } else {
      r.findings.append(Finding(.deathListUnmatched, message: "no roster record has this ID"))
    }
  }

  // MARK: Claims

  /// The categories a record could be paired under.
  public func claims(of r: SubjectRecord) -> CategorySet {
    var claims = r.categories
    if r.provenance.source == .disability {
      claims.insert(.severelyDisabled)
    } else if claims.isEmpty, (r.disabilityGrade ?? r.certGrade) != nil {
      claims.insert(.severelyDisabled)
    }
    return claims
  }

  /// Why `claim` fails for `r`, or nil when it passes.
  func check(_ claim: Category, of r: SubjectRecord) -> Finding? {
    switch claim {
    case .orphan, .deFactoUnsupported:
      if r.status == .inactive { return inactive(r) }
      if let birth = r.birthDate {
        let age = birth.age(on: asOf)
        if age >= rules.eligibility.childAgeLimit {
          let messages = agedOutMessages[claim == .orphan ? 0 : 1]
          return Finding(
            .childAgedOut, field: .birthDate,
            message: messages.indices.contains(age)
              ? messages[age]
              : Verifier.agedOutMessage(claim, age: age, asOf: asOf, limit: rules.eligibility.childAgeLimit))
        }
      }
      return nil
    case .extremelyPoor:
      return r.status == .inactive ? inactive(r) : nil
    case .severelyDisabled:
      guard let grade = r.disabilityGrade ?? r.certGrade else {
        return Finding(.disabilityGradeIneligible, field: .disabilityGrade, message: "no disability grade")
      }
      guard rules.eligibility.eligibleDisabilityGrades.contains(grade) else {
        return Finding(
          .disabilityGradeIneligible, field: .disabilityGrade,
          message: gradeMessages.indices.contains(grade)
            ? gradeMessages[grade] : Verifier.gradeMessage(grade, eligible: eligibleGradesText))
      }
      if hasQualifyingHardship(r) { return nil }
      return Finding(
        .noQualifyingHardship, field: .hardship,
        message: r.hardship.map { "hardship \($0.rawValue)" } ?? "no hardship recorded")
    case .minimumLiving:
      return nil
    }
  }

  func hasQualifyingHardship(_ r: SubjectRecord) -> Bool {
    let qualifying = rules.eligibility.qualifyingHardship
    if let h = r.hardship, qualifying.contains(h) { return true }
    guard r.status != .inactive, r.status != .dead else { return false }
    if r.categories.contains(.extremelyPoor), qualifying.contains(.extremelyPoor) { return true }
    if r.categories.contains(.minimumLiving), qualifying.contains(.minimumLiving) { return true }
    return false
  }

  func inactive(_ r: SubjectRecord) -> Finding {
    Finding(.statusInactive, field: .status, message: "status \(r.status?.rawValue ?? "")")
  }

  // MARK: Whole-record exclusions

  /// `listed`: the record's entry in the deaths list, if any.
  func deathFinding(_ r: SubjectRecord, listed: DeathIndex.Entry?) -> Finding? {
    if r.status == .dead { return Finding(.deceased, field: .status, message: "status 死亡") }
    if let recorded = r.recordedDeath, recorded.earliest <= asOf {
      return Finding(.deceased, field: .deathDate, message: "death date \(recorded)")
    }
    if let entry = listed {
      if let date = entry.date, date > asOf { return nil }
      let when = entry.date.map { " (\($0))" } ?? ""
      return Finding(
        .deceased, field: .idNumber,
        message: "in the deaths list\(when): \(entry.provenance.file):\(entry.provenance.line)")
    }
    return nil
  }

  /// Outside when the county column names another county; when the column is blank, the ID's
  /// address code decides (codes only).
  func jurisdictionFinding(_ r: SubjectRecord) -> Finding? {
    guard jurisdiction != nil else { return nil }
    // The usual spelling, without spaces, matches byte for byte: found on the county's own
    // bytes, with no key made (nor a string hashed).
    let usual = r.county.withUTF8Bytes { bytes in
      !bytes.isEmpty && !Verifier.hasSpace(bytes)
        && (jurisdictionNames.containsBytes(bytes) || jurisdictionShortNames.containsBytes(bytes)
          || jurisdictionCodes.containsBytes(bytes))
    }
    if usual { return nil }
    let county = Verifier.placeKey(r.county)
    if !county.isEmpty {
      if jurisdictionNames.contains(county) || jurisdictionCodes.contains(county) { return nil }
      if let stripped = Verifier.withoutSuffix(county), jurisdictionNames.contains(stripped) {
        return nil
      }
      if jurisdictionShortNames.contains(county) { return nil }
      return Finding(.outsideJurisdiction, field: .county, message: "county \(r.county)")
    }
    guard !r.regionCode.isEmpty, !jurisdictionCodes.isEmpty else { return nil }
    if jurisdictionCodes.contains(r.regionCode) { return nil }
    return Finding(
      .outsideJurisdiction, field: .idNumber,
      message: "no county given; the ID's address code \(r.regionCode) is outside")
  }

  /// A place name without any whitespace (ASCII, U+3000, NBSP…), for comparison.
  static func placeKey(_ s: String) -> String {
    // Fast path: no ASCII space and no non-ASCII space lead bytes (E3 for U+3000, C2 for NBSP,
    // E2 for U+2000…): the name is already its key.
    if !s.withUTF8Bytes(hasSpace) { return s }
    return String(s.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
  }

  /// Whether the bytes may hold whitespace: an ASCII space or control, or a lead byte of a
  /// non-ASCII space (C2 for NBSP, E2 for U+2000…, E3 for U+3000). False means the text is
  /// its own ``placeKey(_:)``.
  static func hasSpace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.contains { $0 <= 0x20 || $0 == 0xC2 || $0 == 0xE2 || $0 == 0xE3 }
  }

  /// "西和县" → "西和"; nil when there is no administrative suffix to drop.
  static func withoutSuffix(_ s: String) -> String? {
    for suffix in ["自治县", "县", "区", "市", "旗"] where s.hasSuffix(suffix) && s.count > suffix.count + 1 {
      return String(s.dropLast(suffix.count))
    }
    return nil
  }

  func matches(_ condition: Rules.UnsuitableCondition, _ r: SubjectRecord) -> Bool {
    let values: [String]
    switch condition.field {
    case .supportMode: values = r.supportMode.map { [$0.rawValue] } ?? []
    case .status: values = r.status.map { [$0.rawValue] } ?? []
    case .hardship: values = r.hardship.map { [$0.rawValue] } ?? []
    case .category: values = r.categories.map(\.rawValue)
    case .sex: values = r.sex.map { [$0.rawValue] } ?? []
    case .relation: values = [r.relation]
    case .county: values = [r.county]
    case .township: values = [r.township]
    case .village: values = [r.village]
    case .disabilityType: values = r.disabilityType.map { [String($0)] } ?? []
    case .disabilityGrade: values = r.disabilityGrade.map { [String($0)] } ?? []
    case .householdID: values = [r.householdKey]
    case .phone: values = [r.phone]
    case .name: values = [r.name]
    case .idNumber, .birthDate, .disabilityCert, .deathDate: values = []
    }
    return values.contains { !$0.isEmpty && condition.values.contains($0) }
  }

  // MARK: Consistency

  /// Recorded birth date, sex and certificate against the ID (the ID wins).
  func checkConsistency(_ r: borrowing SubjectRecord, _ findings: inout [Finding]) {
    guard r.idValid else { return }
    if let recorded = r.recordedBirth, let fromID = r.birthDate, !recorded.agrees(with: fromID) {
      findings.append(
        Finding(
          .birthDateMismatch, field: .birthDate,
          message: "recorded \(recorded), the ID says \(fromID)"))
    }
    if let recorded = r.recordedSex, let fromID = r.sex, recorded != fromID {
      findings.append(
        Finding(
          .sexMismatch, field: .sex,
          message: "recorded \(recorded.chineseName), the ID says \(fromID.chineseName)"))
    }
    if !r.certID.isEmpty, r.certID != r.id {
      findings.append(
        Finding(
          .certIDMismatch, field: .disabilityCert,
          message: "certificate is for \(IDMask.mask(r.certID)), the record's ID is \(IDMask.mask(r.id))"))
    }
    if let a = r.certType, let b = r.disabilityType, a != b {
      findings.append(
        Finding(.certTypeMismatch, field: .disabilityType,
                message: "certificate type digit \(a), column says \(b)"))
    }
    if let a = r.certGrade, let b = r.disabilityGrade, a != b {
      findings.append(
        Finding(.certGradeMismatch, field: .disabilityGrade,
                message: "certificate grade digit \(a), column says \(b)"))
    }
  }
}

/// A set of strings that answers `contains` by UTF-8 bytes first. Hashing a non-ASCII `String`
/// normalizes it to NFC on every lookup (county names are Chinese: that was 5% of verifying a
/// record); a byte-identical member is found with a plain hash instead. Any other string is
/// looked up as a `String`, so the answer is exactly `Set<String>.contains`'s.
///
/// A jurisdiction holds a county or a few (its names, short names, codes): up to
/// ``linearLimit`` members are compared byte for byte in turn, which is cheaper than hashing.
struct ByteFirstSet: Sendable {
  private let strings: Set<String>
  private let byBytes: [UInt64: [String]]
  /// The members' bytes when there are at most ``linearLimit`` of them, else nil.
  private let few: [[UInt8]]?
  static let linearLimit = 8

  init(_ strings: Set<String>) {
    self.strings = strings
    if strings.count <= ByteFirstSet.linearLimit {
      few = strings.map { Array($0.utf8) }
      byBytes = [:]
    } else {
      few = nil
      byBytes = Dictionary(grouping: strings, by: { StableHash.fnv1a64($0) })
    }
  }

  var isEmpty: Bool { strings.isEmpty }

  func contains(_ s: String) -> Bool { containsBytes(s) || strings.contains(s) }

  /// True when one of the strings has exactly the bytes of `s` (then `contains(s)` is true;
  /// the converse needs `contains`, which also finds canonically equivalent spellings).
  func containsBytes(_ s: String) -> Bool { s.withUTF8Bytes(containsBytes) }

  /// ``containsBytes(_:)`` of a text's UTF-8 bytes.
  func containsBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    if let few {
      return few.contains { member in
        member.count == bytes.count
          && member.withUnsafeBufferPointer { m in
            var i = 0
            while i < m.count && m[i] == bytes[i] { i += 1 }
            return i == m.count
          }
      }
    }
    guard let same = byBytes[StableHash.fnv1a64(bytes: bytes)] else { return false }
    return same.contains { member in member.hasUTF8Bytes(bytes) }
  }
}
