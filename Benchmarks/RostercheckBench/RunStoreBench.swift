import Deduplicate
import Foundation
import RosterCore
import RunStore

/// The run store at province scale: two monthly runs of 6M records (300k units, 600k members,
/// 500k warning findings) with about 1% of units changing between them.
///
/// `swift run -c release rostercheck-bench runstore [RECORDS]` prints, per repetition: building
/// the snapshot from the records, recording the first run into a new store, recording the second
/// (which looks up the first run's members), and the diff between them.
enum RunStoreBench {
  static var benchmark: Benchmark {
    Benchmark(
      name: "runstore", unit: "units",
      summary: "record two province runs (6M records, 300k units) in a store and diff them",
      run: run)
  }

  static var writeBenchmark: Benchmark {
    Benchmark(
      name: "runstore-write", unit: "rows",
      summary: "record one run of 300k units, 600k members, 500k findings (snapshot built directly)",
      run: runWrite)
  }

  /// The store's write path alone: a snapshot built directly, no records behind it.
  static func runWrite(_ arguments: [String]) throws -> Int {
    let units = arguments.first.flatMap(Int.init) ?? 300_000
    let snapshot = Fixture.directSnapshot(units: units)
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("runstore-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let store = try RunStore(path: folder.appendingPathComponent("runs.sqlite").path)
    var t = Clock()
    try store.record(snapshot)
    let first = t.lap()
    let firstCPU = t.cpuOfLap
    try store.record(snapshot)
    let second = t.lap()
    print(String(format: "  record %.2f s (CPU %.2f s), again %.2f s", first, firstCPU, second))
    return snapshot.units.count + snapshot.findingCount
  }

  static func run(_ arguments: [String]) throws -> Int {
    let total = arguments.first.flatMap(Int.init) ?? 6_000_000
    let data = Fixture.shared(total: total)
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("runstore-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("runs.sqlite").path

    var t = Clock()
    let a = RunSnapshot.make(
      records: data.a.records, result: data.a.result, parameters: parameters(asOf: "2026-06-01"))
    let b = RunSnapshot.make(
      records: data.b.records, result: data.b.result, parameters: parameters(asOf: "2026-11-26"))
    let makeSeconds = t.lap() / 2
    let makeCPU = t.cpuOfLap / 2
    let store = try RunStore(path: path)
    let first = try store.record(a)
    let recordA = t.lap()
    let second = try store.record(b)
    let recordB = t.lap()
    let recordBCPU = t.cpuOfLap
    let d = try store.discrepancies(from: first.id, to: second.id)
    let diff = t.lap()
    let diffCPU = t.cpuOfLap
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
    print(
      String(
        format:
          "  snapshot.make %.2f s (CPU %.2f s) · record run 1 %.2f s · record run 2 %.2f s (CPU %.2f s; %d units, %d findings, %d persons) · diff %.2f s (CPU %.2f s; %d changes) · store %.0f MB (+ WAL %.0f MB)",
        makeSeconds, makeCPU, recordA, recordB, recordBCPU, b.units.count, b.findingCount,
        try store.run(second.id)?.personCount ?? 0, diff, diffCPU, d.changes.count,
        Double(size) / 1e6, Double(wal) / 1e6))
    print("  " + d.summaryLine)
    return b.units.count
  }

  static func parameters(asOf: String) -> RunParameters {
    RunParameters(
      started: asOf + "T08:00:00Z", asOf: CalendarDate(iso: asOf)!, jurisdiction: "6212",
      rulesFile: "Rules/baseline.yml", rulesName: "baseline",
      rulesSHA256: String(repeating: "a", count: 64), toolVersion: "bench",
      inputs: [
        InputFile(source: .civilAffairs, path: "mz.csv", sha256: String(repeating: "b", count: 64), records: 1),
        InputFile(source: .disability, path: "cl.csv", sha256: String(repeating: "c", count: 64), records: 1),
      ])
  }

  struct Clock {
    var last = DispatchTime.now().uptimeNanoseconds
    var lastCPU = Clock.cpu()
    /// CPU seconds (user + system, all threads) of the last lap.
    var cpuOfLap = 0.0
    mutating func lap() -> Double {
      let now = DispatchTime.now().uptimeNanoseconds
      let cpu = Clock.cpu()
      defer {
        last = now
        cpuOfLap = cpu - lastCPU
        lastCPU = cpu
      }
      return Double(now - last) / 1e9
    }
    static func cpu() -> Double { Harness.processCPUSeconds() }
  }

  /// Two runs' verified records and deduplication results, generated once per process.
  final class Fixture: @unchecked Sendable {
    struct Run {
      var records: [VerifiedRecord]
      var result: DeduplicationResult
    }
    let a: Run
    let b: Run

    nonisolated(unsafe) private static var cache: [Int: Fixture] = [:]
    static func shared(total: Int) -> Fixture {
      if let f = cache[total] { return f }
      var t = Clock()
      let f = Fixture(total: total)
      print(String(format: "  (generated and deduplicated 2 × %d records in %.1f s)", total, t.lap()))
      cache[total] = f
      return f
    }

    init(total: Int) {
      let scale = Double(total) / 6_000_000
      let shape = Shape(
        children: Int(180_000 * scale), households: Int(120_000 * scale),
        warnings: Int(500_000 * scale), total: total)
      a = Fixture.run(shape, changed: false)
      b = Fixture.run(shape, changed: true)
    }

    struct Shape {
      var children: Int
      var households: Int
      var warnings: Int
      var total: Int
    }

    static func run(_ shape: Shape, changed: Bool) -> Run {
      var records: [VerifiedRecord] = []
      records.reserveCapacity(shape.total + 3000)
      var serial = 0
      func make(
        _ source: SourceKind, birthYear: Int, categories: CategorySet, eligible: CategorySet,
        household: String = "", relation: String = "", village: String,
        findings: [Finding] = []
      ) -> VerifiedRecord {
        serial += 1
        let n = serial
        var s = SubjectRecord(
          provenance: Provenance(source: source, file: source == .disability ? "cl.csv" : "mz.csv", line: n + 1))
        let id = syntheticID(birthYear: birthYear, serial: n)
        s.name = name(n)
        s.nameKey = s.name
        s.id = id
        s.idRaw = id
        s.idValid = true
        s.categories = categories
        s.eligibleAs = eligible
        s.householdKey = household
        s.relation = relation
        s.county = "西和县"
        s.township = townships[n % townships.count]
        s.village = village
        s.status = .active
        s.findings = findings
        return VerifiedRecord(s)
      }
      func village(_ n: Int) -> String { "第\(n % 40 + 1)村" }

      // Children: 1% age out in the second run; 1% move to another village.
      for i in 0..<shape.children {
        let agedOut = changed && i % 100 == 7
        let moved = changed && i % 100 == 13
        records.append(
          make(.civilAffairs, birthYear: 2010 + i % 8, categories: [.orphan],
               eligible: agedOut ? [] : [.orphan], village: village(i + (moved ? 1 : 0)),
               findings: agedOut ? [Finding(.childAgedOut, field: .birthDate)] : []))
      }
      // 特困 households of 3 or 4: 1% leave 特困 status; one member in 120 dies.
      for h in 0..<shape.households {
        let inactive = changed && h % 100 == 42
        for m in 0..<(3 + h % 2) {
          let dead = changed && !inactive && h % 120 == 5 && m == 1
          var findings: [Finding] = []
          if inactive { findings.append(Finding(.statusInactive, field: .status)) }
          if dead { findings.append(Finding(.deceased, field: .status)) }
          records.append(
            make(.civilAffairs, birthYear: 1940 + (h + m) % 50, categories: [.extremelyPoor],
                 eligible: inactive || dead ? [] : [.extremelyPoor], household: "HH\(h)",
                 relation: m == 0 ? "户主" : "配偶", village: village(h), findings: findings))
        }
      }
      // Disability records with an ineligible grade: warnings; 1% resolved in the second run.
      for i in 0..<shape.warnings {
        let resolved = changed && i % 100 == 3
        records.append(
          make(.disability, birthYear: 1950 + i % 60, categories: [], eligible: [],
               village: village(i),
               findings: resolved ? [Finding(.notPairingCategory)] : [Finding(.disabilityGradeIneligible, field: .disabilityGrade)]))
      }
      // 低保-only records: info only; 1 in 1000 gets a new warning in the second run.
      var i = 0
      while records.count < shape.total {
        let warned = changed && i % 1000 == 1
        var findings = [Finding(.notPairingCategory, field: .category)]
        if warned { findings.append(Finding(.sexMismatch, field: .sex)) }
        records.append(
          make(.civilAffairs, birthYear: 1945 + i % 70, categories: [.minimumLiving],
               eligible: [], village: village(i), findings: findings))
        i += 1
      }
      // New children in the second run.
      if changed {
        for j in 0..<(shape.children / 60) {
          records.append(
            make(.civilAffairs, birthYear: 2012 + j % 6, categories: [.orphan],
                 eligible: [.orphan], village: village(j)))
        }
      }
      var t = Clock()
      let result = Deduplicator().run(records)
      print(String(format: "  (deduplicated %d records in %.1f s)", records.count, t.lap()))
      return Run(records: records, result: result)
    }

    nonisolated(unsafe) private static var direct: [Int: RunSnapshot] = [:]
    static func directSnapshot(units count: Int) -> RunSnapshot {
      if let s = direct[count] { return s }
      var units: [StoredUnit] = []
      var findings: [StoredFinding] = []
      var serial = 0
      for u in 0..<count {
        var members: [StoredMember] = []
        for m in 0..<(u % 5 == 0 ? 3 + u % 2 * 0 + 1 : 1) + (u % 5 == 0 ? 0 : 0) {
          serial += 1
          members.append(StoredMember(
            idNumber: syntheticID(birthYear: 1950 + serial % 60, serial: serial), name: name(serial),
            householdKey: u % 5 == 0 ? "HH\(u)" : ""))
          _ = m
        }
        units.append(StoredUnit(
          unitID: (u % 5 == 0 ? "H-" : "P-") + StableHash.hex(String(u)), type: u % 5 == 0 ? .household : .person,
          name: members[0].name, idNumber: members[0].idNumber, categories: u % 5 == 0 ? [.extremelyPoor] : [.orphan],
          county: "西和县", township: townships[u % townships.count], village: "第\(u % 40)村",
          sources: [.civilAffairs], members: members))
      }
      for f in 0..<(count * 5 / 3) {
        serial += 1
        findings.append(StoredFinding(
          subject: syntheticID(birthYear: 1950 + serial % 60, serial: serial), reason: .disabilityGradeIneligible,
          field: .disabilityGrade, unitID: "", name: name(serial),
          idNumber: syntheticID(birthYear: 1950 + serial % 60, serial: serial)))
        _ = f
      }
      let snapshot = RunSnapshot(
        parameters: parameters(asOf: "2026-11-26"), recordCount: serial, units: units,
        findings: findings, persons: PersonLookup(states: []))
      direct[count] = snapshot
      return snapshot
    }

    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
    static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文波斌宇浩凯俊帅亮林飞欣雪梅琳婷晶莉")

    /// A name for record `n`: about 4 million combinations, so that same-name coincidences are
    /// as rare as in real rosters.
    static func name(_ n: Int) -> String {
      let m = StableHash.fnv1a64(String(n))
      return String(surnames[Int(m % UInt64(surnames.count))])
        + String(given[Int(m / 100 % UInt64(given.count))])
        + String(given[Int(m / 10_000 % UInt64(given.count))])
    }
    static let townships = ["城关镇", "姜席镇", "石峡镇", "洛峪镇", "西高山镇", "何坝镇", "十里镇", "大桥镇"]

    /// A valid ID: region, a birth date in `birthYear`, a sequence; distinct per `serial`.
    static func syntheticID(birthYear: Int, serial: Int) -> String {
      let day = serial % 365
      let date = CalendarDate(daysSinceEpoch: CalendarDate(year: birthYear, month: 1, day: 1)!.daysSinceEpoch + day)
      let sequence = serial / 365 % 1000
      let region = 621_201 + serial / 365_000
      var digits: [UInt8] = []
      digits.reserveCapacity(18)
      func put(_ value: Int, _ width: Int) {
        var v = value
        var out = [UInt8](repeating: 0x30, count: width)
        for i in stride(from: width - 1, through: 0, by: -1) {
          out[i] = 0x30 + UInt8(v % 10)
          v /= 10
        }
        digits += out
      }
      put(region, 6)
      put(date.year, 4)
      put(date.month, 2)
      put(date.day, 2)
      put(sequence, 3)
      let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
      var sum = 0
      for (d, w) in zip(digits, weights) { sum += Int(d - 48) * w }
      digits.append(Array("10X98765432".utf8)[sum % 11])
      return String(decoding: digits, as: UTF8.self)
    }
  }
}
