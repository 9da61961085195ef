import Foundation
import Normalize
import Pipeline
import SampleGen
import ResidentID
import Ingest
import RosterCore
import RuleBook
import Verify

// Field normalization (the Normalize stage without the ID engine) on realistic raw records.
//   swift run -c release rostercheck-bench normalize-fields [RECORDS]
//   swift run -c release rostercheck-bench normalize-names [RECORDS]
//   swift run -c release rostercheck-bench normalize-dates [RECORDS]
//   swift run -c release rostercheck-bench normalize-verify [RECORDS]
// ns/record = 1e9 / (records/s). Each repetition also prints the thread's CPU time per record,
// which stays meaningful when other processes share the cores.

enum NormalizeBench {
  static var fields: Benchmark {
    Benchmark(
      name: "normalize-fields", unit: "records",
      summary: "RawRecord → SubjectRecord, every field except the ID (default 1M records)"
    ) { arguments in
      let records = sample(poolSize)
      let n = count(arguments)
      let normalizer = RecordNormalizer(
        rules: RuleBook.baseline(), identity: PlaceholderIdentityResolver())
      var checksum = 0
      let cpu = CPUClock()
      for i in 0..<n {
        let s = normalizer.normalize(records[i & (poolSize - 1)])
        checksum &+= s.findings.count &+ s.nameKey.utf8.count &+ (s.recordedBirthDate?.day ?? 0)
      }
      cpu.report("normalize-fields", n)
      blackHole(checksum)
      return n
    }
  }

  /// Issue 4's figure: everything the pipeline does to one record between the reader and the
  /// deduplicator — field normalization, the ID engine, every eligibility and consistency check
  /// (with the county's jurisdiction and deaths list) and the compact record kept for
  /// deduplication — on the records of a generated county (`rostercheck sample --subjects 2500
  /// --counties 1 --seed 1`, about 48,000 records, read into memory first), cycled.
  static var verify: Benchmark {
    Benchmark(
      name: "normalize-verify", unit: "records",
      summary: "RawRecord → VerifiedRecord on a generated county: fields, ID engine, every check (default 1M)"
    ) { arguments in
      let county = try GeneratedCounty.shared()
      let pool = arguments.count > 1 ? Int(arguments[1]) ?? county.records.count : county.records.count
      let records = Array(county.records.prefix(pool))
      let n = count(arguments)
      let normalizer = county.normalizer
      let verifier = Verifier(rules: county.rules, asOf: county.asOf, deaths: county.deaths)
      var checksum = 0
      var position = 0
      let cpu = CPUClock()
      var texts = TextCache()
      for i in 0..<n {
        // As the pipeline does: one cache of free texts and addresses per batch of
        // 4,096 records.
        if i & 4095 == 0 { texts = TextCache() }
        var s = normalizer.normalize(records[position], texts: texts)
        verifier.verify(&s)
        // As the pipeline does: the subject is read, then moved into the compact record.
        checksum &+= s.findings.count
        let v = VerifiedRecord(consume s)
        checksum &+= v.eligibleAs.isEmpty ? 0 : 1
        position += 1
        if position == records.count { position = 0 }
      }
      cpu.report("normalize-verify", n)
      blackHole(checksum)
      return n
    }
  }

  static var names: Benchmark {
    Benchmark(
      name: "normalize-names", unit: "names",
      summary: "display name and matching key (traditional → simplified) (default 1M)"
    ) { arguments in
      let records = sample(poolSize)
      let n = count(arguments)
      var checksum = 0
      let cpu = CPUClock()
      for i in 0..<n {
        checksum &+= NameNormalizer.normalize(records[i & (poolSize - 1)][.name]).key.utf8.count
      }
      cpu.report("normalize-names", n)
      blackHole(checksum)
      return n
    }
  }

  static var dates: Benchmark {
    Benchmark(
      name: "normalize-dates", unit: "dates",
      summary: "birth dates in the formats rosters use (default 1M)"
    ) { arguments in
      let records = sample(poolSize)
      let n = count(arguments)
      var checksum = 0
      let cpu = CPUClock()
      for i in 0..<n {
        checksum &+=
          DateParser.parse(records[i & (poolSize - 1)][.birthDate]).recorded?.date.day ?? 0
      }
      cpu.report("normalize-dates", n)
      blackHole(checksum)
      return n
    }
  }

  /// Distinct records, cycled: records reach Normalize straight from the reader, hot in the
  /// cache, so the benchmark keeps its working set small (4,096 records, about 2 MB) rather
  /// than measuring memory latency over a million cold records.
  static let poolSize = 4096

  static func count(_ arguments: [String]) -> Int {
    arguments.first.flatMap { Int($0) } ?? 1_000_000
  }

  nonisolated(unsafe) static var cache: [RawRecord] = []

  /// `n` raw records as a county's civil-affairs and disability rosters hold them: mostly
  /// clean, with the usual share of full-width characters, padded names, traditional
  /// characters, Excel serial dates, several categories in one cell and unknown words.
  static func sample(_ n: Int) -> [RawRecord] {
    if cache.count == n { return cache }
    var rng = SplitMix(seed: 20_260_101)
    let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐")
    let given = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英")
    let traditional = Array("張劉陳黃趙華國強麗紅")
    let minority = ["阿卜杜·热合曼", "买买提•艾力", "古丽・努尔", "艾山.吐尔逊"]
    let townships = ["洛峪镇", "西高山镇", "何坝镇", "十里镇", "姜席镇", "石峡镇", "汉源镇"]
    let categories = [
      "孤儿", "事实无人抚养儿童", "特困人员", "特困供养人员", "五保户", "低保", "孤儿、低保",
      "特困人员,低保", "困难重度残疾人", "",
    ]
    let statuses = ["在保", "在保", "在保", "正常", "停保", "退出", "注销", "死亡", ""]
    let modes = ["分散供养", "分散供养", "集中供养", "社会散居", "机构养育", ""]
    let hardship = ["低保", "特困", "低收入", "无", "", "是", "否"]
    let types = ["肢体", "视力残疾", "4", "智力", "精神", "多重", "听力", "言语"]
    let grades = ["一级", "二级", "三级", "四级", "1", "2", "2级", "贰级"]
    let relations = ["户主", "本人", "配偶", "子", "女", "孙子"]
    func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
    func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
    func pad(_ v: Int, _ w: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: max(0, w - s.count)) + s
    }
    func fullWidth(_ s: String) -> String {
      String(
        String.UnicodeScalarView(
          s.unicodeScalars.map {
            (0x21...0x7E).contains($0.value) ? Unicode.Scalar($0.value + 0xFEE0)! : $0
          }))
    }

    var out: [RawRecord] = []
    out.reserveCapacity(n)
    for i in 0..<n {
      let source: SourceKind = i % 3 == 2 ? .disability : .civilAffairs
      var r = RawRecord(provenance: Provenance(source: source, file: "roster.csv", line: i + 2))
      // Name
      var name =
        chance(3)
        ? pick(minority)
        : String(pick(surnames)) + String(pick(given)) + (chance(60) ? String(pick(given)) : "")
      if chance(2) { name = String(pick(traditional)) + name.dropFirst() }  // 張 for 张
      if chance(5) { name = " " + name + " " }
      if chance(3), name.count == 2 { name = String(name.first!) + "\u{3000}" + String(name.last!) }
      r[.name] = name
      // Birth date in the formats offices use
      let y = 1940 + Int(rng.next() % 80)
      let m = 1 + Int(rng.next() % 12)
      let d = 1 + Int(rng.next() % 28)
      let birth = CalendarDate(year: y, month: m, day: d)!
      r[.idNumber] = "621225\(pad(y, 4))\(pad(m, 2))\(pad(d, 2))\(pad(Int(rng.next() % 999), 3))X"
      switch rng.next() % 10 {
      case 0, 1, 2, 3: r[.birthDate] = birth.description
      case 4: r[.birthDate] = "\(y)/\(m)/\(d)"
      case 5: r[.birthDate] = "\(y).\(m).\(d)"
      case 6: r[.birthDate] = "\(y)\(pad(m, 2))\(pad(d, 2))"
      case 7: r[.birthDate] = "\(y)年\(m)月\(d)日"
      case 8: r[.birthDate] = String(DateParser.excelSerial(of: birth))
      default: r[.birthDate] = chance(50) ? "\(y)-\(pad(m, 2))" : fullWidth(birth.description)
      }
      r[.sex] = chance(95) ? (chance(50) ? "男" : "女") : pick(["1", "2", "M", "Ｆ", "男性"])
      r[.county] = chance(90) ? "西和县" : "621225"
      r[.township] = pick(townships)
      r[.village] = pick(townships).prefix(2) + "村"
      r[.phone] =
        chance(70)
        ? "1\(pad(Int(rng.next() % 10_000_000_000), 10))"
        : (chance(50) ? "0939-\(pad(Int(rng.next() % 10_000_000), 7))" : "")
      if source == .civilAffairs {
        r[.category] = pick(categories)
        r[.status] = pick(statuses)
        r[.supportMode] = pick(modes)
        r[.relation] = pick(relations)
        r[.householdID] = chance(70) ? r[.idNumber] : "HH\(pad(i / 3, 6))"
        r[.hardship] = pick(hardship)
      } else {
        r[.disabilityType] = pick(types)
        r[.disabilityGrade] = pick(grades)
        r[.disabilityCert] = r[.idNumber] + "42"
        r[.hardship] = pick(hardship)
      }
      if chance(1) { r[.status] = "待定" }  // an unknown word → finding
      out.append(r)
    }
    cache = out
    return out
  }
}

/// The calling thread's CPU time, unaffected by other processes on the machine.
struct CPUClock {
  let start = CPUClock.now()

  static func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e9 + Double(t.tv_nsec)
  }

  func report(_ name: String, _ items: Int) {
    let ns = (CPUClock.now() - start) / Double(max(1, items))
    print(String(format: "  %@: %.0f ns CPU per item", name, ns))
  }
}

/// The benchmarks' one deterministic generator (SplitMix64): the same seed gives the same data.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// 0..<n.
  mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
  mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + int(range.count) }
  mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
}

@inline(never) func blackHole(_ value: Int) {
  if value == 0x7FFF_FFFF_FFFF { print("") }
}

/// A generated county (seed 1, 2,500 subjects) read into memory: its rules, reference date,
/// deaths index and roster records, as `rostercheck run` would have them before normalizing.
struct GeneratedCounty {
  let rules: Rules
  let asOf: CalendarDate
  let normalizer: RecordNormalizer
  let deaths: DeathIndex
  let records: [RawRecord]

  nonisolated(unsafe) static var cached: GeneratedCounty?

  static func shared() throws -> GeneratedCounty {
    if let c = cached { return c }
    let folder = NSTemporaryDirectory() + "rostercheck-bench-county-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let asOf = CalendarDate(year: 2026, month: 11, day: 26)!
    let outcome = try Commands.sample(
      SampleCommandOptions(
        out: folder, generator: SampleOptions(subjects: 2_500, seed: 1, counties: 1, asOf: asOf)))
    let rules = try RuleBook.load(path: folder + "/rules.yml")
    let normalizer = RecordNormalizer(
      rules: rules, identity: IDEngineResolver(engine: IDEngine(referenceDate: asOf)))
    let matcher = HeaderMatcher(rules: rules)
    var deaths = DeathIndex()
    var records: [RawRecord] = []
    for path in outcome.files
    where path.hasPrefix("civil-affairs/") || path.hasPrefix("disability/") || path.hasPrefix("deaths/") {
      let source: SourceKind =
        path.hasPrefix("deaths/") ? .deaths : path.hasPrefix("disability/") ? .disability : .civilAffairs
      let reader = try RosterReader(path: folder + "/" + path, source: source, matcher: matcher)
      while let raw = try reader.next() {
        if source == .deaths {
          let s = normalizer.normalize(raw)
          if s.idValid, !s.isRejected { deaths.add(id: s.id, date: s.deathDate, at: s.provenance) }
        } else {
          records.append(raw)
        }
      }
    }
    print("  generated county: \(records.count) roster records, \(deaths.count) deaths")
    let county = GeneratedCounty(
      rules: rules, asOf: asOf, normalizer: normalizer, deaths: deaths, records: records)
    cached = county
    return county
  }
}
