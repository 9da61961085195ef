import GRDB
import Foundation
import GRDBSQLite
import RosterCore

/// A prepared statement driven directly through the SQLite C API, for the store's bulk paths
/// (hundreds of thousands of rows per run).
///
/// GRDB prepares it, owns it and runs the transaction around it; binding and stepping go
/// straight to `sqlite3_bind_*` / `sqlite3_step`, which avoids building a
/// `StatementArguments` array of `DatabaseValue`s per row: the difference between about
/// 1 µs and 3 µs a row, i.e. seconds on a province's run.
struct FastStatement {
  let statement: Statement
  let db: Database
  private var handle: OpaquePointer { statement.sqliteStatement }
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(_ db: Database, sql: String) throws {
    self.db = db
    statement = try db.makeStatement(sql: sql)
  }

  // MARK: Binding (1-based indices)

  func bind(_ index: Int32, _ text: String) {
    var text = text
    text.withUTF8 { buffer in
      _ = sqlite3_bind_text(
        handle, index, UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self),
        Int32(buffer.count), FastStatement.transient)
    }
  }

  func bind(_ index: Int32, _ value: Int64) { sqlite3_bind_int64(handle, index, value) }
  func bind(_ index: Int32, _ value: Int) { sqlite3_bind_int64(handle, index, Int64(value)) }
  func bind(_ index: Int32, _ value: Bool) { sqlite3_bind_int64(handle, index, value ? 1 : 0) }
  func bindNull(_ index: Int32) { sqlite3_bind_null(handle, index) }
  func bind(_ index: Int32, _ text: String?) {
    if let text { bind(index, text) } else { bindNull(index) }
  }

  /// Runs the bound statement once (an INSERT) and resets it for the next row.
  func execute() throws {
    let code = sqlite3_step(handle)
    sqlite3_reset(handle)
    guard code == SQLITE_DONE else { throw error(code) }
  }

  // MARK: Reading

  /// Steps through the result rows, calling `body` with a row reader for each.
  func forEachRow(_ body: (Row) throws -> Void) throws {
    defer { sqlite3_reset(handle) }
    while true {
      let code = sqlite3_step(handle)
      if code == SQLITE_DONE { return }
      guard code == SQLITE_ROW else { throw error(code) }
      try body(Row(handle: handle))
    }
  }

  /// Steps to the next result row; nil (and the statement reset) after the last one. For
  /// merging two result sets in step.
  func next() throws -> Row? {
    let code = sqlite3_step(handle)
    if code == SQLITE_ROW { return Row(handle: handle) }
    sqlite3_reset(handle)
    guard code == SQLITE_DONE else { throw error(code) }
    return nil
  }

  /// Column access of the current row (0-based indices).
  struct Row {
    let handle: OpaquePointer

    func text(_ column: Int32) -> String {
      guard let bytes = sqlite3_column_text(handle, column) else { return "" }
      let count = Int(sqlite3_column_bytes(handle, column))
      return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? {
      sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : text(column)
    }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(handle, column) != 0 }

    /// The column's text as bytes, valid until the statement steps again (no copy).
    func bytes(_ column: Int32) -> UnsafeRawBufferPointer {
      guard let p = sqlite3_column_text(handle, column) else { return UnsafeRawBufferPointer(start: nil, count: 0) }
      return UnsafeRawBufferPointer(start: p, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The 17-digit body of an ID stored in the column, without making a String.
    func idBody(_ column: Int32) -> UInt64? { PersonLookup.idBody(bytes: bytes(column)) }

    /// Compares a text column of this row with one of another row, bytewise.
    func compare(_ column: Int32, with other: Row, _ otherColumn: Int32) -> Int {
      ByteOrder.compare(bytes(column), other.bytes(otherColumn))
    }

    func same(_ column: Int32, as other: Row, _ otherColumn: Int32) -> Bool {
      let a = bytes(column)
      let b = other.bytes(otherColumn)
      return a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }
  }

  private func error(_ code: Int32) -> DatabaseError {
    let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
    return DatabaseError(
      resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
  }
}

/// Bytewise (UTF-8) string order: the order in which SQLite's default BINARY collation sorts
/// text, so that rows inserted in this order land at the end of a B-tree and two result sets
/// read `ORDER BY` a text key can be merged. (Swift's `<` on strings orders by Unicode
/// canonical equivalence, which may differ for text that is not in NFC.)
enum ByteOrder {
  /// Negative, zero or positive as `a` sorts before, with or after `b`.
  @inline(__always)
  static func compare(_ a: String, _ b: String) -> Int {
    let fast = a.utf8.withContiguousStorageIfAvailable { pa in
      b.utf8.withContiguousStorageIfAvailable { pb -> Int in
        let n = min(pa.count, pb.count)
        if n > 0 {
          let c = memcmp(pa.baseAddress!, pb.baseAddress!, n)
          if c != 0 { return Int(c) }
        }
        return pa.count - pb.count
      }
    }
    if let fast, let result = fast { return result }
    if a.utf8.elementsEqual(b.utf8) { return 0 }
    return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
  }

  @inline(__always)
  static func less(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

  @inline(__always)
  static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let n = min(a.count, b.count)
    if n > 0 {
      let c = memcmp(a.baseAddress!, b.baseAddress!, n)
      if c != 0 { return Int(c) }
    }
    return a.count - b.count
  }
}

/// Inserts rows many at a time: `INSERT INTO t (…) VALUES (…), (…), …` with up to `batch`
/// rows per statement, which spreads SQLite's per-statement cost (step, reset, VDBE start)
/// over the batch. Values are bound as they are added, text through a per-batch arena bound
/// with `SQLITE_STATIC`, so SQLite neither allocates nor copies per value. The number of rows is
/// known up front, so the last, shorter batch has its own statement.
///
/// ```swift
/// let insert = try BulkInsert(db, table: "member", columns: ["run_id", "unit_id"], rows: 2)
/// insert.int(3); insert.text("P-…"); try insert.endRow()
/// insert.int(3); insert.text("H-…"); try insert.endRow()
/// ```
final class BulkInsert {
  private let db: Database
  private let prefix: String
  private let columns: Int
  private let batch: Int
  private var remaining: Int
  private var statement: FastStatement?
  private var handle: OpaquePointer?
  private var rowsInStatement = 0
  private var rowsBound = 0
  private var slot: Int32 = 1
  private var arena: UnsafeMutablePointer<UInt8>
  private let arenaCapacity = 1 << 20
  private var arenaUsed = 0
  /// Rows actually inserted (with `OR IGNORE`, a repeated key is not).
  private(set) var inserted = 0
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  init(
    _ db: Database, table: String, columns: [String], rows: Int, batch: Int = 64,
    orIgnore: Bool = false
  ) throws {
    self.db = db
    self.columns = columns.count
    self.batch = batch
    remaining = rows
    prefix = "INSERT \(orIgnore ? "OR IGNORE " : "")INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
    arena = .allocate(capacity: arenaCapacity)
    try nextStatement()
  }

  deinit {
    // The statements may still point into the arena (SQLITE_STATIC): unbind before freeing.
    for h in [full?.statement.sqliteStatement, handle].compactMap({ $0 }) { sqlite3_clear_bindings(h) }
    arena.deallocate()
  }

  private var full: FastStatement?

  /// Prepares the statement for the next batch (the full one is reused).
  private func nextStatement() throws {
    rowsBound = 0
    slot = 1
    arenaUsed = 0
    guard remaining > 0 else {
      statement = nil
      handle = nil
      return
    }
    if remaining >= batch {
      if full == nil { full = try make(rows: batch) }
      statement = full
      rowsInStatement = batch
    } else {
      statement = try make(rows: remaining)
      rowsInStatement = remaining
    }
    handle = statement!.statement.sqliteStatement
  }

  private func make(rows: Int) throws -> FastStatement {
    let row = "(" + Array(repeating: "?", count: columns).joined(separator: ",") + ")"
    return try FastStatement(
      db, sql: prefix + Array(repeating: row, count: rows).joined(separator: ","))
  }

  @inline(__always) func text(_ value: String) {
    value.withUTF8Bytes { bind($0) }
  }

  @inline(__always) private func bind(_ buffer: UnsafeBufferPointer<UInt8>) {
    let count = buffer.count
    if arenaUsed + count <= arenaCapacity {
      let target = arena + arenaUsed
      if count > 0 { target.update(from: buffer.baseAddress!, count: count) }
      arenaUsed += count
      _ = target.withMemoryRebound(to: CChar.self, capacity: max(count, 1)) {
        sqlite3_bind_text(handle, slot, $0, Int32(count), nil)  // nil: SQLITE_STATIC
      }
    } else {
      _ = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: count) {
        sqlite3_bind_text(handle, slot, $0, Int32(count), BulkInsert.transient)
      }
    }
    slot += 1
  }

  @inline(__always) func text(_ value: String?) {
    if let value { text(value) } else { null() }
  }

  // Text composed of pieces, written straight into the arena.
  private var pieceStart = 0
  private var overflow: [UInt8]? = nil

  /// Starts a text value made of pieces (``piece(_:)``, ``piece(byte:)``), ended by
  /// ``endPieces()``.
  func beginPieces() {
    pieceStart = arenaUsed
    overflow = nil
  }

  func piece(_ value: String) {
    var value = value
    value.withUTF8 { piece(bytes: $0) }
  }

  func piece(byte: UInt8) {
    withUnsafeBytes(of: byte) { piece(bytes: $0.bindMemory(to: UInt8.self)) }
  }

  private func piece(bytes: UnsafeBufferPointer<UInt8>) {
    if overflow == nil, arenaUsed + bytes.count > arenaCapacity {
      overflow = Array(UnsafeBufferPointer(start: arena + pieceStart, count: arenaUsed - pieceStart))
      arenaUsed = pieceStart
    }
    if overflow != nil {
      overflow!.append(contentsOf: bytes)
    } else if bytes.count > 0 {
      (arena + arenaUsed).update(from: bytes.baseAddress!, count: bytes.count)
      arenaUsed += bytes.count
    }
  }

  func endPieces() {
    if let overflow {
      overflow.withUnsafeBufferPointer { b in
        _ = UnsafeRawPointer(b.baseAddress ?? UnsafePointer(arena)).withMemoryRebound(
          to: CChar.self, capacity: max(b.count, 1)
        ) { sqlite3_bind_text(handle, slot, $0, Int32(b.count), BulkInsert.transient) }
      }
    } else {
      _ = (arena + pieceStart).withMemoryRebound(to: CChar.self, capacity: max(arenaUsed - pieceStart, 1)) {
        sqlite3_bind_text(handle, slot, $0, Int32(arenaUsed - pieceStart), nil)
      }
    }
    overflow = nil
    slot += 1
  }

  /// An 18-character ID from its 17-digit body and check character, written straight into the
  /// arena.
  func id(body: UInt64, check: UInt8) {
    beginPieces()
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    withUnsafeMutableBytes(of: &digits) { raw in
      var v = body
      for i in stride(from: 16, through: 0, by: -1) {
        raw[i] = 0x30 + UInt8(v % 10)
        v /= 10
      }
      raw[17] = check
      piece(bytes: UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<18]))
    }
    endPieces()
  }

  /// A date as `YYYY-MM-DD` text, formatted straight into the arena.
  func date(year: Int, month: Int, day: Int) {
    beginPieces()
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
      0x30 + UInt8(year / 1000 % 10), 0x30 + UInt8(year / 100 % 10), 0x30 + UInt8(year / 10 % 10),
      0x30 + UInt8(year % 10), 0x2D, 0x30 + UInt8(month / 10), 0x30 + UInt8(month % 10), 0x2D,
      0x30 + UInt8(day / 10), 0x30 + UInt8(day % 10))
    withUnsafeBytes(of: &digits) { piece(bytes: $0.bindMemory(to: UInt8.self)) }
    endPieces()
  }

  @inline(__always) func int(_ value: Int) {
    sqlite3_bind_int64(handle, slot, Int64(value))
    slot += 1
  }

  @inline(__always) func int(_ value: Int64) {
    sqlite3_bind_int64(handle, slot, value)
    slot += 1
  }

  @inline(__always) func null() {
    sqlite3_bind_null(handle, slot)
    slot += 1
  }

  /// Ends the current row (exactly one value per column was given since the last one).
  @inline(__always) func endRow() throws {
    precondition(Int(slot - 1) == (rowsBound + 1) * columns, "BulkInsert: wrong number of values")
    rowsBound += 1
    remaining -= 1
    if rowsBound == rowsInStatement {
      try statement!.execute()  // every slot is bound again for the next batch
      inserted += Int(sqlite3_changes(db.sqliteConnection))
      try nextStatement()
    }
  }

  /// Checks that every announced row was inserted.
  func finish() {
    precondition(remaining == 0 && rowsBound == 0, "BulkInsert: fewer rows than announced")
  }
}
