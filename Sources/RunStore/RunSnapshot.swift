import Dispatch
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
  /// The field concerned; nil when the finding concerns no single field (stored as "").
  public var field: Field?
  /// The unit the record is in, in this run ("" when none).
  public var unitID: String
  public var name: String
  /// The normalized ID, or the cleaned text of an ID that is not valid.
  public var idNumber: String

  public init(
    subject: String, reason: Reason, field: Field?, unitID: String = "", name: String = "",
    idNumber: String = ""
  ) {
    self.subject = subject
    self.reason = reason
    self.field = field
    self.unitID = unitID
    self.name = name
    self.idNumber = idNumber
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

/// The state of one person in a run. The store records it for every member of the previous run
/// of the same jurisdiction who is in no unit of this run, so that a unit or a member that
/// disappears can be explained (died, aged out, …); a member's state is its unit.
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
      records: [VerifiedRecord], dispositions: [Disposition], unitIDs: UnitIDs,
      added: AddedFindings)
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
    records: [VerifiedRecord], dispositions: [Disposition], unitIDs: UnitIDs,
    addedFindings: AddedFindings
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
    unitIDs: UnitIDs, added: AddedFindings
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
      // A bitmap of the wanted IDs' hashes turns away almost every record before the
      // dictionary is asked; fields are read through the buffer (copying a record, its
      // references, six million times would cost a second in reference counting alone).
      let bits = 1 << 22
      var filter = [UInt64](repeating: 0, count: bits / 64)
      func bit(_ body: UInt64) -> Int { Int((body &* 0x9E37_79B9_7F4A_7C15) >> 42) }
      for body in slot.keys { filter[bit(body) >> 6] |= 1 << UInt64(bit(body) & 63) }
      records.withUnsafeBufferPointer { rs in
      for i in rs.indices {
        guard rs[i].idCheck != 0 else { continue }  // stored fields only: no record copy
        let body = rs[i].idBody
        let b = bit(body)
        guard filter[b >> 6] & (1 << UInt64(b & 63)) != 0, let s = slot[body] else { continue }
        recordSlot[i] = s
        let k = Int(s)
        seen[k] = true
        acc[k].reasons.formUnion(rs[i].reasons)
        guard rs[i].provenance.source != .deaths else { continue }
        switch dispositions[i] {
        case .paired, .merged:
          acc[k].paired = true
          if acc[k].unitID.isEmpty { acc[k].unitID = unitIDs[i] }
        case .excluded: acc[k].excluded = true
        case .rejected: acc[k].rejected = true
        }
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

  /// The 17 leading digits of an 18-character ID, as an integer (``VerifiedRecord/split(_:)``).
  static func idBody(_ id: String) -> UInt64? { VerifiedRecord.split(id)?.0 }

  static func idBody(bytes: UnsafeRawBufferPointer) -> UInt64? {
    VerifiedRecord.split(bytes: bytes.assumingMemoryBound(to: UInt8.self))?.0
  }
}

/// The fields of the warning and error findings of each record. `VerifiedRecord` keeps only
/// the codes; the pipeline notes the fields here as it verifies each record, so that the store
/// can key findings by field.
///
/// Records are noted in increasing index order (a record may be noted again; its notes merge),
/// so the notes are two sorted arrays — 12 bytes a finding, no hashing — and the notes of a
/// file read on its own thread are appended with the file's offset.
///
/// ```swift
/// var notes = FindingFieldNotes()
/// notes.note(record: records.count, findings: subject.findings)
/// records.append(VerifiedRecord(subject))
/// all.append(notes, offset: recordsBefore)   // a file's notes into the run's
/// ```
public struct FindingFieldNotes: Sendable {
  /// record index << 8 | code position, increasing.
  private var keys: [UInt64] = []
  /// `fields[i]`: bit set of `Field.index` for `keys[i]` (bit 31: no field).
  private var fields: [UInt32] = []

  private static let noField: UInt32 = 1 << 31

  public init() {}

  public var isEmpty: Bool { keys.isEmpty }
  /// Notes kept (one per record and code).
  public var count: Int { keys.count }

  /// Notes the findings of the record at `index` (info findings are ignored). `index` is at
  /// least the last noted one.
  public mutating func note(record index: Int, findings: [Finding]) {
    let record = UInt64(index)
    precondition(
      keys.last.map { $0 >> 8 <= record } ?? true,
      "FindingFieldNotes: records are noted in increasing order")
    // Where this record's notes start (earlier notes of the same record merge).
    var start = keys.count
    while start > 0, keys[start - 1] >> 8 == record { start -= 1 }
    for f in findings where f.severity != .info {
      let key = record << 8 | UInt64(f.reason.ordinal)
      let bit = f.field.map { UInt32(1) << UInt32($0.index) } ?? FindingFieldNotes.noField
      var i = start
      while i < keys.count, keys[i] < key { i += 1 }
      if i < keys.count, keys[i] == key {
        fields[i] |= bit
      } else {
        keys.insert(key, at: i)
        fields.insert(bit, at: i)
      }
    }
  }

  /// Appends `other`'s notes with their record indices moved by `offset`; they must all come
  /// after this one's.
  public mutating func append(_ other: FindingFieldNotes, offset: Int) {
    guard let first = other.keys.first else { return }
    let shift = UInt64(offset) << 8
    precondition(
      keys.last.map { $0 < first &+ shift } ?? true,
      "FindingFieldNotes: appended notes come after the existing ones")
    keys.reserveCapacity(keys.count + other.keys.count)
    for k in other.keys { keys.append(k &+ shift) }
    fields.append(contentsOf: other.fields)
  }

  /// The fields noted for `reason` on the record at `index` (nil in the list: no field); nil
  /// when none were noted.
  public func fields(record index: Int, reason: Reason) -> [Field?]? {
    let key = UInt64(index) << 8 | UInt64(reason.ordinal)
    var low = 0
    var high = keys.count
    while low < high {
      let mid = (low + high) / 2
      if keys[mid] < key { low = mid + 1 } else { high = mid }
    }
    guard low < keys.count, keys[low] == key else { return nil }
    let bits = fields[low]
    var out: [Field?] = []
    if bits & FindingFieldNotes.noField != 0 { out.append(nil) }
    for field in Field.allCases where bits & (UInt32(1) << UInt32(field.index)) != 0 {
      out.append(field)
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
  /// Findings given explicitly (a snapshot built by hand, or file-level findings the pipeline
  /// adds); those of the records are in ``derivedFindings``.
  public var findings: [StoredFinding]
  /// The warning and error findings of the records, when built by ``make(records:result:parameters:fieldNotes:)``.
  public var derivedFindings: DerivedFindings?
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

  /// How many findings the snapshot holds (derived and explicit).
  public var findingCount: Int { (derivedFindings?.count ?? 0) + findings.count }

  /// Every finding, derived ones first (as values: for tests and inspection; the store writes
  /// derived findings without materializing them).
  public var allFindings: [StoredFinding] {
    (derivedFindings.map { d in (0..<d.count).map(d.finding) } ?? []) + findings
  }

  /// Builds the snapshot of a run from its verified records and the deduplication result.
  ///
  /// - Parameters:
  ///   - fieldNotes: the fields of each record's findings (``FindingFieldNotes``); without
  ///     them, findings the Verify stage raised are keyed with no field.
  public static func make(
    records: [VerifiedRecord], result: DeduplicationResult, parameters: RunParameters,
    fieldNotes: FindingFieldNotes = FindingFieldNotes()
  ) -> RunSnapshot {
    // The units and the findings are independent: made on two threads.
    nonisolated(unsafe) var units: [StoredUnit] = []
    nonisolated(unsafe) var derived: DerivedFindings?
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      if part == 1 {
        derived = DerivedFindings(records: records, result: result, fieldNotes: fieldNotes)
        return
      }
      units = records.withUnsafeBufferPointer { rs in
        result.units.map { u in
          StoredUnit(
            unitID: u.unitID, type: u.type, name: u.name, idNumber: u.idNumber, sex: u.sex,
            birthDate: u.birthDate, categories: u.categories, county: u.county,
            township: u.township, village: u.village, needsReview: u.needsReview,
            sources: u.sources,
            members: u.members.map { m in
              StoredMember(
                idNumber: records.id(at: m),
                name: rs[m].name, householdKey: rs[m].householdKey)
            })
        }
      }
    }
    var snapshot = RunSnapshot(
      parameters: parameters, recordCount: records.count, units: units, findings: [],
      persons: PersonLookup(records: records, result: result))
    snapshot.derivedFindings = derived
    return snapshot
  }
}

/// The warning and error findings of a run's records, one per key (person or `file:line`,
/// code, field), kept as integers — record index, code, field — in the store's key order.
/// Strings are made only as the store writes them: a province has half a million findings.
public struct DerivedFindings: Sendable {
  let records: [VerifiedRecord]
  let unitIDs: UnitIDs
  /// Sorted: findings of valid IDs by (ID, code text, field text), then the others by record.
  let entries: [Entry]

  struct Entry: Sendable {
    /// The ID's 17-digit body; for a record without a valid ID, 1 << 63 | record index.
    var subject: UInt64
    /// Rank of the code's text << 5 | rank of the field's text.
    var codeAndField: UInt16
    var record: Int32
  }

  public var count: Int { entries.count }

  private static let warningOrError = ReasonSet(Reason.allCases.filter { $0.severity != .info })

  init(records: [VerifiedRecord], result: DeduplicationResult, fieldNotes: FindingFieldNotes) {
    self.records = records
    unitIDs = result.unitIDs
    // The warning/error findings the Deduplicate stage added, by record index.
    let added = result.addedFindings.filter { $0.1.severity != .info }.sorted { $0.0 < $1.0 }
    var cursor = 0
    let mask = DerivedFindings.warningOrError
    var entries: [Entry] = []
    records.withUnsafeBufferPointer { rs in
      for i in rs.indices {
        // Stored fields only: calling a computed property would copy the record.
        let own = rs[i].reasons
        let hasOwn = own.low & mask.low != 0 || own.high & mask.high != 0
        let moreStart = cursor
        while cursor < added.count, added[cursor].0 == i { cursor += 1 }
        let more = added[moreStart..<cursor]
        guard hasOwn || !more.isEmpty else { continue }
        let subject = rs[i].idCheck != 0 ? rs[i].idBody : 1 << 63 | UInt64(i)
        func add(_ reason: Reason, _ field: Field?) {
          entries.append(
            Entry(subject: subject, codeAndField: DerivedFindings.pack(reason, field), record: Int32(i)))
        }
        if hasOwn {
          for reason in own where reason.severity != .info {
            if let fields = fieldNotes.isEmpty ? nil : fieldNotes.fields(record: i, reason: reason) {
              for field in fields { add(reason, field) }
            } else {
              add(reason, nil)
            }
          }
        }
        for (_, f) in more { add(f.reason, f.field) }
      }
    }
    entries.sort { ($0.subject, $0.codeAndField, $0.record) < ($1.subject, $1.codeAndField, $1.record) }
    // One per key: the first record (in input order) of a person that carries it.
    var unique: [Entry] = []
    unique.reserveCapacity(entries.count)
    for e in entries {
      if let last = unique.last, last.subject == e.subject, last.codeAndField == e.codeAndField {
        continue
      }
      unique.append(e)
    }
    self.entries = unique
  }

  /// Codes and fields ranked by their text, bytewise (the store's key order).
  static let codesByRank: [Reason] = Reason.allCases.sorted { ByteOrder.less($0.code, $1.code) }
  /// By ``Reason/ordinal``: indexing is much cheaper than hashing a code.
  static let codeRank: [UInt16] = {
    var ranks = [UInt16](repeating: 0, count: Reason.allCases.count)
    for (rank, reason) in codesByRank.enumerated() { ranks[reason.ordinal] = UInt16(rank) }
    return ranks
  }()
  static let fieldsByRank: [Field?] = ([nil] + Field.allCases.map { Optional($0) }).sorted {
    ByteOrder.less($0?.rawValue ?? "", $1?.rawValue ?? "")
  }
  static let fieldRankByIndex: [UInt16] = {
    var ranks = [UInt16](repeating: 0, count: Field.allCases.count + 1)
    for (rank, field) in fieldsByRank.enumerated() { ranks[field.map { $0.index + 1 } ?? 0] = UInt16(rank) }
    return ranks
  }()

  static func pack(_ reason: Reason, _ field: Field?) -> UInt16 {
    codeRank[reason.ordinal] << 5 | fieldRankByIndex[field.map { $0.index + 1 } ?? 0]
  }

  func reason(_ e: Entry) -> Reason { DerivedFindings.codesByRank[Int(e.codeAndField >> 5)] }
  func field(_ e: Entry) -> Field? { DerivedFindings.fieldsByRank[Int(e.codeAndField & 31)] }

  /// The finding at `index`, as a value.
  public func finding(_ index: Int) -> StoredFinding {
    let e = entries[index]
    let r = records[Int(e.record)]
    return StoredFinding(
      subject: r.idValid ? r.id : "\(r.provenance.file):\(r.provenance.line)",
      reason: reason(e), field: field(e), unitID: unitIDs[Int(e.record)], name: r.name,
      idNumber: r.id)
  }
}

struct FindingKey: Hashable, Comparable {
  var subject: String
  var reason: Reason
  var field: String

  init(_ f: StoredFinding) {
    subject = f.subject
    reason = f.reason
    field = f.field?.rawValue ?? ""
  }

  /// The order of the store's primary key: bytewise, as SQLite compares text.
  static func < (a: FindingKey, b: FindingKey) -> Bool {
    let s = ByteOrder.compare(a.subject, b.subject)
    if s != 0 { return s < 0 }
    if a.reason != b.reason { return ByteOrder.less(a.reason.code, b.reason.code) }
    return ByteOrder.less(a.field, b.field)
  }
}
