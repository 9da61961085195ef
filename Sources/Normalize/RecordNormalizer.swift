import RosterCore

/// Fills in a record's identity from its raw ID and disability-certificate texts.
///
/// This is the extension point where the ID engine (`ResidentID`) plugs into normalization:
/// the Pipeline passes an adapter over the engine; tests and tools without it use
/// ``PlaceholderIdentityResolver``.
///
/// An implementation sets, from `idRaw` and `certRaw`: `id`, `idValid`, `idKind`, `birthDate`
/// and `sex` (from the ID), `regionCode`, `disabilityCert`, `certID`, `certType`,
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
    normalize(raw, into: &r, texts: nil)
    return r
  }

  /// Normalizes `raw`, taking the cleaned free texts of repeated values from `texts` (one
  /// cache per thread; see ``TextCache``).
  public func normalize(_ raw: RawRecord, texts: TextCache) -> SubjectRecord {
    var r = SubjectRecord(provenance: raw.provenance)
    normalize(raw, into: &r, texts: texts)
    return r
  }

  /// Normalizes `raw` into `r`, a fresh `SubjectRecord(provenance: raw.provenance)`.
  public func normalize(_ raw: RawRecord, into r: inout SubjectRecord, texts: TextCache? = nil) {
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

    switch DateParser.parse(bytes: raw.unsafeUTF8(.birthDate)) {
    case .blank: break
    case .date(let d):
      r.recordedBirthDate = d.date
      r.recordedBirthDatePrecision = d.precision
    case .unreadable(let problem):
      r.findings.append(unreadableDate(.birthDate, raw[.birthDate], problem))
    }
    r.recordedSex = vocabulary(
      word(raw, .sex, fields.sexWords).map { FieldNormalizer.sexes[$0] }, .sex, raw, &r.findings)

    // One category written as a word of the vocabulary (the common case) is read from the
    // bytes; a cell naming several, or a word to fold first, goes through `categorySet`.
    let categoryBytes = raw.unsafeUTF8(.category)
    let category =
      categoryBytes.isEmpty
      ? -2
      : FieldNormalizer.hasCategorySeparator(bytes: categoryBytes)
        ? -1 : fields.categoryWords.code(bytes: categoryBytes)
    if category >= 0 {
      r.categories = CategorySet(rawValue: 1 << UInt8(category))
    } else if category == -1 {
      var unknownCategories: [String] = []
      r.categories = fields.categorySet(raw[.category], unrecognized: &unknownCategories)
      for part in unknownCategories {
        r.findings.append(unrecognized(.category, part, vocabulary: "categories"))
      }
    }

    if !raw.isEmpty(.householdID) {
      r.householdKey =
        texts?.text(raw.unsafeUTF8(.householdID), of: .householdID) { FieldNormalizer.householdKey(of: $0) }
        ?? fields.householdKey(raw[.householdID])
    }
    if let texts {
      r.relation = texts.text(raw.unsafeUTF8(.relation), of: .relation, TextCleaner.clean)
      r.setAddress(
        county: texts.text(raw.unsafeUTF8(.county), of: .county, TextCleaner.clean),
        township: texts.text(raw.unsafeUTF8(.township), of: .township, TextCleaner.clean),
        village: texts.text(raw.unsafeUTF8(.village), of: .village, TextCleaner.clean),
        sharingWith: texts.places)
    } else {
      r.relation = fields.text(raw[.relation])
      r.setAddress(
        county: fields.text(raw[.county]), township: fields.text(raw[.township]),
        village: fields.text(raw[.village]), sharingWith: nil)
    }
    r.status = vocabulary(
      word(raw, .status, fields.statusWords).map { FieldNormalizer.statuses[$0] }, .status, raw,
      &r.findings)
    r.supportMode = vocabulary(
      word(raw, .supportMode, fields.supportModeWords).map { FieldNormalizer.supportModes[$0] },
      .supportMode, raw, &r.findings)
    r.hardship = vocabulary(
      word(raw, .hardship, fields.hardshipWords).map { FieldNormalizer.hardships[$0] }, .hardship,
      raw, &r.findings)
    if !raw.isEmpty(.phone) { r.phone = fields.phone(raw[.phone]) }
    r.disabilityType = vocabulary(
      word(raw, .disabilityType, fields.typeWords), .disabilityType, raw, &r.findings)
    r.disabilityGrade = vocabulary(
      word(raw, .disabilityGrade, fields.gradeWords), .disabilityGrade, raw, &r.findings)

    switch DateParser.parse(bytes: raw.unsafeUTF8(.deathDate)) {
    case .blank: break
    case .date(let d):
      r.deathDate = d.date
      r.deathDatePrecision = d.precision
    case .unreadable(let problem):
      r.findings.append(unreadableDate(.deathDate, raw[.deathDate], problem))
    }

    let idRaw = raw[.idNumber]
    r.idRaw = idRaw
    identity.resolveIdentity(idRaw: idRaw, certRaw: raw[.disabilityCert], into: &r)
    // Birth date and sex: from the ID when the resolver found them, otherwise as recorded
    // (a month-only birth date is not used as a birth date).
    if r.birthDate == nil, r.recordedBirthDatePrecision == .day {
      r.birthDate = r.recordedBirthDate
    }
    if r.sex == nil { r.sex = r.recordedSex }
  }

  /// The code of a vocabulary field: a word written exactly as the vocabulary has it (the
  /// common case) is looked up in the record's bytes, without making a `String`; anything
  /// else is folded (width, case, spaces) and looked up again.
  @inline(__always) private func word(
    _ raw: RawRecord, _ field: Field, _ table: WordTable
  ) -> VocabularyParse<Int> {
    let bytes = raw.unsafeUTF8(field)
    if bytes.isEmpty { return .blank }
    let code = table.code(bytes: bytes)
    return code >= 0 ? .value(code) : fields.lookupFolded(raw[field], table)
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
