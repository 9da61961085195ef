#if canImport(Glibc)
  import Glibc
#endif
import Foundation
import RosterCore
import RunStore
import Testing
import TestSupport

/// A run that fails or is killed midway leaves the store as it was; runs recording at once do
/// not corrupt it; the store is owner-only.
@Suite struct StoreSafetyTests {
  struct Interrupted: Error {}

  func roster(_ count: Int) -> [SubjectRecord] {
    (0..<count).map { i in
      subject(line: i + 2, name: "儿童\(i)", birth: "2015\(String(format: "%02d", i % 12 + 1))10",
              sequence: String(format: "%03d", i % 1000), categories: [.orphan])
    }
  }

  @Test func anErrorInsideTheTransactionRecordsNothing() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let first = try db.record(snapshot(roster(3), asOf: spring))
    #expect(throws: Interrupted.self) {
      try db.record(snapshot(roster(5), asOf: autumn)) { _, _ in throw Interrupted() }
    }
    let runs = try db.runs()
    #expect(runs.map(\.id) == [first.id])
    #expect(runs[0].unitCount == 3)
    #expect(try db.integrityCheck() == "ok")
    // The next run is compared with the first, as if the failed one never happened.
    let next = try db.record(snapshot(roster(5), asOf: autumn))
    #expect(next.id == RunID(2))
    #expect(next.previous == first.id)
    #expect(try db.discrepancies(from: first.id, to: next.id).counts[.unitAdded] == 2)
  }

  /// Runs in a child process (this test binary, re-run with an environment variable): records
  /// a run and, inside the transaction, signals the parent and waits to be killed.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["RUNSTORE_KILL_CHILD_STORE"] != nil))
  func childRecordsUntilKilled() throws {
    let env = ProcessInfo.processInfo.environment
    let db = try RunStore(path: env["RUNSTORE_KILL_CHILD_STORE"]!)
    try db.record(snapshot(roster(400), asOf: autumn)) { _, _ in
      _ = FileManager.default.createFile(atPath: env["RUNSTORE_KILL_CHILD_READY"]!, contents: Data())
      while true { sleep(1) }
    }
  }

  @Test func aKilledRunLeavesTheStoreAsItWas() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let first = try store.open().record(snapshot(roster(3), asOf: spring))
    let ready = store.folder.file("child-ready").path

    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    child.arguments = ["--testing-library", "swift-testing", "--filter", "childRecordsUntilKilled"]
    var environment = ProcessInfo.processInfo.environment
    environment["RUNSTORE_KILL_CHILD_STORE"] = store.path
    environment["RUNSTORE_KILL_CHILD_READY"] = ready
    child.environment = environment
    child.standardOutput = FileHandle.nullDevice
    child.standardError = FileHandle.nullDevice
    try child.run()
    defer { if child.isRunning { kill(child.processIdentifier, SIGKILL) } }
    let deadline = Date().addingTimeInterval(120)
    while !FileManager.default.fileExists(atPath: ready) && child.isRunning && Date() < deadline {
      usleep(20_000)
    }
    try #require(FileManager.default.fileExists(atPath: ready), "the child never reached its transaction")

    // The child holds the write lock with its rows written but not committed.
    let reader = try RunStore(path: store.path, busyTimeout: 0.2)
    #expect(try reader.runs().map(\.id) == [first.id])
    let blocked = #expect(throws: StoreError.self) {
      try reader.record(snapshot(roster(2), asOf: autumn))
    }
    #expect(blocked?.kind == .busy)
    #expect(blocked?.description.contains("another rostercheck process") == true)

    kill(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
    #expect(child.terminationReason == .uncaughtSignal)

    let after = try store.open()
    #expect(try after.integrityCheck() == "ok")
    let runs = try after.runs()
    #expect(runs.map(\.id) == [first.id])
    #expect(runs[0].unitCount == 3)
    let next = try after.record(snapshot(roster(4), asOf: autumn))
    #expect(next.id == RunID(2))
    #expect(next.previous == first.id)
  }

  @Test func runsRecordingAtOnceAreSerialized() async throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    _ = try store.open()
    let path = store.path
    let sizes = [300, 500, 700, 900]
    let snapshots = sizes.map { snapshot(roster($0), asOf: autumn) }
    // Each task opens its own connection, as separate processes would.
    let ids = try await withThrowingTaskGroup(of: RunID.self) { group in
      for s in snapshots {
        group.addTask { try RunStore(path: path).record(s).id }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(Set(ids).count == sizes.count)
    let db = try store.open()
    #expect(try db.integrityCheck() == "ok")
    let runs = try db.runs()
    #expect(runs.map(\.id) == (1...4).map { RunID(Int64($0)) })
    #expect(runs.map(\.unitCount).sorted() == [300, 500, 700, 900])
    // Each run's previous run is the one committed before it.
    #expect(runs.map(\.previous) == [nil, RunID(1), RunID(2), RunID(3)])
  }

  @Test func aRunThatCannotGetTheLockFailsClearlyAndRecordsNothing() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let holder = try store.open()
    let waiter = try RunStore(path: store.path, busyTimeout: 0.2)
    var failure: StoreError?
    try holder.record(snapshot(roster(2), asOf: spring)) { _, _ in
      do {
        try waiter.record(snapshot(roster(3), asOf: spring))
      } catch let e as StoreError {
        failure = e
      }
    }
    #expect(failure?.kind == .busy)
    #expect(failure?.description.hasPrefix(store.path) == true)
    #expect(try holder.runs().map(\.unitCount) == [2])
  }

  @Test func theStoreAndItsWALFilesAreOwnerOnly() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    try db.record(snapshot(roster(3), asOf: spring))
    for file in [store.path, store.path + "-wal", store.path + "-shm"] {
      let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
      #expect(mode == 0o600, "\(file)")
    }
  }

  @Test func anExistingStoreReadableByOthersIsMadeOwnerOnly() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    try store.open().record(snapshot(roster(1), asOf: spring))
    chmod(store.path, 0o644)
    _ = try store.open()
    let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
  }
}
