import Foundation
import RosterCore

/// The columns of `findings.csv` (§6 of the data contract).
public let findingsColumns = ["file", "line", "code", "severity", "field", "message"]

/// A finding kept for the report's "what to fix first" section.
public struct FindingSample: Sendable, Hashable {
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
  public private(set) var counts: [Reason: Int] = [:]
  public private(set) var samples: [Reason: [FindingSample]] = [:]
  public static let samplesPerCode = 20

  public init(file: String, path: String) throws {
    self.file = file
    self.path = path
    out = try AtomicFileWriter(path: path)
  }

  /// Appends the findings of the record at `line`.
  public func append(line: Int, findings: [Finding], name: String = "", id: String = "") {
    precondition(line >= lastLine, "findings must be spooled in line order")
    lastLine = line
    for f in findings {
      out.write("\(line)\t\(f.reason.code)\t\(f.field?.rawValue ?? "")\t\(FindingSpool.oneLine(f.message))\n")
      count += 1
      counts[f.reason, default: 0] += 1
      if f.severity != .info, samples[f.reason, default: []].count < FindingSpool.samplesPerCode {
        samples[f.reason, default: []].append(
          FindingSample(file: file, line: line, name: name, id: IDMask.mask(id), finding: f))
      }
    }
  }

  /// Findings about the file as a whole (unknown columns, a damaged ID column, an XML error),
  /// kept in memory; `findings.csv` merges them in by line.
  public private(set) var fileLevel: [(line: Int, finding: Finding)] = []

  public func appendFileLevel(_ located: LocatedFinding) {
    fileLevel.append((located.provenance.line, located.finding))
    count += 1
    counts[located.finding.reason, default: 0] += 1
    if located.finding.severity != .info,
      samples[located.finding.reason, default: []].count < FindingSpool.samplesPerCode
    {
      samples[located.finding.reason, default: []].append(
        FindingSample(file: file, line: located.provenance.line, name: "", id: "", finding: located.finding))
    }
  }

  /// Finishes writing; the spool can then be read back.
  public func close() throws { try out.commit() }

  static func oneLine(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
    return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
  }

  /// Reads the spool back, one (line, finding) at a time, without loading the whole file.
  func forEachEntry(_ body: (Int, Finding) throws -> Void) throws {
    guard let handle = fopen(path, "r") else {
      throw OutputError.system(path, "read back the spooled findings")
    }
    defer { fclose(handle) }
    var buffer: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    defer { free(buffer) }
    while true {
      let length = getline(&buffer, &capacity, handle)
      if length < 0 { break }
      let row = buffer!.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length - 1), as: UTF8.self)
      }
      let parts = row.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
      guard parts.count == 4, let line = Int(parts[0]),
        let reason = Reason(rawValue: String(parts[1]))
      else { continue }
      try body(
        line, Finding(reason, field: Field(rawValue: String(parts[2])), message: String(parts[3])))
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
    var addedByFile: [String: [(Int, Int, Finding)]] = [:]
    for (i, (p, f)) in added.enumerated() { addedByFile[p.file, default: []].append((p.line, i, f)) }
    let csv = try CSVOutput(path: path, header: findingsColumns)
    for spool in spools {
      let fileLevel = spool.fileLevel.enumerated().map { ($0.element.line, $0.offset - spool.fileLevel.count, $0.element.finding) }
      let later = (fileLevel + (addedByFile[spool.file] ?? [])).sorted { ($0.0, $0.1) < ($1.0, $1.1) }
      var j = 0
      func emit(_ line: Int, _ f: Finding) {
        csv.row([spool.file, String(line), f.reason.code, f.severity.rawValue,
                 f.field?.rawValue ?? "", f.message])
      }
      try spool.forEachEntry { line, f in
        while j < later.count, later[j].0 < line {
          emit(later[j].0, later[j].2)
          j += 1
        }
        emit(line, f)
      }
      while j < later.count {
        emit(later[j].0, later[j].2)
        j += 1
      }
    }
    try csv.commit()
    return csv.rows
  }
}
