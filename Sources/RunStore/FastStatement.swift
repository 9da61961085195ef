import GRDB
import GRDBSQLite

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
  }

  private func error(_ code: Int32) -> DatabaseError {
    let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
    return DatabaseError(
      resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
  }
}
