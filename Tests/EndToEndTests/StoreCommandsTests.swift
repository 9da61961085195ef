import Deduplicate
import Foundation
import RosterCore
import RunStore
import Testing
import TestSupport

/// `rostercheck history` and `rostercheck diff` on a store the test records through the library.
@Suite struct StoreCommandsTests {
  static let orphan = SyntheticID.make(birth: "20150505", sequence: "022")
  static let child = SyntheticID.make(birth: "20080901", sequence: "012")
  static let newcomer = SyntheticID.make(birth: "20160606", sequence: "032")

  func unit(_ id: String, _ name: String, village: String = "新村") -> StoredUnit {
    StoredUnit(
      unitID: "P-" + StableHash.hex(id), type: .person, name: name, idNumber: id,
      categories: [.orphan], county: "西和县", township: "城关镇", village: village,
      sources: [.civilAffairs], members: [StoredMember(idNumber: id, name: name, householdKey: "")])
  }

  func snapshot(asOf: String, units: [StoredUnit], persons: [PersonState] = [], findings: [StoredFinding] = [])
    -> RunSnapshot
  {
    RunSnapshot(
      parameters: RunParameters(
        started: asOf + "T08:00:00Z", asOf: CalendarDate(iso: asOf)!, jurisdiction: "621225",
        rulesFile: "Rules/xihe.yml", rulesName: "西和县", rulesSHA256: String(repeating: "a", count: 64),
        toolVersion: "0.1.0",
        inputs: [InputFile(source: .civilAffairs, path: "mz-\(asOf).csv", sha256: String(repeating: "b", count: 64), records: units.count + 1)]),
      recordCount: units.count + 1, units: units, findings: findings,
      persons: PersonLookup(states: persons + units.map {
        PersonState(idNumber: $0.idNumber, disposition: .paired, unitID: $0.unitID)
      }))
  }

  /// Run 1: two orphans. Run 2: one aged out, the other moved, a newcomer. Run 3: as run 2.
  func makeStore(_ folder: TemporaryDirectory) throws -> String {
    let path = folder.file("runs.sqlite").path
    let store = try RunStore(path: path)
    try store.record(snapshot(asOf: "2026-06-01", units: [
      unit(Self.orphan, "赵小红"), unit(Self.child, "王小明"),
    ]))
    let second = [unit(Self.orphan, "赵小红", village: "旧村"), unit(Self.newcomer, "孙小华")]
    let agedOut = PersonState(
      idNumber: Self.child, disposition: .excluded, reasons: ReasonSet([.childAgedOut]))
    try store.record(snapshot(asOf: "2026-11-26", units: second, persons: [agedOut],
      findings: [StoredFinding(subject: Self.child, reason: .childAgedOut, field: .birthDate,
                               name: "王小明", idNumber: Self.child)]))
    try store.record(snapshot(asOf: "2026-12-26", units: second, persons: [agedOut],
      findings: [StoredFinding(subject: Self.child, reason: .childAgedOut, field: .birthDate,
                               name: "王小明", idNumber: Self.child)]))
    return path
  }

  @Test func historyListsTheRuns() throws {
    let folder = try TemporaryDirectory("store-e2e")
    defer { folder.remove() }
    let path = try makeStore(folder)
    let result = try BuiltBinary.run(["history", "--store", path])
    #expect(result.status == 0)
    let lines = result.stdoutText.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(lines[0].hasPrefix("run  started"))
    #expect(lines[1].contains("2026-06-01T08:00:00Z  2026-06-01  621225"))
    #expect(lines[1].hasSuffix("mz-2026-06-01.csv (3)"))
    #expect(lines[2].hasPrefix("  2  "))
  }

  @Test func historyOfAMissingStoreFailsWithoutCreatingIt() throws {
    let folder = try TemporaryDirectory("store-e2e")
    defer { folder.remove() }
    let path = folder.file("nope.sqlite").path
    let result = try BuiltBinary.run(["history", "--store", path])
    #expect(result.status == 1)
    #expect(result.stderrText.contains("\(path): no run store at this path"))
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func diffOfTheLastTwoRunsWritesDiscrepanciesCSV() throws {
    let folder = try TemporaryDirectory("store-e2e")
    defer { folder.remove() }
    let path = try makeStore(folder)
    let out = folder.file("out").path
    // Runs 2 and 3 are the same.
    let same = try BuiltBinary.run(["diff", "--store", path, "--out", out, "--fail-on-discrepancy"])
    #expect(same.status == 0)
    #expect(same.stdoutText.contains("Compared run 2 (as of 2026-11-26, jurisdiction 621225) with run 3"))
    #expect(same.stdoutText.contains("No discrepancies."))

    let result = try BuiltBinary.run(["diff", "--store", path, "1", "2", "--out", out])
    #expect(result.status == 0)
    #expect(result.stdoutText.contains("units removed:     1 (aged-out 1)"))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: out).appendingPathComponent("discrepancies.csv"))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
    let unitChild = "P-" + StableHash.hex(Self.child)
    let unitNew = "P-" + StableHash.hex(Self.newcomer)
    let unitMoved = "P-" + StableHash.hex(Self.orphan)
    #expect(
      text == [
        "change,unit_id,name,id_number,field,before,after,reason",
        "unit-removed,\(unitChild),王小明,\(Self.child),,孤儿 @ 西和县/城关镇/新村,,aged-out (CHILD_AGED_OUT)",
        "unit-added,\(unitNew),孙小华,\(Self.newcomer),,,孤儿 @ 西和县/城关镇/新村,",
        "unit-changed,\(unitMoved),赵小红,\(Self.orphan),address,西和县/城关镇/新村,西和县/城关镇/旧村,",
        "finding-new,,王小明,\(Self.child),birth_date,,CHILD_AGED_OUT,已满18周岁，不再属于孤儿/事实无人抚养儿童",
      ].joined(separator: "\r\n") + "\r\n")
    let mode = try FileManager.default.attributesOfItem(
      atPath: out + "/discrepancies.csv")[.posixPermissions] as? Int
    #expect(mode == 0o600)
  }

  @Test func failOnDiscrepancyExitsWithThree() throws {
    let folder = try TemporaryDirectory("store-e2e")
    defer { folder.remove() }
    let path = try makeStore(folder)
    let result = try BuiltBinary.run(
      ["diff", "--store", path, "1", "--fail-on-discrepancy"], currentDirectory: folder.url)
    #expect(result.status == 3)
    // RUN_A alone is compared with the latest run of its jurisdiction; the CSV goes to the
    // current folder by default.
    #expect(result.stdoutText.contains("with run 3"))
    #expect(FileManager.default.fileExists(atPath: folder.file("discrepancies.csv").path))
  }

  @Test func aRunThatDoesNotExistIsAClearFailure() throws {
    let folder = try TemporaryDirectory("store-e2e")
    defer { folder.remove() }
    let path = try makeStore(folder)
    let result = try BuiltBinary.run(["diff", "--store", path, "1", "9", "--out", folder.url.path])
    #expect(result.status == 1)
    #expect(result.stderrText.contains("there is no run 9 in the store"))
    #expect(!FileManager.default.fileExists(atPath: folder.file("discrepancies.csv").path))
  }

  @Test func aStoreWithOneRunHasNothingToCompare() throws {
    let folder = try TemporaryDirectory("store-e2e")
    defer { folder.remove() }
    let path = folder.file("runs.sqlite").path
    try RunStore(path: path).record(snapshot(asOf: "2026-06-01", units: [unit(Self.orphan, "赵小红")]))
    let result = try BuiltBinary.run(["diff", "--store", path, "--out", folder.url.path])
    #expect(result.status == 1)
    #expect(result.stderrText.contains("run 1 is the only run of its jurisdiction"))
  }
}
