import Deduplicate
import Foundation
import RosterCore

/// The columns of `findings.csv` (§6 of the data contract).
public let findingsColumns = ["file", "line", "code", "severity", "field", "message"]

/// A finding kept for the report's "what to fix first" section.
public struct FindingSample: Sendable, Hashable, Codable {
  public var file: String
  public var line: Int
  public var name: String
  /// Masked.
  public var id: String
  public var finding: Finding

  public init(file: String, line: Int, name: String, id: String, finding: Finding) {
    self.file = file
    self.line = line
    self.name = name
    self.id = id
    self.finding = finding
  }
}

/// Collects the findings of one input file on disk as they are produced, so that a province's
/// millions of findings never have to be held in memory. Lines must be appended in ascending
/// order (the order the reader produces records). Also counts findings per code and keeps the
/// first few of each code as samples for the report.
public final class FindingSpool {
  public let file: String
  public let path: String
  private let out: AtomicFileWriter
  private var lastLine = 0
  public private(set) var count = 0
  /// Findings per code, indexed by ``Reason/ordinal``.
  private var countByOrdinal = [Int](repeating: 0, count: Reason.allCases.count)
  public private(set) var samples: [Reason: [FindingSample]] = [:]

  /// Findings per code.
  public var counts: [Reason: Int] {
    var out: [Reason: Int] = [:]
    for (i, n) in countByOrdinal.enumerated() where n > 0 { out[Reason.byOrdinal[i]] = n }
    return out
  }
  public static let samplesPerCode = 20

  public init(file: String, path: String) throws {
    self.file = file
    self.path = path
    // Scratch, read back into findings.csv within the run: not worth syncing to disk.
    out = try AtomicFileWriter(path: path, durable: false)
  }

  /// Whether the spool's file is synced to disk when closed (it is not: it is scratch).
  public var isDurable: Bool { out.durable }

  /// Appends the findings of the record at `line`.
  public func append(line: Int, findings: [Finding], name: String = "", id: String = "") {
    var batch = FindingBatch(file: file)
    batch.append(line: line, findings: findings, name: name, id: id)
    append(batch)
  }

  /// Appends a batch formatted elsewhere (for example on a worker thread). Batches must come
  /// in line order.
  public func append(_ batch: FindingBatch) {
    precondition(batch.firstLine >= lastLine, "findings must be spooled in line order")
    if batch.lastLine > 0 { lastLine = batch.lastLine }
    batch.bytes.withUnsafeBufferPointer { out.write(bytes: $0) }
    count += batch.count
    for (i, n) in batch.countByOrdinal.enumerated() where n > 0 { countByOrdinal[i] += n }
    for (reason, list) in batch.samples {
      let room = FindingSpool.samplesPerCode - samples[reason, default: []].count
      if room > 0 { samples[reason, default: []].append(contentsOf: list.prefix(room)) }
    }
  }

  /// Findings about the file as a whole (unknown columns, a damaged ID column, an XML error),
  /// kept in memory; `findings.csv` merges them in by line.
  public private(set) var fileLevel: [(line: Int, finding: Finding)] = []

  public func appendFileLevel(_ located: LocatedFinding) {
    fileLevel.append((located.provenance.line, located.finding))
    count += 1
    countByOrdinal[located.finding.reason.ordinal] += 1
    if located.finding.severity != .info,
      samples[located.finding.reason, default: []].count < FindingSpool.samplesPerCode
    {
      samples[located.finding.reason, default: []].append(
        FindingSample(file: file, line: located.provenance.line, name: "", id: "", finding: located.finding))
    }
  }

  /// Finishes writing (a second call does nothing); the spool can then be read back.
  /// File-level findings may still be added after it: they are kept in memory.
  public func close() throws {
    guard !closed else { return }
    try out.commit()
    closed = true
  }
  private var closed = false

  static func oneLine(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
    return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
  }

  /// Reads the spool back: for each finding, its line and the pre-formatted CSV tail
  /// (`code,severity,field,message`), without parsing the message.
  func forEachRow(_ body: (Int, UnsafeBufferPointer<UInt8>) throws -> Void) throws {
    guard let handle = fopen(path, "r") else {
      throw OutputError.system(path, "read back the spooled findings")
    }
    defer { fclose(handle) }
    var buffer: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    defer { free(buffer) }
    while true {
      let length = getline(&buffer, &capacity, handle)
      if length <= 0 { break }
      try buffer!.withMemoryRebound(to: UInt8.self, capacity: length) { bytes in
        var line = 0
        var i = 0
        while i < length, bytes[i] != 0x09 {
          line = line * 10 + Int(bytes[i] &- 0x30)
          i += 1
        }
        let end = bytes[length - 1] == 0x0A ? length - 1 : length
        try body(line, UnsafeBufferPointer(start: bytes + i + 1, count: max(0, end - i - 1)))
      }
    }
  }
}

/// The findings of a run of consecutive records of one file, formatted as spool rows; built on
/// any thread and handed to the file's ``FindingSpool`` in line order.
public struct FindingBatch: Sendable {
  public let file: String
  var bytes: [UInt8] = []
  var count = 0
  var countByOrdinal = [Int](repeating: 0, count: Reason.allCases.count)
  var samples: [Reason: [FindingSample]] = [:]
  var firstLine = Int.max
  var lastLine = 0

  public init(file: String) { self.file = file }

  public mutating func append(line: Int, findings: [Finding], name: String, id: String) {
    guard !findings.isEmpty else { return }
    if firstLine == Int.max { firstLine = line }
    lastLine = line
    for f in findings {
      FindingBatch.appendDecimal(line, to: &bytes)
      bytes.append(0x09)
      FindingsOutput.appendTail(f, to: &bytes)
      bytes.append(0x0A)
      count += 1
      let ordinal = f.reason.ordinal
      countByOrdinal[ordinal] += 1
      // Counted first: the table says whether a sample is still wanted without hashing.
      if sampleCounts[ordinal] < FindingSpool.samplesPerCode, !FindingsOutput.isInfo[ordinal] {
        sampleCounts[ordinal] += 1
        samples[f.reason, default: []].append(
          FindingSample(file: file, line: line, name: name, id: IDMask.mask(id), finding: f))
      }
    }
  }

  /// Samples kept so far, by reason ordinal (what `samples` holds, counted).
  private var sampleCounts = [Int](repeating: 0, count: Reason.allCases.count)

  static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
    // Digits from the right into a small buffer, then appended at once.
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      var v = value.magnitude
      var i = 20
      repeat {
        i -= 1
        digits[i] = 0x30 + UInt8(v % 10)
        v /= 10
      } while v > 0
      if value < 0 {
        i -= 1
        digits[i] = 0x2D
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i...]))
    }
  }
}

/// Writes `findings.csv`: for each input file in ledger order, its spooled findings merged by
/// line with the findings the Deduplicate stage added.
public enum FindingsOutput {
  /// - Parameters:
  ///   - spools: one per input file, in ledger order.
  ///   - added: (record provenance, finding) pairs from later stages, any order.
  public static func write(
    spools: [FindingSpool], added: [(Provenance, Finding)], to path: String
  ) throws -> Int {
    try write(
      spools: spools, added: AddedFindings(added.indices.map { ($0, added[$0].1) }),
      provenance: { added[$0].0 },
      to: path)
  }

  /// Writes `findings.csv` from findings added to records that are known by index, so that a
  /// province's millions of added findings need no copy with their provenance.
  ///
  /// - Parameters:
  ///   - spools: one per input file, in ledger order.
  ///   - added: (record index, finding) pairs from later stages, any order; for one record,
  ///     in the order they are to be listed.
  ///   - provenance: the provenance of the record at an index.
  public static func write(
    spools: [FindingSpool], added: AddedFindings, provenance: (Int) -> Provenance, to path: String
  ) throws -> Int {
    // Per file, packed (line, position in `added`) keys: sorting them orders by line, then
    // as given. Consecutive findings of one file (the common case) skip the dictionary.
    var addedByFile: [String: [UInt64]] = [:]
    var currentFile: String?
    var current: [UInt64] = []
    for (i, (r, _)) in added.enumerated() {
      let p = provenance(r)
      if p.file != currentFile {
        if let currentFile { addedByFile[currentFile, default: []].append(contentsOf: current) }
        current = addedByFile.removeValue(forKey: p.file) ?? []
        currentFile = p.file
      }
      current.append(UInt64(UInt32(clamping: p.line)) << 32 | UInt64(UInt32(i)))
    }
    if let currentFile { addedByFile[currentFile, default: []].append(contentsOf: current) }
    current = []

    let csv = try CSVOutput(path: path, header: findingsColumns)
    var tailBytes: [UInt8] = []  // reused for each added finding
    for spool in spools {
      // File-level findings come before added ones of the same line.
      var keys = addedByFile.removeValue(forKey: spool.file) ?? []
      keys.sort()
      var pending = PendingFindings(
        fileLevel: spool.fileLevel.enumerated()
          .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element),
        keys: keys)
      keys = []
      let escapedFile = AtomicFileWriter.csvFieldBytes(spool.file)
      // (No local functions here: state they capture is checked for exclusive access at run
      // time on every row.)
      try spool.forEachRow { line, tail in
        while pending.nextLine < line {
          emit(pending.next(added), file: escapedFile, to: csv, scratch: &tailBytes)
        }
        csv.field(plain: escapedFile)
        csv.field(line)
        csv.field(plain: tail)
        csv.endRow()
      }
      while pending.nextLine < Int.max {
        emit(pending.next(added), file: escapedFile, to: csv, scratch: &tailBytes)
      }
    }
    try csv.commit()
    return csv.rows
  }

  /// Writes one finding that was not spooled: a file-level one or one added by a later stage.
  private static func emit(
    _ finding: (line: Int, finding: Finding), file escapedFile: [UInt8], to csv: CSVOutput,
    scratch: inout [UInt8]
  ) {
    csv.field(plain: escapedFile)
    csv.field(finding.line)
    csv.field { out in
      scratch.removeAll(keepingCapacity: true)
      appendTail(finding.finding, to: &scratch)
      out.write(bytes: scratch)
    }
    csv.endRow()
  }

  /// The findings of one file that were not spooled, merged by line: file-level ones (in line
  /// order) before added ones (packed `line << 32 | index in added`, sorted).
  private struct PendingFindings {
    let fileLevel: [(line: Int, finding: Finding)]
    let keys: [UInt64]
    var a = 0
    var b = 0

    init(fileLevel: [(line: Int, finding: Finding)], keys: [UInt64]) {
      self.fileLevel = fileLevel
      self.keys = keys
    }

    /// The line of the next one; `Int.max` when none is left.
    var nextLine: Int {
      min(a < fileLevel.count ? fileLevel[a].line : .max, b < keys.count ? Int(keys[b] >> 32) : .max)
    }

    mutating func next(_ added: AddedFindings) -> (line: Int, finding: Finding) {
      if a < fileLevel.count, b >= keys.count || fileLevel[a].line <= Int(keys[b] >> 32) {
        a += 1
        return fileLevel[a - 1]
      }
      b += 1
      return (Int(keys[b - 1] >> 32), added[Int(keys[b - 1] & 0xFFFF_FFFF)].1)
    }
  }

  static let fieldBytes: [[UInt8]] = Field.allCases.map { Array($0.rawValue.utf8) }
  /// `code,severity,` of each reason, by ordinal.
  static let tailPrefixes: [[UInt8]] = Reason.byOrdinal.map { Array("\($0.code),\($0.severity.rawValue),".utf8) }
  /// Whether each reason, by ordinal, is of severity info.
  static let isInfo: [Bool] = Reason.byOrdinal.map { $0.severity == .info }

  /// Appends `code,severity,field,message` (the message on one line, escaped).
  static func appendTail(_ f: Finding, to bytes: inout [UInt8]) {
    tailPrefixes[f.reason.ordinal].withUnsafeBufferPointer { bytes.append(contentsOf: $0) }
    if let field = f.field { fieldBytes[field.index].withUnsafeBufferPointer { bytes.append(contentsOf: $0) } }
    bytes.append(0x2C)
    // Most messages need nothing or only quoting (many hold a comma); few hold a line break.
    let done = f.message.withUTF8Bytes { m in
      let special = specialBytes(m)
      if special.contains(.lineBreak) { return false }
      append(m, quoted: special.contains(.commaOrQuote), to: &bytes)
      return true
    }
    if done { return }
    FindingSpool.oneLine(f.message).withUTF8Bytes { m in
      append(m, quoted: specialBytes(m).contains(.commaOrQuote), to: &bytes)
    }
  }

  /// Appends `m`, or `m` in quotes with its quotes doubled (RFC 4180).
  private static func append(_ m: UnsafeBufferPointer<UInt8>, quoted: Bool, to bytes: inout [UInt8]) {
    guard quoted else {
      bytes.append(contentsOf: m)
      return
    }
    bytes.append(0x22)
    var start = 0
    for i in 0..<m.count where m[i] == 0x22 {
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: m[start...i]))
      bytes.append(0x22)
      start = i + 1
    }
    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: m[start...]))
    bytes.append(0x22)
  }

  /// What a message holds that CSV or the spool's one-line rows must treat specially.
  struct SpecialBytes: OptionSet {
    let rawValue: UInt8
    /// A comma or a quote: the field is quoted.
    static let commaOrQuote = SpecialBytes(rawValue: 1)
    /// A tab, LF or CR: the message is put on one line first.
    static let lineBreak = SpecialBytes(rawValue: 2)
  }

  /// The special bytes in `m`, eight bytes at a time.
  static func specialBytes(_ m: UnsafeBufferPointer<UInt8>) -> SpecialBytes {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    @inline(__always) func has(_ x: UInt64, _ byte: UInt8) -> Bool {
      let y = x ^ (UInt64(byte) &* ones)
      return (y &- ones) & ~y & highs != 0
    }
    var found = SpecialBytes()
    var i = 0
    if let base = m.baseAddress {
      let raw = UnsafeRawPointer(base)
      while i + 8 <= m.count {
        let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        if has(x, 0x2C) || has(x, 0x22) { found.insert(.commaOrQuote) }
        if has(x, 0x09) || has(x, 0x0A) || has(x, 0x0D) { found.insert(.lineBreak) }
        i += 8
      }
    }
    while i < m.count {
      switch m[i] {
      case 0x2C, 0x22: found.insert(.commaOrQuote)
      case 0x09, 0x0A, 0x0D: found.insert(.lineBreak)
      default: break
      }
      i += 1
    }
    return found
  }
}
