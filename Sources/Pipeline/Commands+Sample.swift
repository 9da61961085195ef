import Foundation
import RosterCore
import RuleBook
import SampleGen

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What `rostercheck sample` was asked to generate, and where.
public struct SampleCommandOptions: Sendable {
  public var out: String
  public var generator: SampleOptions
  /// Worker threads (default: the processor count).
  public var workers: Int?

  public init(out: String, generator: SampleOptions, workers: Int? = nil) {
    self.out = out
    self.generator = generator
    self.workers = workers
  }

  /// The options of the command line (`--subjects`, `--seed`, `--counties`, `--province`,
  /// `--as-of`, `--workers`).
  public init(
    out: String, subjects: Int, seed: UInt64, counties: Int?, province: Int, asOf: CalendarDate,
    workers: Int?
  ) {
    self.init(
      out: out,
      generator: SampleOptions(subjects: subjects, seed: seed, counties: counties, province: province, asOf: asOf),
      workers: workers)
  }
}

/// What `rostercheck sample` wrote.
public struct SampleOutcome: Sendable {
  public var stats: SampleStats
  public var seconds: Double
  public var files: [String]
  /// The `rostercheck run` arguments that verify the data set (paths under the output folder).
  public var runArguments: [String]
  public var folder: String
  public var asOf: String
}

extension Commands {
  /// `rostercheck sample`: writes a synthetic province (or some of its counties) into
  /// `options.out`:
  ///
  /// ```text
  /// civil-affairs/<county code>.csv   民政 rosters (GB18030 mostly, a few UTF-8 or UTF-16)
  /// disability/<county code>.xml      残联 rosters
  /// deaths/deaths-<province>.csv      the deaths list
  /// rules.yml                         the baseline rules with the counties as jurisdiction
  /// ground-truth/records.csv          one row per input record: expected disposition, tags
  /// ground-truth/probable-duplicates.csv
  /// sample.json                       parameters, counts, the run command
  /// ```
  ///
  /// Counties are generated in parallel; the files are the same whatever the number of workers.
  /// The folder must be empty, new, or an earlier sample's (its files are replaced).
  ///
  /// ```swift
  /// let outcome = try Commands.sample(SampleCommandOptions(
  ///   out: "data", generator: SampleOptions(subjects: 2_500, seed: 1, counties: 1)))
  /// outcome.stats.records   // ≈ 50,000
  /// ```
  public static func sample(_ options: SampleCommandOptions, progress: (@Sendable (String) -> Void)? = nil) throws
    -> SampleOutcome
  {
    let started = DispatchTime.now().uptimeNanoseconds
    let generator: SampleGenerator
    do {
      generator = try SampleGenerator(options: options.generator)
    } catch {
      throw RunError("--province \(options.generator.province): \(error)")
    }
    guard options.generator.subjects > 0 else {
      throw RunError("--subjects \(options.generator.subjects): give a positive number of subjects, e.g. 300000")
    }
    let out = options.out
    try prepareSampleFolder(out)
    for dir in ["civil-affairs", "disability", "deaths", "ground-truth"] {
      try FileManager.default.createDirectory(
        atPath: out + "/" + dir, withIntermediateDirectories: true)
    }
    let truth = try BulkFile(path: out + "/ground-truth/records.csv")
    truth.write(Array(SampleGenerator.truthHeader.utf8))

    // Counties in parallel; truth rows appended in county order.
    let n = generator.countyCount
    let lock = NSLock()
    nonisolated(unsafe) var next = 0
    nonisolated(unsafe) var flushed = 0
    nonisolated(unsafe) var pending: [Int: CountyResult] = [:]
    nonisolated(unsafe) var summaries: [CountySummary] = []
    nonisolated(unsafe) var layouts: [String] = []
    nonisolated(unsafe) var stats = SampleStats()
    nonisolated(unsafe) var failure: (any Error)?
    nonisolated(unsafe) var files: [String] = []
    let workers = max(1, min(options.workers ?? ProcessInfo.processInfo.activeProcessorCount, n))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        lock.lock()
        let i = next
        next += 1
        let stop = failure != nil
        lock.unlock()
        if i >= n || stop { return }
        do {
          let result = try generator.county(i)
          for f in result.files { try BulkFile.write(f.bytes, to: out + "/" + f.path) }
          lock.lock()
          pending[i] = result
          files += result.files.map(\.path)
          while let r = pending.removeValue(forKey: flushed) {
            truth.write(r.truthRows)
            summaries.append(r.summary)
            layouts.append(r.layout)
            stats.add(r.stats)
            flushed += 1
            progress?("county \(flushed)/\(n) \(r.county.code) \(r.county.name): \(r.stats.records) records")
          }
          lock.unlock()
        } catch {
          lock.lock()
          if failure == nil { failure = error }
          lock.unlock()
        }
      }
    }
    if let failure { throw RunError("\(failure)") }

    let countiesDone = DispatchTime.now().uptimeNanoseconds
    progress?("\(n) counties in \(String(format: "%.1f", Double(countiesDone - started) / 1e9)) s")
    let final = generator.finish(summaries)
    progress?(
      "deaths list and probable duplicates in \(String(format: "%.1f", Double(DispatchTime.now().uptimeNanoseconds - countiesDone) / 1e9)) s"
    )
    for f in final.files { try BulkFile.write(f.bytes, to: out + "/" + f.path) }
    files += final.files.map(\.path)
    truth.write(final.truthRows)
    try truth.close()
    stats.add(final.stats)

    // The rules of a run over the generated counties.
    var rules = RuleBook.baseline()
    rules.name = "生成的样本数据（\(generator.layout.provinceName)，\(n)个县区）"
    rules.jurisdiction = Rules.Jurisdiction(
      codes: generator.layout.jurisdictionCodes, names: generator.layout.jurisdictionNames)
    try BulkFile.write(Array(("# Generated by rostercheck sample: the baseline rules with the generated counties as the jurisdiction.\n" + RuleBook.yaml(rules)).utf8), to: out + "/rules.yml")

    let asOf = options.generator.asOf.description
    let runArguments =
      ["run", "--rules", out + "/rules.yml", "--as-of", asOf, "--civil"]
      + generator.layout.counties.map { out + "/" + SampleGenerator.civilPath($0.code) }.sorted()
      + ["--disability"]
      + generator.layout.counties.map { out + "/" + SampleGenerator.disabilityPath($0.code) }.sorted()
      + ["--deaths", out + "/" + generator.deathsPath]
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    try writeManifest(
      out: out, options: options.generator, generator: generator, stats: stats, layouts: layouts,
      seconds: seconds)
    return SampleOutcome(
      stats: stats, seconds: seconds, files: files.sorted(), runArguments: runArguments, folder: out, asOf: asOf)
  }

  /// The text `rostercheck sample` prints.
  public static func sampleReport(_ o: SampleOutcome) -> String {
    let s = o.stats
    var text = "\(s.records) records (civil affairs \(s.civilRecords), disability \(s.disabilityRecords), deaths \(s.deathRecords)) for \(s.persons) persons, in \(String(format: "%.1f", o.seconds)) s\n"
    text += "expected: " + ExpectedDisposition.allCases.map { "\(s.count($0)) \($0.name)" }.joined(separator: ", ")
    text += "; \(s.units) pairing units, \(s.subjects) subjects\n"
    text += "expected probable duplicates: "
      + (s.probableDuplicates.isEmpty ? "none" : s.probableDuplicates.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")) + "\n"
    func q(_ s: String) -> String { s.contains(" ") ? "'\(s)'" : s }
    text += "verify with: rostercheck run --rules \(q(o.folder + "/rules.yml")) --as-of \(o.asOf)"
      + " --civil \(q(o.folder))/civil-affairs/*.csv --disability \(q(o.folder))/disability/*.xml"
      + " --deaths \(q(o.folder))/deaths/*.csv --out OUT\n"
    return text
  }

  /// The folder must not exist, be empty, or hold an earlier sample (`sample.json`).
  static func prepareSampleFolder(_ out: String) throws {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: out, isDirectory: &isDirectory) else {
      try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
      return
    }
    guard isDirectory.boolValue else { throw RunError("--out \(out): is a file; give a folder") }
    let entries = try fm.contentsOfDirectory(atPath: out)
    if entries.isEmpty { return }
    guard entries.contains("sample.json") else {
      throw RunError(
        "--out \(out): the folder is not empty and holds no earlier sample (sample.json); give a new or empty folder")
    }
    for dir in ["civil-affairs", "disability", "deaths", "ground-truth"] {
      try? fm.removeItem(atPath: out + "/" + dir)
    }
  }

  static func writeManifest(
    out: String, options: SampleOptions, generator: SampleGenerator, stats: SampleStats, layouts: [String],
    seconds: Double
  ) throws {
    func quote(_ s: String) -> String {
      var out = "\""
      for ch in s.unicodeScalars {
        switch ch {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        default: out.unicodeScalars.append(ch)
        }
      }
      return out + "\""
    }
    var tags: [String] = []
    for t in Tag.allCases { tags.append("    \(quote(t.name)): \(stats.count(t))") }
    var dispositions: [String] = []
    for d in ExpectedDisposition.allCases { dispositions.append("    \(quote(d.name)): \(stats.count(d))") }
    let pairs = stats.probableDuplicates.sorted { $0.key < $1.key }.map { "    \(quote($0.key)): \($0.value)" }
    let text = """
      {
        "generator": "rostercheck sample",
        "seed": \(options.seed),
        "subjects_requested": \(options.subjects),
        "province": \(options.province),
        "counties": \(generator.countyCount),
        "as_of": \(quote(options.asOf.description)),
        "seconds": \(String(format: "%.2f", seconds)),
        "records": \(stats.records),
        "civil_records": \(stats.civilRecords),
        "disability_records": \(stats.disabilityRecords),
        "death_records": \(stats.deathRecords),
        "persons": \(stats.persons),
        "expected_units": \(stats.units),
        "expected_subjects": \(stats.subjects),
        "expected_dispositions": {
      \(dispositions.joined(separator: ",\n"))
        },
        "expected_probable_duplicates": {
      \(pairs.joined(separator: ",\n"))
        },
        "tags": {
      \(tags.joined(separator: ",\n"))
        },
        "county_layouts": [
      \(layouts.map { "    " + quote($0) }.joined(separator: ",\n"))
        ]
      }

      """
    try BulkFile.write(Array(text.utf8), to: out + "/sample.json")
  }
}

/// A plain buffered file writer for generated data (no fsync: the data can be generated again).
final class BulkFile: @unchecked Sendable {
  private let fd: Int32
  let path: String
  private var buffer: [UInt8] = []

  init(path: String) throws {
    self.path = path
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd < 0 { throw RunError("\(path): cannot create the file: \(String(cString: strerror(errno)))") }
    buffer.reserveCapacity(1 << 22)
  }

  func write(_ bytes: [UInt8]) {
    if buffer.count + bytes.count > 1 << 22 { flush() }
    if bytes.count > 1 << 22 {
      writeFully(bytes)
    } else {
      buffer.append(contentsOf: bytes)
    }
  }

  private var failed = false

  private func writeFully(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
      guard var p = raw.baseAddress else { return }
      var remaining = raw.count
      while remaining > 0 {
        let n = systemWrite(fd, p, remaining)
        if n < 0 {
          if errno == EINTR { continue }
          failed = true
          return
        }
        remaining -= n
        p += n
      }
    }
  }

  private func flush() {
    writeFully(buffer)
    buffer.removeAll(keepingCapacity: true)
  }

  func close() throws {
    flush()
    let failedWrite = failed
    if systemClose(fd) != 0 || failedWrite {
      throw RunError("\(path): cannot write the file (disk full?)")
    }
  }

  static func write(_ bytes: [UInt8], to path: String) throws {
    let f = try BulkFile(path: path)
    f.write(bytes)
    try f.close()
  }
}

#if canImport(Glibc)
  private let systemWrite = Glibc.write
  private let systemClose = Glibc.close
#elseif canImport(Darwin)
  private let systemWrite = Darwin.write
  private let systemClose = Darwin.close
#endif
