/// Scores a run's outputs against a generated data set's ground truth: the dispositions of
/// `ledger.csv` against `ground-truth/records.csv` (fraction correct, confusion matrix), and the
/// probable-duplicate groups of `duplicates.csv` against `ground-truth/probable-duplicates.csv`
/// (precision and recall per kind and overall).
///
/// Files are matched by their last two path components (`civil-affairs/621225.csv`), so the run
/// may name them with any prefix.
///
/// ```swift
/// let report = Scorer.score(
///   truthRecords: records, truthPairs: pairs, ledger: ledger, duplicates: duplicates)
/// report.dispositionAccuracy   // e.g. 0.9993
/// report.overall.recall        // e.g. 0.97
/// print(report.text())
/// ```
public enum Scorer {
  public static func score(truthRecords: [UInt8], truthPairs: [UInt8], ledger: [UInt8], duplicates: [UInt8])
    -> ScoreReport
  {
    var files = FileTable()
    var report = ScoreReport()
    // Truth: per file, per line, the expected disposition (0xFF = no record).
    var expected: [[UInt8]] = []
    var truthRowStart: [[Int32]] = []
    CSVScan.rows(truthRecords, skipHeader: true) { f, b in
      guard f.count >= 4, let d = ExpectedDisposition(bytes: b[f[3]]) else { return }
      let file = files.index(b[f[0]])
      let line = Int(CSVScan.int(b[f[1]]))
      while expected.count <= file {
        expected.append([])
        truthRowStart.append([])
      }
      if expected[file].count <= line {
        expected[file] += [UInt8](repeating: 0xFF, count: line - expected[file].count + 1024)
        truthRowStart[file] += [Int32](repeating: -1, count: line - truthRowStart[file].count + 1024)
      }
      if expected[file][line] == 0xFF { report.truthRecords += 1 }
      expected[file][line] = d.rawValue
      truthRowStart[file][line] = Int32(f[0].lowerBound)
    }
    // Ledger: source,file,line,name,id_raw,id_normalized,disposition,unit_id,reasons.
    var seen = expected.map { [Bool](repeating: false, count: $0.count) }
    var mismatchTags: [String: Int] = [:]
    CSVScan.rows(ledger, skipHeader: true) { f, b in
      guard f.count >= 7 else { return }
      report.ledgerRows += 1
      let file = files.index(CSVScan.lastTwoComponents(b[f[1]]))
      let line = Int(CSVScan.int(b[f[2]]))
      let got = ExpectedDisposition(bytes: b[f[6]])
      guard file < expected.count, line < expected[file].count, expected[file][line] != 0xFF else {
        report.extraInLedger += 1
        return
      }
      if seen[file][line] {
        report.duplicateLedgerRows += 1
        return
      }
      seen[file][line] = true
      let want = ExpectedDisposition(rawValue: expected[file][line])!
      report.confusion[Int(want.rawValue)][got.map { Int($0.rawValue) } ?? 4] += 1
      if got == want {
        report.correct += 1
      } else {
        // Which planted situations the wrong rows carry.
        let start = Int(truthRowStart[file][line])
        var fields: [Range<Int>] = []
        CSVScan.scanRow(truthRecords, from: start, into: &fields)
        let tags = fields.count >= 5 ? String(decoding: truthRecords[fields[4]], as: UTF8.self) : ""
        for t in tags.split(separator: ";") { mismatchTags[String(t), default: 0] += 1 }
        if report.mismatchSamples.count < 25 {
          report.mismatchSamples.append(
            "\(files.name(file)):\(line) expected \(want.name), got \(got?.name ?? "?") [\(tags)] reasons \(String(decoding: b[f[8 < f.count ? 8 : 6]], as: UTF8.self))"
          )
        }
      }
    }
    for (file, lines) in expected.enumerated() {
      for (line, d) in lines.enumerated() where d != 0xFF && !seen[file][line] {
        report.missingFromLedger += 1
        report.confusion[Int(d)][4] += 1
        _ = line
      }
    }
    report.mismatchTags = mismatchTags

    // Probable duplicates.
    var truthPairSet = Set<PairKey>()
    CSVScan.rows(truthPairs, skipHeader: true) { f, b in
      guard f.count >= 5 else { return }
      let a = (files.index(b[f[0]]), Int32(CSVScan.int(b[f[1]])))
      let c = (files.index(b[f[2]]), Int32(CSVScan.int(b[f[3]])))
      truthPairSet.insert(PairKey(a, c, kind: String(decoding: b[f[4]], as: UTF8.self)))
    }
    // duplicates.csv: group_id,kind,file,line,id_normalized,name,evidence — one row per member.
    var groups: [String: (kind: String, members: [(Int, Int32)])] = [:]
    var groupOrder: [String] = []
    CSVScan.rows(duplicates, skipHeader: true) { f, b in
      guard f.count >= 4 else { return }
      let kind = String(decoding: b[f[1]], as: UTF8.self)
      guard kind.hasPrefix("PROBABLE_") else { return }
      let group = String(decoding: b[f[0]], as: UTF8.self)
      let member = (files.index(CSVScan.lastTwoComponents(b[f[2]])), Int32(CSVScan.int(b[f[3]])))
      if groups[group] == nil {
        groups[group] = (kind, [])
        groupOrder.append(group)
      }
      groups[group]!.members.append(member)
    }
    var found = Set<PairKey>()
    for g in groupOrder {
      let (kind, members) = groups[g]!
      for i in members.indices {
        for j in members.indices where j > i { found.insert(PairKey(members[i], members[j], kind: kind)) }
      }
    }
    var kinds = Set(truthPairSet.map(\.kind))
    kinds.formUnion(found.map(\.kind))
    for kind in kinds.sorted() {
      let t = truthPairSet.filter { $0.kind == kind }
      let g = found.filter { $0.kind == kind }
      report.duplicates[kind] = PairScore(expected: t.count, found: g.count, correct: t.intersection(g).count)
    }
    report.overall = PairScore(
      expected: truthPairSet.count, found: found.count, correct: truthPairSet.intersection(found).count)
    for p in truthPairSet.subtracting(found).sorted(by: { $0.description(files) < $1.description(files) }).prefix(10) {
      report.pairSamples.append("missed " + p.description(files))
    }
    for p in found.subtracting(truthPairSet).sorted(by: { $0.description(files) < $1.description(files) }).prefix(10) {
      report.pairSamples.append("unexpected " + p.description(files))
    }
    return report
  }

  struct PairKey: Hashable {
    var fa: Int
    var la: Int32
    var fb: Int
    var lb: Int32
    var kind: String
    init(_ a: (Int, Int32), _ b: (Int, Int32), kind: String) {
      let (x, y) = a.0 < b.0 || (a.0 == b.0 && a.1 <= b.1) ? (a, b) : (b, a)
      fa = x.0
      la = x.1
      fb = y.0
      lb = y.1
      self.kind = kind
    }
    func description(_ files: FileTable) -> String {
      "\(kind) \(files.name(fa)):\(la) – \(files.name(fb)):\(lb)"
    }
  }

  /// File names interned to small integers.
  struct FileTable {
    var index: [[UInt8]: Int] = [:]
    var names: [String] = []
    mutating func index(_ bytes: ArraySlice<UInt8>) -> Int {
      let key = Array(bytes)
      if let i = index[key] { return i }
      index[key] = names.count
      names.append(String(decoding: key, as: UTF8.self))
      return names.count - 1
    }
    func name(_ i: Int) -> String { names[i] }
  }
}

/// Precision and recall of one kind of probable duplicate.
public struct PairScore: Sendable, Hashable {
  public var expected = 0
  public var found = 0
  public var correct = 0
  public var precision: Double { found == 0 ? (expected == 0 ? 1 : 0) : Double(correct) / Double(found) }
  public var recall: Double { expected == 0 ? 1 : Double(correct) / Double(expected) }
}

/// The result of ``Scorer/score(truthRecords:truthPairs:ledger:duplicates:)``.
public struct ScoreReport: Sendable {
  public var truthRecords = 0
  public var ledgerRows = 0
  public var correct = 0
  public var missingFromLedger = 0
  public var extraInLedger = 0
  public var duplicateLedgerRows = 0
  /// Rows: expected paired, merged, excluded, rejected; columns: the same and "other".
  public var confusion = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 4)
  public var duplicates: [String: PairScore] = [:]
  public var overall = PairScore()
  /// How many wrongly disposed records carry each tag of the ground truth.
  public var mismatchTags: [String: Int] = [:]
  public var mismatchSamples: [String] = []
  public var pairSamples: [String] = []

  /// Correct dispositions over the records of the ground truth.
  public var dispositionAccuracy: Double {
    truthRecords == 0 ? 0 : Double(correct) / Double(truthRecords)
  }

  /// A short report.
  public func text(details: Bool = true) -> String {
    func f4(_ x: Double) -> String {
      let v = (x * 10_000).rounded() / 10_000
      return "\(v)"
    }
    var out = "dispositions: \(correct)/\(truthRecords) correct = \(f4(dispositionAccuracy))"
    out += " (ledger rows \(ledgerRows), missing \(missingFromLedger), not in truth \(extraInLedger), repeated \(duplicateLedgerRows))\n"
    let names = ["paired", "merged", "excluded", "rejected", "other"]
    out += "  confusion (rows expected, columns got):\n"
    out += "    " + "".padding(9) + names.map { $0.padding(10) }.joined() + "\n"
    for (i, row) in confusion.enumerated() {
      out += "    " + names[i].padding(9) + row.map { String($0).padding(10) }.joined() + "\n"
    }
    out += "probable duplicates: precision \(f4(overall.precision)), recall \(f4(overall.recall)) (expected \(overall.expected), found \(overall.found), correct \(overall.correct))\n"
    for (kind, s) in duplicates.sorted(by: { $0.key < $1.key }) {
      out += "  \(kind): precision \(f4(s.precision)), recall \(f4(s.recall)) (expected \(s.expected), found \(s.found), correct \(s.correct))\n"
    }
    if details {
      if !mismatchTags.isEmpty {
        out += "tags of wrongly disposed records: "
          + mismatchTags.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(15).map { "\($0.key) \($0.value)" }
          .joined(separator: ", ") + "\n"
      }
      for s in mismatchSamples { out += "  \(s)\n" }
      for s in pairSamples { out += "  \(s)\n" }
    }
    return out
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}

extension ExpectedDisposition {
  init?(bytes: ArraySlice<UInt8>) {
    switch Array(bytes) {
    case Array("paired".utf8): self = .paired
    case Array("merged".utf8): self = .merged
    case Array("excluded".utf8): self = .excluded
    case Array("rejected".utf8): self = .rejected
    default: return nil
    }
  }
}

/// A small RFC 4180 scanner over bytes (UTF-8 with or without BOM): the field ranges of each
/// row. Quoted fields' ranges include their quotes only when they hold doubled quotes (callers
/// here never need those fields' text).
enum CSVScan {
  static func rows(_ b: [UInt8], skipHeader: Bool, _ body: ([Range<Int>], [UInt8]) -> Void) {
    var i = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    var fields: [Range<Int>] = []
    var first = true
    while i < b.count {
      i = scanRow(b, from: i, into: &fields)
      if first && skipHeader {
        first = false
        continue
      }
      first = false
      if fields.count == 1 && fields[0].isEmpty { continue }
      body(fields, b)
    }
  }

  /// Scans one row starting at `start`; returns where the next row starts.
  @discardableResult
  static func scanRow(_ b: [UInt8], from start: Int, into fields: inout [Range<Int>]) -> Int {
    fields.removeAll(keepingCapacity: true)
    var i = start
    let n = b.count
    while true {
      if i < n && b[i] == 0x22 {
        let s = i + 1
        i += 1
        while i < n {
          if b[i] == 0x22 {
            if i + 1 < n && b[i + 1] == 0x22 {
              i += 2
              continue
            }
            break
          }
          i += 1
        }
        fields.append(s..<min(i, n))
        i += 1
        while i < n && b[i] != 0x2C && b[i] != 0x0A { i += 1 }
      } else {
        let s = i
        while i < n && b[i] != 0x2C && b[i] != 0x0A { i += 1 }
        var e = i
        if e > s && b[e - 1] == 0x0D { e -= 1 }
        fields.append(s..<e)
      }
      if i >= n { return n }
      if b[i] == 0x0A { return i + 1 }
      i += 1  // comma
    }
  }

  static func int(_ s: ArraySlice<UInt8>) -> Int {
    var v = 0
    for c in s where c >= 0x30 && c <= 0x39 { v = v * 10 + Int(c - 0x30) }
    return v
  }

  /// `a/b/c.csv` → `b/c.csv`.
  static func lastTwoComponents(_ s: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    var slashes = 0
    var i = s.endIndex
    while i > s.startIndex {
      i -= 1
      if s[i] == 0x2F {
        slashes += 1
        if slashes == 2 { return s[(i + 1)...] }
      }
    }
    return s
  }
}
