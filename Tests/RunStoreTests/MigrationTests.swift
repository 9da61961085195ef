#if canImport(Glibc)
  import Glibc
#endif
import Foundation
import GRDB
import RosterCore
import RunStore
import Testing
import TestSupport

/// Opening a store: new paths, empty files, stores of other versions, files that are not stores.
@Suite struct MigrationTests {
  @Test func anEmptyFileIsMigratedToAStore() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    #expect(FileManager.default.createFile(atPath: store.path, contents: Data()))
    let db = try store.open()
    #expect(try db.runs().isEmpty)
    #expect(try db.integrityCheck() == "ok")
    let run = try db.record(snapshot([], asOf: spring))
    #expect(run.id == RunID(1))
  }

  @Test func aMissingFileIsCreatedOwnerOnly() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    _ = try store.open()
    let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
  }

  @Test func reopeningKeepsTheRuns() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    try store.open().record(snapshot([], asOf: spring))
    try store.open().record(snapshot([], asOf: autumn))
    let runs = try store.open().runs()
    #expect(runs.map(\.asOf) == ["2026-06-01", "2026-11-26"])
    #expect(runs[0].inputs.isEmpty)
    #expect(runs[1].previous == runs[0].id)
  }

  @Test func twoProcessesCreatingAStoreAtOnceBothSucceed() async throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let path = store.path
    try await withThrowingTaskGroup(of: Void.self) { group in
      for _ in 0..<4 { group.addTask { _ = try RunStore(path: path).runs() } }
      try await group.waitForAll()
    }
    #expect(try store.open().integrityCheck() == "ok")
  }

  @Test func aMissingStoreIsAnErrorWhenOnlyReading() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let error = #expect(throws: StoreError.self) {
      _ = try RunStore(path: store.path, createIfMissing: false)
    }
    #expect(error?.kind == .notFound)
    #expect(!FileManager.default.fileExists(atPath: store.path))
  }

  @Test func aTextFileIsNotAStore() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    try String(repeating: "姓名,身份证号\n", count: 200).write(
      toFile: store.path, atomically: true, encoding: .utf8)
    let error = #expect(throws: StoreError.self) { _ = try store.open() }
    #expect(error?.kind == .notAStore)
    #expect(error?.description.hasPrefix(store.path) == true)
  }

  @Test func anotherSQLiteDatabaseIsNotAStore() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    try sqlite(store.path, "CREATE TABLE contacts (name TEXT);")
    let error = #expect(throws: StoreError.self) { _ = try store.open() }
    #expect(error?.kind == .notAStore)
    #expect(error?.description.contains("contacts") == true)
  }

  @Test func aStoreOfANewerVersionIsRefused() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    _ = try store.open()
    try sqlite(store.path, "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future');")
    let error = #expect(throws: StoreError.self) { _ = try store.open() }
    #expect(error?.kind == .newerVersion)
  }

  func sqlite(_ path: String, _ sql: String) throws {
    try DatabaseQueue(path: path).write { db in try db.execute(sql: sql) }
  }
}
