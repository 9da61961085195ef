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
      countByOrdinal[f.reason.ordinal] += 1
      if f.severity != .info, samples[f.reason, default: []].count < FindingSpool.samplesPerCode {
        samples[f.reason, default: []].append(
          FindingSample(file: file, line: line, name: name, id: IDMask.mask(id), finding: f))
      }
    }
  }

  static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
    if value == 0 {
      bytes.append(0x30)
      return
    }
    var v = value
    let start = bytes.count
    while v > 0 {
      bytes.append(0x30 + UInt8(v % 10))
      v /= 10
    }
    bytes[start...].reverse()
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
      spools: spools, added: added.indices.map { ($0, added[$0].1) }, provenance: { added[$0].0 },
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
    spools: [FindingSpool], added: [(Int, Finding)], provenance: (Int) -> Provenance, to path: String
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
    for spool in spools {
      // File-level findings come before added ones of the same line.
      let fileLevel = spool.fileLevel.enumerated()
        .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
      var keys = addedByFile.removeValue(forKey: spool.file) ?? []
      keys.sort()
      var a = 0
      var b = 0
      /// The line of the next finding not spooled, if any.
      func nextLine() -> Int? {
        let la = a < fileLevel.count ? fileLevel[a].line : nil
        let lb = b < keys.count ? Int(keys[b] >> 32) : nil
        switch (la, lb) {
        case let (x?, y?): return min(x, y)
        case let (x?, nil): return x
        case let (nil, y?): return y
        default: return nil
        }
      }
      let escapedFile = AtomicFileWriter.csvFieldBytes(spool.file)
      func emitNext() {
        let line: Int
        let f: Finding
        if a < fileLevel.count, b >= keys.count || fileLevel[a].line <= Int(keys[b] >> 32) {
          (line, f) = fileLevel[a]
          a += 1
        } else {
          line = Int(keys[b] >> 32)
          f = added[Int(keys[b] & 0xFFFF_FFFF)].1
          b += 1
        }
        csv.field(plain: escapedFile)
        csv.field(line)
        csv.field { writeTail(f, to: $0) }
        csv.endRow()
      }
      try spool.forEachRow { line, tail in
        while let next = nextLine(), next < line { emitNext() }
        csv.field(plain: escapedFile)
        csv.field(line)
        csv.field(plain: tail)
        csv.endRow()
      }
      while nextLine() != nil { emitNext() }
    }
    try csv.commit()
    return csv.rows
  }

  static let severityBytes: [[UInt8]] = Severity.allCases.map { Array($0.rawValue.utf8) }
  static let fieldBytes: [[UInt8]] = Field.allCases.map { Array($0.rawValue.utf8) }

  /// Writes `code,severity,field,message` (the message on one line, escaped).
  static func writeTail(_ f: Finding, to out: AtomicFileWriter) {
    var bytes: [UInt8] = []
    appendTail(f, to: &bytes)
    out.write(bytes: bytes)
  }

  static func appendTail(_ f: Finding, to bytes: inout [UInt8]) {
    bytes.append(contentsOf: Reason.codeBytes[f.reason.ordinal])
    bytes.append(0x2C)
    bytes.append(contentsOf: severityBytes[f.severity.ordinal])
    bytes.append(0x2C)
    if let field = f.field { bytes.append(contentsOf: fieldBytes[field.index]) }
    bytes.append(0x2C)
    var message = f.message
    // Fast path, one pass over the bytes: nothing to put on one line, nothing to quote.
    let plain = message.withUTF8 { m in
      for b in m where b == 0x2C || b == 0x22 || b == 0x09 || b == 0x0A || b == 0x0D { return false }
      bytes.append(contentsOf: m)
      return true
    }
    if plain { return }
    message = FindingSpool.oneLine(message)
    message.withUTF8 { m in
      if !m.contains(where: { $0 == 0x2C || $0 == 0x22 }) {
        bytes.append(contentsOf: m)
        return
      }
      bytes.append(0x22)
      for b in m {
        if b == 0x22 { bytes.append(0x22) }
        bytes.append(b)
      }
      bytes.append(0x22)
    }
  }
}
