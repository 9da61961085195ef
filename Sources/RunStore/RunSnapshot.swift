import Deduplicate
import RosterCore

/// The identifier of a run in a store: 1, 2, 3… in the order runs were recorded.
///
/// ```swift
/// let id = RunID(3)
/// id.description == "3"
/// RunID("3") == id
/// ```
public struct RunID: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var rawValue: Int64
  public init(_ rawValue: Int64) { self.rawValue = rawValue }
  /// Parses a run number as typed on the command line (`3`, or `#3`).
  public init?(_ text: String) {
    let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
    guard let value = Int64(digits), value > 0 else { return nil }
    rawValue = value
  }
  public var description: String { String(rawValue) }
  public static func < (a: RunID, b: RunID) -> Bool { a.rawValue < b.rawValue }
}

/// One input file of a run, as recorded in the store.
public struct InputFile: Sendable, Hashable, Codable {
  public var source: SourceKind
  /// The path as the user named it on the command line.
  public var path: String
  /// SHA-256 of the file's bytes, lowercase hexadecimal.
  public var sha256: String
  /// Records read from the file.
  public var records: Int

  public init(source: SourceKind, path: String, sha256: String, records: Int) {
    self.source = source
    self.path = path
    self.sha256 = sha256
    self.records = records
  }
}

/// The parameters of a run, as recorded in the store.
///
/// ```swift
/// let parameters = RunParameters(
///   started: "2026-11-26T08:00:00Z", asOf: CalendarDate(year: 2026, month: 11, day: 26)!,
///   jurisdiction: "621225", rulesFile: "Rules/xihe.yml", rulesName: "西和县",
///   rulesSHA256: "ab12…", toolVersion: "0.1.0",
///   inputs: [InputFile(source: .civilAffairs, path: "mz.csv", sha256: "cd34…", records: 1200)])
/// ```
public struct RunParameters: Sendable, Hashable {
  /// When the run started, ISO 8601 UTC.
  public var started: String
  /// The reference date (`--as-of`).
  public var asOf: CalendarDate
  /// The key that makes two runs comparable: a run's discrepancies are reported against the
  /// previous run with the same key. The pipeline derives it from the jurisdiction in force
  /// (e.g. its county codes, sorted, joined by `,`); "" when the run has none.
  public var jurisdiction: String
  public var rulesFile: String
  public var rulesName: String
  /// SHA-256 of the rules files, in `extends` order.
  public var rulesSHA256: String
  public var toolVersion: String
  public var inputs: [InputFile]
  /// The text of the run's `summary.json`, kept so a report can be re-rendered.
  public var summaryJSON: String
  /// Whatever else the pipeline needs to re-render the run's report (JSON, opaque to the store).
  public var reportJSON: String

  public init(
    started: String, asOf: CalendarDate, jurisdiction: String, rulesFile: String,
    rulesName: String, rulesSHA256: String, toolVersion: String, inputs: [InputFile],
    summaryJSON: String = "{}", reportJSON: String = "{}"
  ) {
    self.started = started
    self.asOf = asOf
    self.jurisdiction = jurisdiction
    self.rulesFile = rulesFile
    self.rulesName = rulesName
    self.rulesSHA256 = rulesSHA256
    self.toolVersion = toolVersion
    self.inputs = inputs
    self.summaryJSON = summaryJSON
    self.reportJSON = reportJSON
  }
}

/// A member of a pairing unit, as recorded in the store.
public struct StoredMember: Sendable, Hashable {
  /// The member's normalized ID.
  public var idNumber: String
  public var name: String
  /// The normalized household key of the member's paired record ("" when none).
  public var householdKey: String

  public init(idNumber: String, name: String, householdKey: String) {
    self.idNumber = idNumber
    self.name = name
    self.householdKey = householdKey
  }
}

/// A pairing unit as recorded in the store: a row of `pairing-roster.csv` with its members.
public struct StoredUnit: Sendable, Hashable {
  public var unitID: String
  public var type: UnitType
  public var name: String
  public var idNumber: String
  public var sex: Sex?
  public var birthDate: CalendarDate?
  public var categories: CategorySet
  public var county: String
  public var township: String
  public var village: String
  public var needsReview: Bool
  public var sources: [SourceKind]
  /// Head first.
  public var members: [StoredMember]

  public var memberCount: Int { members.count }

  public init(
    unitID: String, type: UnitType, name: String, idNumber: String, sex: Sex? = nil,
    birthDate: CalendarDate? = nil, categories: CategorySet, county: String, township: String,
    village: String, needsReview: Bool = false, sources: [SourceKind] = [],
    members: [StoredMember]
  ) {
    self.unitID = unitID
    self.type = type
    self.name = name
    self.idNumber = idNumber
    self.sex = sex
    self.birthDate = birthDate
    self.categories = categories
    self.county = county
    self.township = township
    self.village = village
    self.needsReview = needsReview
    self.sources = sources
    self.members = members
  }
}

/// A finding of severity warning or error, keyed so that the same problem of the same record
/// has the same key in every run: the person's ID when the record has a valid one (else
/// `file:line`), the code, and the field.
public struct StoredFinding: Sendable, Hashable {
  /// The person's normalized ID, or `file:line` for a record without a valid ID.
  public var subject: String
  public var reason: Reason
  /// The field's contract name, "" when the finding concerns no single field.
  public var field: String
  /// The unit the record is in, in this run ("" when none).
  public var unitID: String
  public var name: String
  /// The normalized ID, or the cleaned text of an ID that is not valid.
  public var idNumber: String
  /// `file:line` of the first record that carries it.
  public var location: String

  public init(
    subject: String, reason: Reason, field: String, unitID: String = "", name: String = "",
    idNumber: String = "", location: String = ""
  ) {
    self.subject = subject
    self.reason = reason
    self.field = field
    self.unitID = unitID
    self.name = name
    self.idNumber = idNumber
    self.location = location
  }
}

/// What became of a person in a run.
public enum PersonDisposition: String, Sendable, Hashable, CaseIterable {
  /// A member of a pairing unit.
  case paired
  /// In the input, in no unit: ineligible or unsuitable (or only on the deaths list).
  case excluded
  /// In the input, but every roster record of the person is unusable.
  case rejected
  /// The ID is not in the input at all.
  case absent
}

/// The state of one person in a run: recorded for every member of a unit of the run and every
/// member of the previous run of the same jurisdiction, so that a unit that disappears can be
/// explained (died, aged out, …).
public struct PersonState: Sendable, Hashable {
  public var idNumber: String
  public var disposition: PersonDisposition
  /// The unit the person is in ("" unless paired).
  public var unitID: String
  /// The codes of all the person's records in this run (their own findings and those later
  /// stages added), deaths-list entries included.
  public var reasons: ReasonSet

  public init(
    idNumber: String, disposition: PersonDisposition, unitID: String = "",
    reasons: ReasonSet = ReasonSet()
  ) {
    self.idNumber = idNumber
    self.disposition = disposition
    self.unitID = unitID
    self.reasons = reasons
  }
}

/// Finds the state of any person of a run by ID. Holds the run's records and results (arrays
/// are shared, not copied); the store asks it, inside its transaction, for the persons that
/// matter, whose list depends on the previous run in the store.
///
/// ```swift
/// let lookup = PersonLookup(records: records, result: result)
/// lookup.states(for: ["62122520120304012X"])["62122520120304012X"]?.disposition  // .paired
/// ```
public struct PersonLookup: Sendable {
  private enum Storage: Sendable {
    case records(
      records: [VerifiedRecord], dispositions: [Disposition], unitIDs: [String],
      added: [(Int, Finding)])
    case states([String: PersonState])
  }
  private let storage: Storage

  /// The states of the run's records.
  public init(records: [VerifiedRecord], result: DeduplicationResult) {
    self.init(
      records: records, dispositions: result.dispositions, unitIDs: result.unitIDs,
      addedFindings: result.addedFindings)
  }

  /// The same, from the parts of a `DeduplicationResult` (one entry per record).
  public init(
    records: [VerifiedRecord], dispositions: [Disposition], unitIDs: [String],
    addedFindings: [(Int, Finding)]
  ) {
    precondition(records.count == dispositions.count && records.count == unitIDs.count)
    storage = .records(
      records: records, dispositions: dispositions, unitIDs: unitIDs, added: addedFindings)
  }

  /// Known states; any other ID is `absent`.
  public init(states: [PersonState]) {
    var byID: [String: PersonState] = [:]
    for s in states { byID[s.idNumber] = s }
    storage = .states(byID)
  }

  /// The state of each of `ids` (normalized IDs) in this run; absent ones included.
  public func states(for ids: some Collection<String>) -> [String: PersonState] {
    switch storage {
    case .states(let known):
      var out: [String: PersonState] = [:]
      out.reserveCapacity(ids.count)
      for id in ids { out[id] = known[id] ?? PersonState(idNumber: id, disposition: .absent) }
      return out
    case .records(let records, let dispositions, let unitIDs, let added):
      return PersonLookup.scan(
        ids: ids, records: records, dispositions: dispositions, unitIDs: unitIDs, added: added)
    }
  }

  private struct Accumulator {
    var paired = false
    var unitID = ""
    var excluded = false
    var rejected = false
    var reasons = ReasonSet()
  }

  /// One pass over the records: the wanted persons' records, their dispositions and codes.
  private static func scan(
    ids: some Collection<String>, records: [VerifiedRecord], dispositions: [Disposition],
    unitIDs: [String], added: [(Int, Finding)]
  ) -> [String: PersonState] {
    // Wanted persons by the 17-digit body of their ID (the check character follows from it).
    var slot: [UInt64: Int32] = [:]
    slot.reserveCapacity(ids.count)
    var wantedIDs: [String] = []
    wantedIDs.reserveCapacity(ids.count)
    for id in ids {
      guard let body = idBody(id), slot[body] == nil else { continue }
      slot[body] = Int32(wantedIDs.count)
      wantedIDs.append(id)
    }
    var acc = [Accumulator](repeating: Accumulator(), count: wantedIDs.count)
    var seen = [Bool](repeating: false, count: wantedIDs.count)
    var recordSlot = [Int32](repeating: -1, count: records.count)
    if !slot.isEmpty {
      for i in records.indices {
        let r = records[i]
        guard r.idValid, let s = slot[r.idBody] else { continue }
        recordSlot[i] = s
        let k = Int(s)
        seen[k] = true
        acc[k].reasons.formUnion(r.reasons)
        guard r.provenance.source != .deaths else { continue }
        switch dispositions[i] {
        case .paired, .merged:
          acc[k].paired = true
          if acc[k].unitID.isEmpty { acc[k].unitID = unitIDs[i] }
        case .excluded: acc[k].excluded = true
        case .rejected: acc[k].rejected = true
        }
      }
      for (i, finding) in added where recordSlot[i] >= 0 {
        acc[Int(recordSlot[i])].reasons.insert(finding.reason)
      }
    }
    var out: [String: PersonState] = [:]
    out.reserveCapacity(ids.count)
    for (k, id) in wantedIDs.enumerated() {
      let a = acc[k]
      let disposition: PersonDisposition =
        !seen[k] ? .absent
        : a.paired ? .paired
        : a.excluded || !a.rejected ? .excluded
        : .rejected
      out[id] = PersonState(
        idNumber: id, disposition: disposition, unitID: a.paired ? a.unitID : "",
        reasons: a.reasons)
    }
    for id in ids where out[id] == nil {
      out[id] = PersonState(idNumber: id, disposition: .absent)
    }
    return out
  }

  /// The 17 leading digits of an 18-character ID, as an integer.
  static func idBody(_ id: String) -> UInt64? {
    var v: UInt64 = 0
    var n = 0
    for b in id.utf8 {
      n += 1
      if n == 18 { return b >= 0x30 && b <= 0x39 || b == 0x58 ? v : nil }
      guard n < 18, b >= 0x30, b <= 0x39 else { return nil }
      v = v &* 10 &+ UInt64(b - 0x30)
    }
    return nil
  }
}

/// The fields of the warning and error findings of each record. `VerifiedRecord` keeps only
/// the codes; the pipeline notes the fields here as it verifies each record, so that the store
/// can key findings by field.
///
/// ```swift
/// var notes = FindingFieldNotes()
/// notes.note(record: records.count, findings: subject.findings)
/// records.append(VerifiedRecord(subject))
/// ```
public struct FindingFieldNotes: Sendable {
  /// (record index << 8 | code position) → bit set of `Field.index` (bit 31: no field).
  private var fields: [UInt64: UInt32] = [:]
  private static let position: [Reason: UInt64] = Dictionary(
    uniqueKeysWithValues: Reason.allCases.enumerated().map { ($1, UInt64($0)) })
  private static let noField: UInt32 = 1 << 31

  public init() {}

  /// Notes the findings of the record at `index` (info findings are ignored).
  public mutating func note(record index: Int, findings: [Finding]) {
    for f in findings where f.severity != .info {
      let key = UInt64(index) << 8 | FindingFieldNotes.position[f.reason]!
      fields[key, default: 0] |= f.field.map { UInt32(1) << UInt32($0.index) } ?? FindingFieldNotes.noField
    }
  }

  public var isEmpty: Bool { fields.isEmpty }

  /// The fields noted for `reason` on the record at `index` ("" for no field); nil when none
  /// were noted.
  public func fields(record index: Int, reason: Reason) -> [String]? {
    guard let bits = fields[UInt64(index) << 8 | FindingFieldNotes.position[reason]!] else {
      return nil
    }
    var out: [String] = []
    if bits & FindingFieldNotes.noField != 0 { out.append("") }
    for field in Field.allCases where bits & (UInt32(1) << UInt32(field.index)) != 0 {
      out.append(field.rawValue)
    }
    return out
  }
}

/// Everything the store records of one run: parameters, units with their members, the states
/// of the persons that matter, and the warning and error findings. A pure value, built by the
/// pipeline with ``make(records:result:parameters:fieldNotes:)``.
///
/// ```swift
/// let snapshot = RunSnapshot.make(records: records, result: result, parameters: parameters,
///                                 fieldNotes: notes)
/// let recorded = try RunStore(path: "runs.sqlite").record(snapshot)
/// ```
public struct RunSnapshot: Sendable {
  public var parameters: RunParameters
  /// Records read (all inputs, deaths lists included).
  public var recordCount: Int
  public var units: [StoredUnit]
  /// Warning and error findings, one per key (see ``StoredFinding``).
  public var findings: [StoredFinding]
  /// The state of any person of the run.
  public var persons: PersonLookup

  public init(
    parameters: RunParameters, recordCount: Int, units: [StoredUnit], findings: [StoredFinding],
    persons: PersonLookup
  ) {
    self.parameters = parameters
    self.recordCount = recordCount
    self.units = units
    self.findings = findings
    self.persons = persons
  }

  /// Builds the snapshot of a run from its verified records and the deduplication result.
  ///
  /// - Parameters:
  ///   - fieldNotes: the fields of each record's findings (``FindingFieldNotes``); without
  ///     them, findings the Verify stage raised are keyed with an empty field.
  public static func make(
    records: [VerifiedRecord], result: DeduplicationResult, parameters: RunParameters,
    fieldNotes: FindingFieldNotes = FindingFieldNotes()
  ) -> RunSnapshot {
    let units = result.units.map { u in
      StoredUnit(
        unitID: u.unitID, type: u.type, name: u.name, idNumber: u.idNumber, sex: u.sex,
        birthDate: u.birthDate, categories: u.categories, county: u.county,
        township: u.township, village: u.village, needsReview: u.needsReview,
        sources: u.sources,
        members: u.members.map { m in
          let r = records[m]
          return StoredMember(idNumber: r.id, name: r.name, householdKey: r.householdKey)
        })
    }
    return RunSnapshot(
      parameters: parameters, recordCount: records.count, units: units,
      findings: findings(records: records, result: result, fieldNotes: fieldNotes),
      persons: PersonLookup(records: records, result: result))
  }

  private static let warningOrError = ReasonSet(Reason.allCases.filter { $0.severity != .info })

  /// The warning and error findings of the run, one per key, in record order.
  static func findings(
    records: [VerifiedRecord], result: DeduplicationResult, fieldNotes: FindingFieldNotes
  ) -> [StoredFinding] {
    // Fields of the warning/error findings the Deduplicate stage added, per record.
    var addedByRecord: [Int: [(Reason, String)]] = [:]
    for (i, f) in result.addedFindings where f.severity != .info {
      addedByRecord[i, default: []].append((f.reason, f.field?.rawValue ?? ""))
    }
    let mask = warningOrError
    var seen = Set<FindingKey>()
    var out: [StoredFinding] = []
    for i in records.indices {
      let r = records[i]
      let own = r.reasons
      let hasOwn = own.low & mask.low != 0 || own.high & mask.high != 0
      let more = addedByRecord[i]
      guard hasOwn || more != nil else { continue }
      let subject = r.idValid ? r.id : "\(r.provenance.file):\(r.provenance.line)"
      func add(_ reason: Reason, _ field: String) {
        let key = FindingKey(subject: subject, reason: reason, field: field)
        guard seen.insert(key).inserted else { return }
        out.append(
          StoredFinding(
            subject: subject, reason: reason, field: field, unitID: result.unitIDs[i],
            name: r.name, idNumber: r.id,
            location: "\(r.provenance.file):\(r.provenance.line)"))
      }
      if hasOwn {
        for reason in own where reason.severity != .info {
          for field in fieldNotes.fields(record: i, reason: reason) ?? [""] { add(reason, field) }
        }
      }
      for (reason, field) in more ?? [] { add(reason, field) }
    }
    return out
  }
}

struct FindingKey: Hashable, Comparable {
  var subject: String
  var reason: Reason
  var field: String

  /// The order of the store's primary key: bytewise, as SQLite compares text.
  static func < (a: FindingKey, b: FindingKey) -> Bool {
    if a.subject != b.subject { return a.subject.utf8.lexicographicallyPrecedes(b.subject.utf8) }
    if a.reason != b.reason { return a.reason.code.utf8.lexicographicallyPrecedes(b.reason.code.utf8) }
    return a.field.utf8.lexicographicallyPrecedes(b.field.utf8)
  }
}
