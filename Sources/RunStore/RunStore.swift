#if canImport(Glibc)
  import Glibc
#endif
import Deduplicate
import Foundation
import GRDB
import RosterCore

/// A run as listed by ``RunStore/runs()``.
public struct RunInfo: Sendable, Hashable {
  public var id: RunID
  /// When the run started, ISO 8601 UTC.
  public var started: String
  /// When the run was recorded, ISO 8601 UTC.
  public var recorded: String
  /// The reference date, `YYYY-MM-DD`.
  public var asOf: String
  public var jurisdiction: String
  public var rulesFile: String
  public var rulesName: String
  public var rulesSHA256: String
  public var toolVersion: String
  /// The previous run of the same jurisdiction when this one was recorded.
  public var previous: RunID?
  public var recordCount: Int
  public var unitCount: Int
  public var memberCount: Int
  public var personCount: Int
  public var findingCount: Int
  public var inputs: [InputFile]
}

/// The outcome of ``RunStore/record(_:)``.
public struct RecordedRun: Sendable, Hashable {
  public var id: RunID
  /// The previous run of the same jurisdiction, against which discrepancies are reported.
  public var previous: RunID?
}

/// A problem with the run store, said so that a user can act on it.
public struct StoreError: Error, CustomStringConvertible, Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// The store file does not exist (and was not to be created).
    case notFound
    /// The file is not a rostercheck run store, or is damaged.
    case notAStore
    /// The store was written by a newer rostercheck.
    case newerVersion
    /// Another process kept the store locked longer than the busy timeout.
    case busy
    /// No such run.
    case noSuchRun
    /// Not enough runs to compare.
    case nothingToCompare
    /// Any other SQLite or file-system failure.
    case failed
  }
  public var kind: Kind
  public var path: String
  public var problem: String
  public var advice: String

  public init(_ kind: Kind, path: String, problem: String, advice: String) {
    self.kind = kind
    self.path = path
    self.problem = problem
    self.advice = advice
  }

  public var description: String { "\(path): \(problem). \(advice)" }
}

/// The SQLite run store (§7 of the data contract): every recorded run with its parameters,
/// inputs, units, members, the persons that matter and its findings; the discrepancies between
/// any two runs.
///
/// - The store is one SQLite file in WAL mode, created owner-only (0600; SQLite gives its
///   `-wal` and `-shm` files the same mode).
/// - Each run is recorded in **one immediate transaction**: a run that fails or is killed midway
///   leaves the store as it was.
/// - Two processes recording at once are serialized by SQLite's write lock: the second waits up
///   to `busyTimeout` seconds, then fails with ``StoreError/Kind/busy`` and records nothing.
///
/// ```swift
/// let store = try RunStore(path: "xihe-runs.sqlite")
/// let recorded = try store.record(snapshot)
/// if let previous = recorded.previous {
///   let changes = try store.discrepancies(from: previous, to: recorded.id)
///   print(changes.counts)
/// }
/// ```
public final class RunStore: @unchecked Sendable {
  public let path: String
  let queue: DatabaseQueue

  /// How long a run waits for another run's write transaction, in seconds.
  public static let defaultBusyTimeout: TimeInterval = 300

  /// Opens the store at `path`, creating it (owner-only) and migrating its schema as needed.
  ///
  /// - Parameters:
  ///   - createIfMissing: when false, a missing file is an error (``StoreError/Kind/notFound``);
  ///     `history` and `diff` open stores this way.
  ///   - busyTimeout: how long to wait for another process's write transaction.
  public init(
    path: String, createIfMissing: Bool = true,
    busyTimeout: TimeInterval = RunStore.defaultBusyTimeout
  ) throws {
    self.path = path
    try RunStore.prepareFile(path, create: createIfMissing)
    var config = Configuration()
    config.journalMode = .wal
    config.busyMode = .timeout(busyTimeout)
    config.foreignKeysEnabled = true
    config.label = "rostercheck run store"
    config.prepareDatabase { db in
      // 16 KB pages (for a new store; before WAL mode is set): bulk inserts of a province's
      // run cost about 40% less than with 4 KB pages.
      try db.execute(sql: "PRAGMA page_size = 16384")
      // A large page cache keeps a province's run (≈200 MB of rows) from spilling to the WAL
      // page by page before the commit; pages are only allocated as they are used.
      try db.execute(sql: "PRAGMA cache_size = -262144")
    }
    do {
      queue = try DatabaseQueue(path: path, configuration: config)
      try queue.writeWithoutTransaction { db in
        // GRDB's WAL setup chooses synchronous = NORMAL; a recorded run must survive a power
        // loss, and FULL costs one fsync per run.
        try db.execute(sql: "PRAGMA synchronous = FULL")
      }
      try RunStore.checkIsStore(queue, path: path)
      try RunStore.migrate(queue, path: path)
    } catch let error as StoreError {
      throw error
    } catch {
      throw RunStore.storeError(error, path: path, doing: "open the run store")
    }
    RunStore.restrictPermissions(path)
  }

  // MARK: Opening

  /// Creates the file with mode 0600 when missing; tightens an existing store to owner-only.
  static func prepareFile(_ path: String, create: Bool) throws {
    var info = stat()
    if stat(path, &info) == 0 {
      guard info.st_mode & S_IFMT == S_IFREG else {
        throw StoreError(
          .notAStore, path: path, problem: "is not a file",
          advice: "Give --store the path of a run store file (e.g. runs.sqlite).")
      }
      restrictPermissions(path)
      return
    }
    guard create else {
      throw StoreError(
        .notFound, path: path, problem: "no run store at this path",
        advice: "Check the path; a store is created by `rostercheck run … --store FILE`.")
    }
    let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
    if fd < 0 {
      if errno == EEXIST { return }  // another process created it just now
      let reason = String(cString: strerror(errno))
      throw StoreError(
        .failed, path: path, problem: "cannot create the run store: \(reason)",
        advice: "Check that the folder exists and is writable.")
    }
    close(fd)
  }

  /// Owner-only permissions on the store and its `-wal`/`-shm` files (when this user owns them).
  static func restrictPermissions(_ path: String) {
    for file in [path, path + "-wal", path + "-shm"] {
      var info = stat()
      guard stat(file, &info) == 0, info.st_uid == geteuid(),
        info.st_mode & 0o077 != 0
      else { continue }
      chmod(file, info.st_mode & 0o700)
    }
  }

  /// Refuses an SQLite file that holds other tables than a run store's.
  static func checkIsStore(_ queue: DatabaseQueue, path: String) throws {
    let tables = try queue.read { db in
      try String.fetchAll(
        db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    }
    if !tables.isEmpty && !tables.contains("grdb_migrations") {
      throw StoreError(
        .notAStore, path: path,
        problem: "is an SQLite database but not a rostercheck run store (tables: "
          + tables.sorted().prefix(5).joined(separator: ", ") + ")",
        advice: "Give --store a new file name or an existing run store.")
    }
  }

  static func migrate(_ queue: DatabaseQueue, path: String) throws {
    let migrator = Schema.migrator
    let superseded = try queue.read { db -> Bool in
      guard try db.tableExists("grdb_migrations") else { return false }
      return try migrator.hasBeenSuperseded(db)
    }
    if superseded {
      throw StoreError(
        .newerVersion, path: path,
        problem: "the run store was written by a newer rostercheck",
        advice: "Use that version of rostercheck, or give --store a new file.")
    }
    // Two processes opening a new store at once may both see a migration as unapplied; the
    // second then fails on the tables the first created. Its retry sees them applied.
    var attempts = 0
    while true {
      do {
        try migrator.migrate(queue)
        return
      } catch {
        attempts += 1
        let done = try queue.read { db in try migrator.hasCompletedMigrations(db) }
        if done { return }
        if attempts >= 3 { throw error }
      }
    }
  }

  static func storeError(_ error: any Error, path: String, doing action: String) -> StoreError {
    if let e = error as? StoreError { return e }
    if let e = error as? DatabaseError {
      switch e.resultCode {
      case .SQLITE_BUSY, .SQLITE_LOCKED:
        return StoreError(
          .busy, path: path,
          problem: "cannot \(action): another rostercheck process kept the store locked",
          advice: "Wait for the other run to finish, then run again; nothing was recorded.")
      case .SQLITE_NOTADB, .SQLITE_CORRUPT:
        return StoreError(
          .notAStore, path: path,
          problem: "cannot \(action): the file is not a run store or is damaged (\(e.message ?? ""))",
          advice: "Give --store a new file name; keep the damaged file for inspection.")
      case .SQLITE_FULL, .SQLITE_IOERR:
        return StoreError(
          .failed, path: path,
          problem: "cannot \(action): \(e.message ?? "input/output error")",
          advice: "Check the free space and the disk; nothing was recorded.")
      case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN, .SQLITE_AUTH:
        return StoreError(
          .failed, path: path, problem: "cannot \(action): \(e.message ?? "permission denied")",
          advice: "Check that the store and its folder are writable by this user.")
      default:
        return StoreError(
          .failed, path: path, problem: "cannot \(action): \(e.message ?? "\(e.resultCode)")",
          advice: "Nothing was recorded; report this with the store file if it persists.")
      }
    }
    return StoreError(
      .failed, path: path, problem: "cannot \(action): \(error)",
      advice: "Nothing was recorded.")
  }

  func withStoreErrors<T>(_ action: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch { throw RunStore.storeError(error, path: path, doing: action) }
  }

  // MARK: Recording

  /// Records a run in one transaction and returns its ID and the previous run of the same
  /// jurisdiction.
  @discardableResult
  public func record(_ snapshot: RunSnapshot) throws -> RecordedRun {
    try record(snapshot, beforeCommit: nil)
  }

  /// Records a run; `beforeCommit` runs inside the transaction, after the rows are written,
  /// with the run's ID and its discrepancies against the previous run of the same
  /// jurisdiction (nil when there is none). When it throws, nothing is recorded — so the
  /// pipeline can commit its output files there and keep the store and the outputs in step.
  ///
  /// ```swift
  /// try store.record(snapshot) { run, discrepancies in
  ///   try writeOutputs(runID: run.id, discrepancies: discrepancies)
  /// }
  /// ```
  ///
  /// `written`, when given, is called once the run's rows are written, before the comparison
  /// with the previous run (the pipeline times the two steps apart).
  @discardableResult
  public func record(
    _ snapshot: RunSnapshot,
    written: (() -> Void)? = nil,
    beforeCommit: ((RecordedRun, Discrepancies?) throws -> Void)?
  ) throws -> RecordedRun {
    var recorded = RecordedRun(id: RunID(0), previous: nil)
    /// The caller's own error from `beforeCommit`, passed through unchanged.
    var callerError: (any Error)?
    do {
      try withStoreErrors("record the run") {
        try queue.writeWithoutTransaction { db in
          try db.inTransaction(.immediate) {
            recorded = try RunWriter(db: db).write(snapshot)
            RunStore.restrictPermissions(path)
            written?()
            if let beforeCommit {
              let discrepancies = try recorded.previous.map {
                try DiffReader(db: db, path: path).discrepancies(from: $0, to: recorded.id)
              }
              do {
                try beforeCommit(recorded, discrepancies)
              } catch {
                callerError = error
                throw error
              }
            }
            return .commit
          }
        }
      }
    } catch {
      throw callerError ?? error
    }
    return recorded
  }

  // MARK: Reading

  /// Every run, oldest first.
  public func runs() throws -> [RunInfo] {
    try withStoreErrors("list the runs") {
      try queue.read { db in try RunStore.runInfos(db, where: "", arguments: []) }
    }
  }

  /// One run, or nil.
  public func run(_ id: RunID) throws -> RunInfo? {
    try withStoreErrors("read run \(id)") {
      try queue.read { db in
        try RunStore.runInfos(db, where: "WHERE id = ?", arguments: [id.rawValue]).first
      }
    }
  }

  /// The latest run of `jurisdiction` recorded before `before` (or the latest of all when
  /// `before` is nil).
  public func previousRun(jurisdiction: String, before: RunID? = nil) throws -> RunInfo? {
    try withStoreErrors("find the previous run") {
      try queue.read { db in
        guard
          let id = try Int64.fetchOne(
            db,
            sql: "SELECT id FROM run WHERE jurisdiction = ? AND id < ? ORDER BY id DESC LIMIT 1",
            arguments: [jurisdiction, before?.rawValue ?? Int64.max])
        else { return nil }
        return try RunStore.runInfos(db, where: "WHERE id = ?", arguments: [id]).first
      }
    }
  }

  /// The discrepancies between run `from` (before) and run `to` (after).
  public func discrepancies(from: RunID, to: RunID) throws -> Discrepancies {
    try withStoreErrors("compare runs \(from) and \(to)") {
      try queue.read { db in try DiffReader(db: db, path: path).discrepancies(from: from, to: to) }
    }
  }

  /// The units of a run, in unit ID order, with their members.
  public func units(of id: RunID) throws -> [StoredUnit] {
    try withStoreErrors("read run \(id)") {
      try queue.read { db in
        let reader = DiffReader(db: db, path: path)
        let statement = try FastStatement(db, sql: DiffReader.unitColumns)
        statement.bind(1, id.rawValue)
        var out: [StoredUnit] = []
        try statement.forEachRow { out.append(reader.unit($0)) }
        return out
      }
    }
  }

  /// The `summary.json` text and the report JSON recorded with a run.
  public func documents(of id: RunID) throws -> (summaryJSON: String, reportJSON: String)? {
    try withStoreErrors("read run \(id)") {
      try queue.read { db in
        try Row.fetchOne(
          db, sql: "SELECT summary_json, report_json FROM run WHERE id = ?",
          arguments: [id.rawValue]
        ).map { ($0[0], $0[1]) }
      }
    }
  }

  /// The store's integrity check (`PRAGMA integrity_check`): "ok" when sound.
  public func integrityCheck() throws -> String {
    try withStoreErrors("check the store") {
      try queue.read { db in
        try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
      }
    }
  }

  static func runInfos(
    _ db: Database, where clause: String, arguments: StatementArguments
  ) throws -> [RunInfo] {
    let rows = try Row.fetchAll(
      db,
      sql: """
        SELECT id, started, recorded, as_of, jurisdiction, rules_file, rules_name, rules_sha256,
          tool_version, previous_run_id, record_count, unit_count, member_count, person_count,
          finding_count
        FROM run \(clause) ORDER BY id
        """, arguments: arguments)
    var inputs: [Int64: [InputFile]] = [:]
    let inputRows = try Row.fetchAll(
      db,
      sql: """
        SELECT run_id, source, path, sha256, record_count FROM input
        WHERE run_id IN (SELECT id FROM run \(clause)) ORDER BY run_id, position
        """, arguments: arguments)
    for row in inputRows {
      let run: Int64 = row[0]
      inputs[run, default: []].append(
        InputFile(
          source: SourceKind(rawValue: row[1]) ?? .civilAffairs, path: row[2], sha256: row[3],
          records: row[4]))
    }
    return rows.map { row in
      let id: Int64 = row[0]
      let previous: Int64? = row[9]
      return RunInfo(
        id: RunID(id), started: row[1], recorded: row[2], asOf: row[3], jurisdiction: row[4],
        rulesFile: row[5], rulesName: row[6], rulesSHA256: row[7], toolVersion: row[8],
        previous: previous.map(RunID.init), recordCount: row[10], unitCount: row[11],
        memberCount: row[12], personCount: row[13], findingCount: row[14],
        inputs: inputs[id] ?? [])
    }
  }
}

/// Writes one run's rows inside the caller's transaction.
struct RunWriter {
  let db: Database

  func write(_ snapshot: RunSnapshot) throws -> RecordedRun {
    let p = snapshot.parameters
    let previous = try Int64.fetchOne(
      db, sql: "SELECT id FROM run WHERE jurisdiction = ? ORDER BY id DESC LIMIT 1",
      arguments: [p.jurisdiction])

    let order = SortKeys.uniqueUnitOrder(snapshot.units)
    let recorded = ISO8601DateFormatter().string(from: Date())
    try db.execute(
      sql: """
        INSERT INTO run (started, recorded, as_of, jurisdiction, rules_file, rules_name,
          rules_sha256, tool_version, previous_run_id, record_count, unit_count, member_count,
          person_count, finding_count, summary_json, report_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [
        p.started, recorded, p.asOf.description, p.jurisdiction, p.rulesFile, p.rulesName,
        p.rulesSHA256, p.toolVersion, previous, snapshot.recordCount, order.count,
        0, 0, 0, p.summaryJSON, p.reportJSON,
      ])
    let runID = db.lastInsertedRowID

    let input = try FastStatement(
      db,
      sql: "INSERT INTO input (run_id, position, source, path, sha256, record_count) VALUES (?, ?, ?, ?, ?, ?)")
    for (i, f) in p.inputs.enumerated() {
      input.bind(1, runID)
      input.bind(2, i)
      input.bind(3, f.source.rawValue)
      input.bind(4, f.path)
      input.bind(5, f.sha256)
      input.bind(6, f.records)
      try input.execute()
    }
    let members = try writeUnits(snapshot.units, order: order, run: runID)

    // The persons that matter beyond this run's members (whose state is their unit): the
    // previous run's members who are in no unit now.
    var leavers: [String] = []
    if let previous {
      let read = try FastStatement(db, sql: "SELECT members FROM unit WHERE run_id = ?")
      read.bind(1, previous)
      try read.forEachRow { row in
        MemberText.forEachID(row.bytes(0)) { id in
          if let body = PersonLookup.idBody(bytes: id), members.bodies.contains(body) { return }
          leavers.append(String(decoding: id, as: UTF8.self))
        }
      }
    }
    let states = leavers.isEmpty ? [:] : snapshot.persons.states(for: leavers)
    try writePersons(states, run: runID)

    let findingCount = try writeFindings(snapshot, run: runID)
    try db.execute(
      sql: "UPDATE run SET member_count = ?, person_count = ?, finding_count = ? WHERE id = ?",
      arguments: [members.count, states.count, findingCount, runID])
    return RecordedRun(id: RunID(runID), previous: previous.map(RunID.init))
  }

  /// Writes `units[order]` (see ``SortKeys/uniqueUnitOrder(_:)``); returns the number of
  /// members and the ID bodies of the members.
  func writeUnits(_ units: [StoredUnit], order: [Int], run: Int64) throws
    -> (count: Int, bodies: Set<UInt64>)
  {
    var bodies = Set<UInt64>(minimumCapacity: units.count * 2)
    var count = 0
    let unit = try BulkInsert(
      db, table: "unit",
      columns: [
        "run_id", "unit_id", "type", "name", "id_number", "sex", "birth_date", "categories",
        "county", "township", "village", "member_count", "needs_review", "sources", "members",
      ], rows: order.count)
    try units.withUnsafeBufferPointer { units in
      for i in order {
        unit.int(run)
        unit.text(units[i].unitID)
        unit.text(units[i].type.rawValue)
        unit.text(units[i].name)
        unit.text(units[i].idNumber)
        unit.text(units[i].sex?.rawValue)
        if let birth = units[i].birthDate {
          unit.date(year: birth.year, month: birth.month, day: birth.day)
        } else {
          unit.null()
        }
        unit.text(Texts.categories[Int(units[i].categories.rawValue & 0x1F)])
        unit.text(units[i].county)
        unit.text(units[i].township)
        unit.text(units[i].village)
        unit.int(units[i].members.count)
        unit.int(units[i].needsReview ? 1 : 0)
        unit.text(Texts.sources(units[i].sources))
        unit.beginPieces()
        for (n, m) in units[i].members.enumerated() {
          if n > 0 { unit.piece(byte: MemberText.lineSeparator) }
          count += 1
          if let body = PersonLookup.idBody(m.idNumber) { bodies.insert(body) }
          unit.piece(MemberText.clean(m.idNumber))
          unit.piece(byte: MemberText.fieldSeparator)
          unit.piece(MemberText.clean(m.name))
          unit.piece(byte: MemberText.fieldSeparator)
          unit.piece(MemberText.clean(m.householdKey))
        }
        unit.endPieces()
        try unit.endRow()
      }
    }
    unit.finish()
    return (count, bodies)
  }

  func writePersons(_ states: [String: PersonState], run: Int64) throws {
    guard !states.isEmpty else { return }
    let person = try BulkInsert(
      db, table: "person", columns: ["run_id", "id_number", "disposition", "unit_id", "reasons"],
      rows: states.count)
    for id in states.keys.sorted(by: ByteOrder.less) {
      let s = states[id]!
      person.int(run)
      person.text(id)
      person.text(s.disposition.rawValue)
      person.text(s.unitID)
      person.text(s.reasons.codes)
      try person.endRow()
    }
    person.finish()
  }

  /// Writes the derived findings (streamed from their integer entries, already in key order)
  /// and the explicit ones; returns how many rows were inserted (a repeated key is kept once).
  func writeFindings(_ snapshot: RunSnapshot, run: Int64) throws -> Int {
    let derived = snapshot.derivedFindings
    let explicit = snapshot.findings
    // OR IGNORE: an explicit finding may repeat a key; the first one is kept.
    let finding = try BulkInsert(
      db, table: "finding",
      columns: ["run_id", "subject", "code", "field", "unit_id", "name", "id_number"],
      rows: (derived?.count ?? 0) + explicit.count, orIgnore: true)
    if let derived {
      try derived.records.withUnsafeBufferPointer { rs in
        for e in derived.entries {
          let r = Int(e.record)
          finding.int(run)
          let valid = rs[r].idCheck != 0  // stored fields only: no record copy
          if valid {
            finding.id(body: rs[r].idBody, check: rs[r].idCheck)
          } else {
            finding.text("\(rs[r].provenance.file):\(rs[r].provenance.line)")
          }
          finding.text(derived.reason(e).code)
          finding.text(derived.field(e)?.rawValue ?? "")
          finding.text(derived.unitIDs[r])
          finding.text(rs[r].name)
          // The subject is the ID when it is valid: not stored twice.
          finding.text(valid ? "" : rs[r].id)
          try finding.endRow()
        }
      }
    }
    for i in SortKeys.findingOrder(explicit) {
      let f = explicit[i]
      finding.int(run)
      finding.text(f.subject)
      finding.text(f.reason.code)
      finding.text(f.field?.rawValue ?? "")
      finding.text(f.unitID)
      finding.text(f.name)
      finding.text(f.idNumber == f.subject && PersonLookup.idBody(f.subject) != nil ? "" : f.idNumber)
      try finding.endRow()
    }
    finding.finish()
    return finding.inserted
  }
}

/// Column texts computed once rather than per row.
enum Texts {
  /// `CategorySet.description` for each of the 32 sets.
  static let categories: [String] = (0..<32).map { CategorySet(rawValue: UInt8($0)).description }

  private static let sourceTexts: [String] = (0..<8).map { bits in
    SourceKind.allCases.enumerated().filter { bits & (1 << $0.offset) != 0 }
      .map(\.element.rawValue).joined(separator: ";")
  }

  /// `;`-separated raw values, in the order given (units list sources sorted).
  static func sources(_ sources: [SourceKind]) -> String {
    var bits = 0
    var sorted = true
    var last = -1
    for s in sources {
      let i = SourceKind.allCases.firstIndex(of: s)!
      if i <= last { sorted = false }
      last = i
      bits |= 1 << i
    }
    return sorted ? sourceTexts[bits] : sources.map(\.rawValue).joined(separator: ";")
  }
}

/// The `members` column of `unit`: `id_number<TAB>name<TAB>household_key` per member, head
/// first, lines separated by a line feed.
enum MemberText {
  static let fieldSeparator: UInt8 = 0x09
  static let lineSeparator: UInt8 = 0x0A

  /// Tabs and line feeds cannot occur in normalized values; should one, it becomes a space.
  @inline(__always) static func clean(_ value: String) -> String {
    let clean =
      value.utf8.withContiguousStorageIfAvailable { bytes in
        !bytes.contains { $0 == fieldSeparator || $0 == lineSeparator }
      } ?? !value.utf8.contains { $0 == fieldSeparator || $0 == lineSeparator }
    guard !clean else { return value }
    return String(value.map { $0 == "\t" || $0 == "\n" ? " " : $0 })
  }

  static func parse(_ text: String) -> [StoredMember] {
    guard !text.isEmpty else { return [] }
    return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      let parts = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
      return StoredMember(
        idNumber: String(parts[0]), name: parts.count > 1 ? String(parts[1]) : "",
        householdKey: parts.count > 2 ? String(parts[2]) : "")
    }
  }

  /// Calls `body` with the bytes of each member's ID, without making strings.
  static func forEachID(_ text: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
    var start = 0
    var atLineStart = true
    var i = 0
    while i <= text.count {
      let b: UInt8 = i < text.count ? text[i] : lineSeparator
      if atLineStart, b == fieldSeparator || b == lineSeparator {
        body(UnsafeRawBufferPointer(rebasing: text[start..<i]))
        atLineStart = false
      }
      if b == lineSeparator {
        atLineStart = true
        start = i + 1
      }
      i += 1
    }
  }
}

/// Orders for inserting rows in (nearly) primary-key order without comparing strings: unit IDs
/// are `P-`/`H-` and 16 hexadecimal digits, subjects are mostly IDs (17 digits and a check
/// character, ordered like their 17-digit number). Anything else is ordered bytewise after.
/// The order only makes inserts append at the end of the B-tree; correctness never depends on it.
enum SortKeys {
  /// Key order, each unit ID once (a snapshot built by hand could repeat one: the first wins).
  static func uniqueUnitOrder(_ units: [StoredUnit]) -> [Int] {
    var order: [Int] = []
    order.reserveCapacity(units.count)
    for i in unitOrder(units) where order.last.map({ units[$0].unitID != units[i].unitID }) ?? true {
      order.append(i)
    }
    return order
  }

  static func unitOrder(_ units: [StoredUnit]) -> [Int] {
    var keyed: [(UInt8, UInt64, Int32)] = []
    var other: [Int] = []
    keyed.reserveCapacity(units.count)
    for i in units.indices {
      if let (prefix, value) = unitKey(units[i].unitID) {
        keyed.append((prefix, value, Int32(i)))
      } else {
        other.append(i)
      }
    }
    keyed.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
    other.sort { ByteOrder.less(units[$0].unitID, units[$1].unitID) || (units[$0].unitID == units[$1].unitID && $0 < $1) }
    return keyed.map { Int($0.2) } + other
  }

  /// `H-…` sorts before `P-…`; within a prefix, by the value of the 16 upper-case hexadecimal
  /// digits (which sort like their values). Nil for any other form.
  static func unitKey(_ id: String) -> (UInt8, UInt64)? {
    var it = id.utf8.makeIterator()
    guard let prefix = it.next(), prefix == 0x48 || prefix == 0x50, it.next() == 0x2D else {
      return nil
    }
    var value: UInt64 = 0
    var digits = 0
    while let b = it.next() {
      let d: UInt64
      switch b {
      case 0x30...0x39: d = UInt64(b - 0x30)
      case 0x41...0x46: d = UInt64(b - 0x41 + 10)
      default: return nil
      }
      value = value << 4 | d
      digits += 1
    }
    guard digits == 16 else { return nil }
    return (prefix, value)
  }

  /// Code and field ranks in bytewise order of their text.
  /// By ``Reason/ordinal``.
  static let codeRank: [UInt64] = {
    let sorted = Reason.allCases.sorted { ByteOrder.less($0.code, $1.code) }
    var ranks = [UInt64](repeating: 0, count: Reason.allCases.count)
    for (rank, reason) in sorted.enumerated() { ranks[reason.ordinal] = UInt64(rank) }
    return ranks
  }()
  /// By `Field.index + 1` (0: no field).
  static let fieldRank: [UInt64] = {
    let names = [""] + Field.allCases.map(\.rawValue)
    let sorted = names.sorted(by: ByteOrder.less)
    return names.map { name in UInt64(sorted.firstIndex(of: name)!) }
  }()

  static func findingOrder(_ findings: [StoredFinding]) -> [Int] {
    var keyed: [(UInt64, UInt64, Int32)] = []
    var other: [Int] = []
    keyed.reserveCapacity(findings.count)
    for i in findings.indices {
      let f = findings[i]
      if let body = PersonLookup.idBody(f.subject) {
        let field = fieldRank[f.field.map { $0.index + 1 } ?? 0]
        keyed.append((body, codeRank[f.reason.ordinal] << 8 | field, Int32(i)))
      } else {
        other.append(i)
      }
    }
    keyed.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
    let keys = other.map { FindingKey(findings[$0]) }
    let otherOrder = other.indices.sorted { keys[$0] < keys[$1] }.map { other[$0] }
    return keyed.map { Int($0.2) } + otherOrder
  }
}
