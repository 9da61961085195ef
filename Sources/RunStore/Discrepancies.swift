import Deduplicate
import GRDB
import RosterCore

/// The kinds of change between two runs: the `change` column of `discrepancies.csv`.
///
/// | change | one row per | `name`, `id_number` | `field` | `before` → `after` | `reason` |
/// |---|---|---|---|---|---|
/// | `unit-removed` | unit of the earlier run not in the later | the unit's (head's) | | categories @ address → "" | why, from its members' state in the later run (see ``RemovalReason``) |
/// | `unit-added` | unit of the later run not in the earlier | the unit's | | "" → categories @ address | |
/// | `unit-changed` | changed attribute of a unit in both | the unit's (later run) | `categories`, `address`, `head`, `name`, `needs_review` | old → new value | |
/// | `member-removed` | household member no longer in the unit | the member's | `members` | unit ID → "" | why, as for `unit-removed` |
/// | `member-added` | household member new in the unit | the member's | `members` | "" → unit ID | |
/// | `finding-new` | warning/error finding of the later run, not the earlier | the record's | the finding's field | "" → code | the code's meaning |
/// | `finding-resolved` | warning/error finding of the earlier run, gone | the record's | the finding's field | code → "" | the code's meaning |
public enum ChangeKind: String, CaseIterable, Sendable, Hashable, Comparable {
  case unitRemoved = "unit-removed"
  case unitAdded = "unit-added"
  case unitChanged = "unit-changed"
  case memberRemoved = "member-removed"
  case memberAdded = "member-added"
  case findingNew = "finding-new"
  case findingResolved = "finding-resolved"

  private var order: Int { ChangeKind.allCases.firstIndex(of: self)! }
  public static func < (a: ChangeKind, b: ChangeKind) -> Bool { a.order < b.order }

  /// How the change is named in the report.
  public var label: String {
    switch self {
    case .unitRemoved: "结对单元减少 unit removed"
    case .unitAdded: "结对单元新增 unit added"
    case .unitChanged: "单元信息变化 unit changed"
    case .memberRemoved: "家庭成员减少 member removed"
    case .memberAdded: "家庭成员新增 member added"
    case .findingNew: "新问题 new finding"
    case .findingResolved: "已解决问题 resolved finding"
    }
  }
}

/// Why a unit (or a household member) of the earlier run is gone from the later one, read from
/// the person's state in the later run. Listed in the order they are reported.
public enum RemovalReason: String, CaseIterable, Sendable, Hashable, Comparable {
  /// `DECEASED`, or the person is on the deaths list (`DEATH_LIST_*`).
  case died
  /// `CHILD_AGED_OUT`: a child reached the age limit.
  case agedOut = "aged-out"
  /// `STATUS_INACTIVE`: support stopped (停保, 退出, 注销), e.g. a household left 特困 status.
  case statusInactive = "status-inactive"
  /// `OUTSIDE_JURISDICTION`: the person moved out of the run's area.
  case leftJurisdiction = "left-jurisdiction"
  /// The person is now paired in another unit (merged into a household, a duplicate).
  case nowDuplicate = "now-duplicate"
  /// The person's ID is not in the later run's input at all.
  case absent
  /// Still in the input but no longer eligible for another reason (the codes are listed).
  case other
  /// The later run did not record the person (the two runs are not consecutive runs of one
  /// jurisdiction); compare consecutive runs to learn why.
  case notRecorded = "not-recorded"

  private var order: Int { RemovalReason.allCases.firstIndex(of: self)! }
  public static func < (a: RemovalReason, b: RemovalReason) -> Bool { a.order < b.order }

  public var label: String {
    switch self {
    case .died: "死亡 died"
    case .agedOut: "年满18周岁 aged out"
    case .statusInactive: "停保/退出 status inactive"
    case .leftJurisdiction: "不属于本辖区 left the jurisdiction"
    case .nowDuplicate: "并入其他单元 now in another unit"
    case .absent: "不在本次名单中 no longer in the input"
    case .other: "其他原因 other"
    case .notRecorded: "无记录 not recorded"
    }
  }
}

/// Why one person left a unit: the reason, the codes that say so, and the unit they are in now.
public struct RemovalExplanation: Sendable, Hashable {
  public var reason: RemovalReason
  public var codes: [Reason]
  /// For ``RemovalReason/nowDuplicate``: the unit the person is in now.
  public var otherUnit: String

  /// Decides why a person left `unit`, from their state in the later run (nil: not recorded).
  ///
  /// ```swift
  /// let state = PersonState(idNumber: id, disposition: .excluded, reasons: ReasonSet([.deceased]))
  /// RemovalExplanation(state, leaving: "P-…").text == "died (DECEASED)"
  /// ```
  public init(_ state: PersonState?, leaving unit: String) {
    otherUnit = ""
    guard let state else {
      reason = .notRecorded
      codes = []
      return
    }
    let r = state.reasons
    let deathCodes = [Reason.deceased, .deathListMatched, .deathListUnmatched].filter(r.contains)
    if state.disposition == .absent {
      reason = .absent
      codes = []
    } else if state.disposition == .paired, !state.unitID.isEmpty, state.unitID != unit {
      reason = .nowDuplicate
      codes = [Reason.householdMember, .dupSameSource, .dupCrossSource].filter(r.contains)
      otherUnit = state.unitID
    } else if !deathCodes.isEmpty {
      reason = .died
      codes = deathCodes
    } else if r.contains(.childAgedOut) {
      reason = .agedOut
      codes = [.childAgedOut]
    } else if r.contains(.statusInactive) {
      reason = .statusInactive
      codes = [.statusInactive]
    } else if r.contains(.outsideJurisdiction) {
      reason = .leftJurisdiction
      codes = [.outsideJurisdiction]
    } else {
      reason = .other
      let decisive = r.filter { $0.effect == .exclude || $0.effect == .reject }
      codes = decisive.isEmpty ? r.filter { $0.severity != .info } : decisive
    }
  }

  /// `died (DECEASED)`, `now-duplicate (unit H-…)`, `absent`, `other (A;B)`.
  public var text: String {
    if reason == .nowDuplicate { return "\(reason.rawValue) (unit \(otherUnit))" }
    if codes.isEmpty { return reason.rawValue }
    return "\(reason.rawValue) (\(codes.map(\.code).joined(separator: ";")))"
  }
}

/// One change between two runs: a row of `discrepancies.csv`.
public struct Discrepancy: Sendable, Hashable {
  public var change: ChangeKind
  public var unitID: String
  public var name: String
  /// Full ID (the CSV is owner-readable); the HTML report masks it.
  public var idNumber: String
  public var field: String
  public var before: String
  public var after: String
  public var reason: String
  /// For `unit-removed` and `member-removed`: why, one entry per member (distinct, in order).
  public var removal: [RemovalExplanation] = []
  /// The unit's address, for grouping ("" for findings).
  public var county = ""
  public var township = ""
  public var village = ""

  /// The row in the order of ``Discrepancies/csvColumns``.
  public var csvRow: [String] { [change.rawValue, unitID, name, idNumber, field, before, after, reason] }
}

/// The changes between two runs of the store, in report order: units removed, added, changed
/// (with their member changes), then findings; within each, by county, township, village and
/// unit ID.
public struct Discrepancies: Sendable {
  public var from: RunInfo
  public var to: RunInfo
  public var changes: [Discrepancy]

  /// The columns of `discrepancies.csv`.
  public static let csvColumns = [
    "change", "unit_id", "name", "id_number", "field", "before", "after", "reason",
  ]

  public var isEmpty: Bool { changes.isEmpty }

  /// Rows per kind of change.
  public var counts: [ChangeKind: Int] {
    var out: [ChangeKind: Int] = [:]
    for c in changes { out[c.change, default: 0] += 1 }
    return out
  }

  /// Removed units per reason; a unit whose members left for different reasons counts under
  /// the first of them (``RemovalReason`` order).
  public var removedUnitsByReason: [RemovalReason: Int] {
    var out: [RemovalReason: Int] = [:]
    for c in changes where c.change == .unitRemoved {
      out[c.removal.first?.reason ?? .notRecorded, default: 0] += 1
    }
    return out
  }

  /// One line for a log or a terminal, e.g.
  /// `run 3 → run 4: 2 units removed (died 1, aged-out 1), 1 added, 1 changed, 4 findings new, 0 resolved`.
  public var summaryLine: String {
    let c = counts
    func n(_ k: ChangeKind) -> Int { c[k] ?? 0 }
    let why = removedUnitsByReason.sorted { $0.key < $1.key }
      .map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
    return "run \(from.id) → run \(to.id): \(n(.unitRemoved)) units removed"
      + (why.isEmpty ? "" : " (\(why))")
      + ", \(n(.unitAdded)) added, \(n(.unitChanged)) attribute changes, "
      + "\(n(.memberRemoved)) members removed, \(n(.memberAdded)) members added, "
      + "\(n(.findingNew)) findings new, \(n(.findingResolved)) resolved"
  }
}

// MARK: - Computing the discrepancies

/// Reads two runs and compares them, inside a read (or the recording) transaction.
struct DiffReader {
  let db: Database
  /// The store's path, for error messages.
  var path = ""

  func discrepancies(from a: RunID, to b: RunID) throws -> Discrepancies {
    let infos = try RunStore.runInfos(
      db, where: "WHERE id IN (?, ?)", arguments: [a.rawValue, b.rawValue])
    guard let infoA = infos.first(where: { $0.id == a }) else { throw noSuchRun(a) }
    guard let infoB = infos.first(where: { $0.id == b }) else { throw noSuchRun(b) }

    var changes: [Discrepancy] = []
    try compareUnits(a, b, into: &changes)
    let unitChangeCount = changes.count
    try compareFindings(a, b, into: &changes)
    sortUnitChanges(&changes[..<unitChangeCount])
    return Discrepancies(from: infoA, to: infoB, changes: changes)
  }

  func noSuchRun(_ id: RunID) -> StoreError {
    StoreError(
      .noSuchRun, path: path, problem: "there is no run \(id) in the store",
      advice: "List the runs with `rostercheck history --store FILE`.")
  }

  // MARK: Units

  static let unitColumns = """
    SELECT unit_id, type, name, id_number, sex, birth_date, categories, county, township,
      village, needs_review, sources, members
    FROM unit WHERE run_id = ? ORDER BY unit_id
    """

  /// A unit from a row of ``unitColumns``.
  func unit(_ row: FastStatement.Row) -> StoredUnit {
    StoredUnit(
      unitID: row.text(0), type: UnitType(rawValue: row.text(1)) ?? .person,
      name: row.text(2), idNumber: row.text(3), sex: row.optionalText(4).flatMap(Sex.init),
      birthDate: row.optionalText(5).flatMap { CalendarDate(iso: $0) },
      categories: CategorySet(
        row.text(6).split(separator: ";").compactMap { Category(rawValue: String($0)) }),
      county: row.text(7), township: row.text(8), village: row.text(9),
      needsReview: row.bool(10),
      sources: row.text(11).split(separator: ";").compactMap { SourceKind(rawValue: String($0)) },
      members: MemberText.parse(row.text(12)))
  }

  /// True when two rows of the same unit agree on everything the diff reports.
  func sameReported(_ x: FastStatement.Row, _ y: FastStatement.Row) -> Bool {
    x.int(10) == y.int(10) && x.same(12, as: y, 12) && x.same(2, as: y, 2)
      && x.same(3, as: y, 3) && x.same(6, as: y, 6) && x.same(7, as: y, 7)
      && x.same(8, as: y, 8) && x.same(9, as: y, 9)
  }

  /// Merges the two runs' units, both read in unit ID order; only units that differ become
  /// values (a province's 300k units are compared as raw bytes).
  func compareUnits(_ a: RunID, _ b: RunID, into changes: inout [Discrepancy]) throws {
    let old = try FastStatement(db, sql: DiffReader.unitColumns)
    old.bind(1, a.rawValue)
    let new = try FastStatement(db, sql: DiffReader.unitColumns)
    new.bind(1, b.rawValue)
    var removed: [StoredUnit] = []
    var both: [(StoredUnit, StoredUnit)] = []
    var x = try old.next()
    var y = try new.next()
    while x != nil || y != nil {
      let order = x.flatMap { rx in y.map { ry in rx.compare(0, with: ry, 0) } } ?? (x == nil ? 1 : -1)
      if order == 0 {
        if !sameReported(x!, y!) { both.append((unit(x!), unit(y!))) }
        x = try old.next()
        y = try new.next()
      } else if order < 0 {
        removed.append(unit(x!))
        x = try old.next()
      } else {
        let u = unit(y!)
        changes.append(row(.unitAdded, u, before: "", after: describe(u)))
        y = try new.next()
      }
    }

    // The later run's state of every person who left a unit.
    var leaving = Set<String>()
    for u in removed { for m in u.members { leaving.insert(m.idNumber) } }
    for (x, y) in both {
      let now = Set(y.members.map(\.idNumber))
      for m in x.members where !now.contains(m.idNumber) { leaving.insert(m.idNumber) }
    }
    let states = try personStates(run: b, ids: leaving)

    for u in removed {
      var explanations: [RemovalExplanation] = []
      for m in u.members {
        let e = RemovalExplanation(states[m.idNumber], leaving: u.unitID)
        if !explanations.contains(e) { explanations.append(e) }
      }
      explanations.sort { $0.reason < $1.reason }
      var d = row(.unitRemoved, u, before: describe(u), after: "")
      d.reason = explanations.map(\.text).joined(separator: "; ")
      d.removal = explanations
      changes.append(d)
    }

    for (x, y) in both {
      func changed(_ field: String, _ old: String, _ new: String) {
        guard old != new else { return }
        changes.append(row(.unitChanged, y, field: field, before: old, after: new))
      }
      changed("categories", categoryText(x.categories), categoryText(y.categories))
      changed("address", address(x), address(y))
      if x.idNumber != y.idNumber {
        changed("head", x.idNumber, y.idNumber)
      } else {
        changed("name", x.name, y.name)
      }
      changed("needs_review", x.needsReview ? "yes" : "no", y.needsReview ? "yes" : "no")
      let old = Set(x.members.map(\.idNumber))
      let new = Set(y.members.map(\.idNumber))
      for m in x.members where !new.contains(m.idNumber) {
        let e = RemovalExplanation(states[m.idNumber], leaving: y.unitID)
        var d = row(.memberRemoved, y, field: "members", before: y.unitID, after: "")
        d.name = m.name
        d.idNumber = m.idNumber
        d.reason = e.text
        d.removal = [e]
        changes.append(d)
      }
      for m in y.members where !old.contains(m.idNumber) {
        var d = row(.memberAdded, y, field: "members", before: "", after: y.unitID)
        d.name = m.name
        d.idNumber = m.idNumber
        changes.append(d)
      }
    }
  }

  /// The later run's state of each of `ids`: paired in the unit of the later run that lists
  /// them, else as recorded in its person table; missing when the run did not record them.
  func personStates(run: RunID, ids: Set<String>) throws -> [String: PersonState] {
    guard !ids.isEmpty else { return [:] }
    var out: [String: PersonState] = [:]
    var bodies: [UInt64: String] = [:]
    for id in ids { if let body = PersonLookup.idBody(id) { bodies[body] = id } }
    let units = try FastStatement(db, sql: "SELECT unit_id, members FROM unit WHERE run_id = ?")
    units.bind(1, run.rawValue)
    try units.forEachRow { row in
      MemberText.forEachID(row.bytes(1)) { idBytes in
        guard let body = PersonLookup.idBody(bytes: idBytes), let id = bodies[body],
          out[id] == nil
        else { return }
        out[id] = PersonState(idNumber: id, disposition: .paired, unitID: row.text(0))
      }
    }
    let query = try FastStatement(
      db,
      sql: "SELECT disposition, unit_id, reasons FROM person WHERE run_id = ? AND id_number = ?")
    for id in ids where out[id] == nil {
      query.bind(1, run.rawValue)
      query.bind(2, id)
      if let row = try query.next() {
        out[id] = PersonState(
          idNumber: id,
          disposition: PersonDisposition(rawValue: row.text(0)) ?? .excluded,
          unitID: row.text(1),
          reasons: ReasonSet(
            row.text(2).split(separator: ";").compactMap { Reason(rawValue: String($0)) }))
        _ = try query.next()  // the key is unique: finishes and resets the statement
      }
    }
    return out
  }

  func row(
    _ change: ChangeKind, _ u: StoredUnit, field: String = "", before: String, after: String
  ) -> Discrepancy {
    Discrepancy(
      change: change, unitID: u.unitID, name: u.name, idNumber: u.idNumber, field: field,
      before: before, after: after, reason: "", county: u.county, township: u.township,
      village: u.village)
  }

  func categoryText(_ c: CategorySet) -> String { c.map(\.chineseName).joined(separator: ";") }
  func address(_ u: StoredUnit) -> String { "\(u.county)/\(u.township)/\(u.village)" }
  func describe(_ u: StoredUnit) -> String { "\(categoryText(u.categories)) @ \(address(u))" }

  /// Removed, added, then changed units (member changes with their unit); by address and unit.
  func sortUnitChanges(_ changes: inout ArraySlice<Discrepancy>) {
    func group(_ k: ChangeKind) -> Int {
      switch k {
      case .unitRemoved: 0
      case .unitAdded: 1
      default: 2
      }
    }
    changes.sort { a, b in
      let x = (group(a.change), a.county, a.township, a.village, a.unitID)
      let y = (group(b.change), b.county, b.township, b.village, b.unitID)
      if x != y { return x < y }
      return (a.change, a.field, a.idNumber) < (b.change, b.field, b.idNumber)
    }
  }

  // MARK: Findings

  /// Merges the two runs' findings, both read in key order.
  func compareFindings(_ a: RunID, _ b: RunID, into changes: inout [Discrepancy]) throws {
    let sql = """
      SELECT subject, code, field, unit_id, name, id_number FROM finding WHERE run_id = ?
      ORDER BY subject, code, field
      """
    let old = try FastStatement(db, sql: sql)
    old.bind(1, a.rawValue)
    let new = try FastStatement(db, sql: sql)
    new.bind(1, b.rawValue)
    var resolved: [Discrepancy] = []
    func finding(_ change: ChangeKind, _ row: FastStatement.Row) -> Discrepancy {
      let code = row.text(1)
      let meaning = Reason(rawValue: code)?.entry.chinese ?? ""
      let subject = row.text(0)
      let stored = row.text(5)
      return Discrepancy(
        change: change, unitID: row.text(3), name: row.text(4),
        idNumber: stored.isEmpty && PersonLookup.idBody(subject) != nil ? subject : stored,
        field: row.text(2), before: change == .findingResolved ? code : "",
        after: change == .findingNew ? code : "", reason: meaning)
    }
    // Keys are compared as raw bytes; only findings that differ become values.
    func order(_ x: FastStatement.Row, _ y: FastStatement.Row) -> Int {
      let s = x.compare(0, with: y, 0)
      if s != 0 { return s }
      let c = x.compare(1, with: y, 1)
      if c != 0 { return c }
      return x.compare(2, with: y, 2)
    }
    var x = try old.next()
    var y = try new.next()
    while x != nil || y != nil {
      let o = x.flatMap { rx in y.map { ry in order(rx, ry) } } ?? (x == nil ? 1 : -1)
      if o == 0 {
        x = try old.next()
        y = try new.next()
      } else if o < 0 {
        resolved.append(finding(.findingResolved, x!))
        x = try old.next()
      } else {
        changes.append(finding(.findingNew, y!))
        y = try new.next()
      }
    }
    changes.append(contentsOf: resolved)
  }

}
