/// The kind of identity number a value was read as (the `kind` column of `rostercheck id`).
public enum IDKind: String, CaseIterable, Sendable, Hashable, Codable {
  /// An 18-character resident ID (GB 11643-1999).
  case resident
  /// A 15-digit legacy ID (GB 11643-1989), upgraded to 18.
  case residentLegacy15 = "resident-legacy15"
  /// A Hong Kong or Macao residents' residence permit (810000 / 820000).
  case hkMacaoPermit = "hk-macao-permit"
  /// A Taiwan residents' residence permit (830000).
  case taiwanPermit = "taiwan-permit"
  /// A 2023 foreign permanent resident ID card (leading 9).
  case foreignPermanent = "foreign-permanent"
  /// A disability certificate number (ID + type digit + grade digit, optional re-issue suffix).
  case disabilityCert = "disability-cert"
}

/// One input record after normalization (and, once verified, with its claims).
///
/// Produced by the Normalize stage from a ``RawRecord``; Verify adds findings and decides the
/// claims; Deduplicate groups records into persons and units. Typed fields are `nil` when the
/// column was absent, blank or unreadable (an unreadable value also leaves a finding).
public struct SubjectRecord: Sendable, Hashable {
  public var provenance: Provenance

  // Identity
  /// The name as displayed: trimmed, inner whitespace collapsed, middle dots unified.
  public var name: String
  /// The name's matching key: the display name with traditional characters simplified and
  /// full-width Latin folded. Equal keys mean "same name" for duplicate detection.
  public var nameKey: String
  /// The ID exactly as read.
  public var idRaw: String
  /// The normalized 18-character ID, or the cleaned text when it could not be validated
  /// ("" when there was none).
  public var id: String
  /// True when `id` is a valid identity number (resident, permit or foreign permanent).
  public var idValid: Bool
  public var idKind: IDKind?
  /// Birth date and sex: from the ID when it is valid, otherwise as recorded.
  public var birthDate: CalendarDate?
  public var sex: Sex?
  /// The ID's address code (its name in force at the birth year is the ID engine's
  /// `ParsedID.regionName`; nothing downstream needs it on the record).
  public var regionCode: String

  // Recorded attributes
  /// The birth date column. For a month-only value (出生年月 `2012-03`) this is the first of
  /// the month and `recordedBirthDatePrecision` is `.month` (see ``RecordedDate``).
  public var recordedBirthDate: CalendarDate?
  public var recordedBirthDatePrecision: DatePrecision
  public var recordedSex: Sex?
  /// Categories named in the category column.
  public var categories: CategorySet
  /// Normalized household key ("" when none): a household number, or a head's normalized ID.
  public var householdKey: String
  public var relation: String
  /// County, township and village, in one ``VerifiedRecord/Place`` that the records of a batch
  /// share (see ``setAddress(county:township:village:sharingWith:)``); read and set them as
  /// ``county``, ``township`` and ``village``.
  @usableFromInline var place: VerifiedRecord.Place
  public var status: SupportStatus?
  public var supportMode: SupportMode?
  public var hardship: Hardship?
  public var phone: String
  /// The certificate number as normalized, and what it encodes.
  public var disabilityCert: String
  public var certID: String
  public var certType: Int?
  public var certGrade: Int?
  /// Disability type 1…7 and grade 1…4 from their columns.
  public var disabilityType: Int?
  public var disabilityGrade: Int?
  /// The death date column; a month-only value is the first of the month with
  /// `deathDatePrecision == .month`.
  public var deathDate: CalendarDate?
  public var deathDatePrecision: DatePrecision

  // Outcome so far
  public var findings: [Finding]
  /// Categories this record may be paired under, decided by Verify.
  public var eligibleAs: CategorySet
  /// True when Verify found the record's (valid) ID in the deaths list, whatever the date of
  /// the death and whether or not the record is excluded for it.
  public var onDeathsList: Bool

  public init(provenance: Provenance) {
    self.provenance = provenance
    name = ""
    nameKey = ""
    idRaw = ""
    id = ""
    idValid = false
    idKind = nil
    birthDate = nil
    sex = nil
    regionCode = ""
    recordedBirthDate = nil
    recordedBirthDatePrecision = .day
    recordedSex = nil
    categories = []
    householdKey = ""
    relation = ""
    place = .none
    status = nil
    supportMode = nil
    hardship = nil
    phone = ""
    disabilityCert = ""
    certID = ""
    certType = nil
    certGrade = nil
    disabilityType = nil
    disabilityGrade = nil
    deathDate = nil
    deathDatePrecision = .day
    findings = []
    eligibleAs = []
    onDeathsList = false
  }

  /// The birth date column with its precision, or nil.
  public var recordedBirth: RecordedDate? {
    recordedBirthDate.map { RecordedDate(date: $0, precision: recordedBirthDatePrecision) }
  }

  /// The death date column with its precision, or nil.
  public var recordedDeath: RecordedDate? {
    deathDate.map { RecordedDate(date: $0, precision: deathDatePrecision) }
  }

  /// True when a finding makes the record unusable (disposition `rejected`).
  public var isRejected: Bool { findings.rejectsRecord }

  @inlinable public var county: String {
    get { place.county }
    set { place = .make(county: newValue, township: place.township, village: place.village) }
  }

  @inlinable public var township: String {
    get { place.township }
    set { place = .make(county: place.county, township: newValue, village: place.village) }
  }

  @inlinable public var village: String {
    get { place.village }
    set { place = .make(county: place.county, township: place.township, village: newValue) }
  }

  /// Sets the record's address at once; with `places`, records given the same strings (the
  /// same buffers, as a batch's text cache hands them out) share one place, which the
  /// compact record then keeps as it is.
  ///
  /// ```swift
  /// record.setAddress(county: "西和县", township: "长道镇", village: "何家庄村", sharingWith: places)
  /// ```
  public mutating func setAddress(
    county: String, township: String, village: String, sharingWith places: VerifiedRecord.PlaceCache?
  ) {
    place =
      places?.place(county: county, township: township, village: village)
      ?? .make(county: county, township: township, village: village)
  }

  /// The distinct reason codes of the findings, in catalog order: the ledger's `reasons`.
  public var reasons: [Reason] { Array(Set(findings.map(\.reason))).sorted() }
}

extension Collection<Finding> {
  /// True when one of the findings rejects its record (``SubjectRecord/isRejected``).
  @inlinable public var rejectsRecord: Bool { contains { $0.effect == .reject } }
}
