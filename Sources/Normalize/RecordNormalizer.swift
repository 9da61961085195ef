import RosterCore

/// Fills in a record's identity from its raw ID and disability-certificate texts.
///
/// This is the extension point where the ID engine (`ResidentID`) plugs into normalization:
/// the Pipeline passes an adapter over the engine; tests and tools without it use
/// ``PlaceholderIdentityResolver``.
///
/// An implementation sets, from `idRaw` and `certRaw`: `id`, `idValid`, `idKind`, `birthDate`
/// and `sex` (from the ID), `regionCode`, `regionName`, `disabilityCert`, `certID`, `certType`,
/// `certGrade`, and appends its findings (ID outcome, certificate format…) to
/// `record.findings`. It must not touch the other fields. The record's recorded birth date and
/// sex are already set when it is called.
///
/// ```swift
/// struct EngineResolver: IdentityResolver {
///   let engine: IDEngine
///   func resolveIdentity(idRaw: String, certRaw: String, into record: inout SubjectRecord) {
///     // record.id = …; record.idValid = …; record.findings += …
///   }
/// }
/// let normalizer = RecordNormalizer(rules: rules, identity: EngineResolver(engine: engine))
/// ```
public protocol IdentityResolver: Sendable {
  func resolveIdentity(idRaw: String, certRaw: String, into record: inout SubjectRecord)
}

/// Stands in for the ID engine until it is connected: copies the ID and certificate texts,
/// trimmed, and validates nothing (`idValid` stays false, no findings).
public struct PlaceholderIdentityResolver: IdentityResolver {
  public init() {}

  public func resolveIdentity(idRaw: String, certRaw: String, into record: inout SubjectRecord) {
    record.id = TextCleaner.clean(idRaw)
    record.disabilityCert = TextCleaner.clean(certRaw)
  }
}

/// Turns a ``RosterCore/RawRecord`` into a ``RosterCore/SubjectRecord``: every field
/// normalized through ``FieldNormalizer``, the identity through an ``IdentityResolver`` (one
/// existential call per record; the rest is concrete code).
///
/// A value that the rules do not know becomes a `VALUE_UNRECOGNIZED` finding naming the field
/// and the value; an unreadable date a `DATE_UNREADABLE` finding; a missing name
/// `NAME_MISSING` (not for deaths-list records, which are matched by ID). Nothing is silently
/// dropped: the typed field is left nil and the raw text stays in the finding. A row the reader
/// could not read keeps its rejection finding.
///
/// ```swift
/// let normalizer = RecordNormalizer(rules: rules, identity: PlaceholderIdentityResolver())
/// let subject = normalizer.normalize(raw)
/// subject.categories == [.orphan]
/// subject.findings.map(\.reason) == [.valueUnrecognized]   // e.g. sex "男孩"
/// ```
public struct RecordNormalizer: Sendable {
  public let fields: FieldNormalizer
  public let identity: any IdentityResolver

  public init(rules: Rules, identity: some IdentityResolver) {
    self.fields = FieldNormalizer(rules: rules)
    self.identity = identity
  }

  public init(fields: FieldNormalizer, identity: some IdentityResolver) {
    self.fields = fields
    self.identity = identity
  }

  public func normalize(_ raw: RawRecord) -> SubjectRecord {
    var r = SubjectRecord(provenance: raw.provenance)
    normalize(raw, into: &r)
    return r
  }

  /// Normalizes `raw` into `r`, a fresh `SubjectRecord(provenance: raw.provenance)`.
  public func normalize(_ raw: RawRecord, into r: inout SubjectRecord) {
    // Room for the usual few findings at once (a province averages more than two a record):
    // growing the array from empty allocates it again for the second and third.
    r.findings.reserveCapacity(4)
    if let rejection = raw.rejection { r.findings.append(rejection) }

    let name = fields.name(raw[.name])
    r.name = name.display
    r.nameKey = name.key
    if name.display.isEmpty && raw.provenance.source != .deaths {  // a deaths list needs only IDs
      r.findings.append(Finding(.nameMissing, field: .name, message: "no name"))
    }

    switch fields.date(raw[.birthDate]) {
    case .blank: break
    case .date(let d):
      r.recordedBirthDate = d.date
      r.recordedBirthDatePrecision = d.precision
    case .unreadable(let problem):
      r.findings.append(unreadableDate(.birthDate, raw[.birthDate], problem))
    }
    r.recordedSex = vocabulary(fields.sex(raw[.sex]), .sex, raw, &r.findings)

    var unknownCategories: [String] = []
    r.categories = fields.categorySet(raw[.category], unrecognized: &unknownCategories)
    for part in unknownCategories {
      r.findings.append(unrecognized(.category, part, vocabulary: "categories"))
    }

    let household = raw[.householdID]
    if !household.isEmpty { r.householdKey = fields.householdKey(household) }
    r.relation = fields.text(raw[.relation])
    r.county = fields.text(raw[.county])
    r.township = fields.text(raw[.township])
    r.village = fields.text(raw[.village])
    r.status = vocabulary(fields.status(raw[.status]), .status, raw, &r.findings)
    r.supportMode = vocabulary(
      fields.supportMode(raw[.supportMode]), .supportMode, raw, &r.findings)
    r.hardship = vocabulary(fields.hardship(raw[.hardship]), .hardship, raw, &r.findings)
    let phone = raw[.phone]
    if !phone.isEmpty { r.phone = fields.phone(phone) }
    r.disabilityType = vocabulary(
      fields.disabilityType(raw[.disabilityType]), .disabilityType, raw, &r.findings)
    r.disabilityGrade = vocabulary(
      fields.disabilityGrade(raw[.disabilityGrade]), .disabilityGrade, raw, &r.findings)

    switch fields.date(raw[.deathDate]) {
    case .blank: break
    case .date(let d):
      r.deathDate = d.date
      r.deathDatePrecision = d.precision
    case .unreadable(let problem):
      r.findings.append(unreadableDate(.deathDate, raw[.deathDate], problem))
    }
    if raw.hasExtras { r.extras = raw.extras }

    r.idRaw = raw[.idNumber]
    identity.resolveIdentity(idRaw: raw[.idNumber], certRaw: raw[.disabilityCert], into: &r)
    // Birth date and sex: from the ID when the resolver found them, otherwise as recorded
    // (a month-only birth date is not used as a birth date).
    if r.birthDate == nil, r.recordedBirthDatePrecision == .day {
      r.birthDate = r.recordedBirthDate
    }
    if r.sex == nil { r.sex = r.recordedSex }
  }

  @inline(__always) private func vocabulary<V>(
    _ parse: VocabularyParse<V>, _ field: Field, _ raw: RawRecord, _ findings: inout [Finding]
  ) -> V? {
    switch parse {
    case .blank: return nil
    case .value(let v): return v
    case .unrecognized:
      findings.append(
        unrecognized(field, raw[field], vocabulary: RecordNormalizer.vocabularyKey(field)))
      return nil
    }
  }

  private func unrecognized(_ field: Field, _ value: String, vocabulary: String) -> Finding {
    Finding(
      .valueUnrecognized, field: field,
      message: "\(field.rawValue) \(TextCleaner.displayValue(value)) is not a word of the rules' "
        + "vocabulary.\(vocabulary)")
  }

  private func unreadableDate(_ field: Field, _ value: String, _ problem: DateProblem) -> Finding {
    Finding(
      .dateUnreadable, field: field,
      message: "\(field.rawValue) \(TextCleaner.displayValue(value)): \(problem.rawValue)")
  }

  static func vocabularyKey(_ field: Field) -> String {
    switch field {
    case .sex: "sexes"
    case .status: "statuses"
    case .supportMode: "support_modes"
    case .hardship: "hardship"
    case .disabilityType: "disability_types"
    case .disabilityGrade: "disability_grades"
    case .category: "categories"
    default: field.rawValue
    }
  }
}
