import Emit
import Foundation
import RunStore

/// The exit statuses of rostercheck, for schedulers (cron, systemd timers, Windows Task
/// Scheduler). `run --store` and `diff` use the same ones.
///
/// | status | meaning |
/// |---|---|
/// | 0 | success; no discrepancies (or `--fail-on-discrepancy` not given) |
/// | 1 | failure: nothing was recorded in the store, no output was changed; the message says why |
/// | 3 | success, and discrepancies were found (only with `--fail-on-discrepancy`) |
/// | 64 | the command line is wrong (from the argument parser) |
///
/// ```swift
/// ExitStatus.for(discrepancies, failOnDiscrepancy: true) == .discrepancies
/// ```
public enum ExitStatus: Int32, Sendable, CaseIterable {
  case success = 0
  case failure = 1
  case discrepancies = 3

  /// The status of a successful command that compared two runs (nil: nothing to compare).
  public static func `for`(_ discrepancies: Discrepancies?, failOnDiscrepancy: Bool) -> ExitStatus {
    guard failOnDiscrepancy, let discrepancies, !discrepancies.isEmpty else { return .success }
    return .discrepancies
  }
}

/// `discrepancies.csv`: UTF-8 with BOM, the columns of ``Discrepancies/csvColumns``, written
/// atomically and owner-only.
public enum DiscrepanciesOutput {
  public static let fileName = "discrepancies.csv"

  /// Writes the rows; returns how many.
  @discardableResult
  public static func write(_ discrepancies: Discrepancies, to path: String) throws -> Int {
    let csv = try CSVOutput(path: path, header: Discrepancies.csvColumns)
    for change in discrepancies.changes { csv.row(change.csvRow) }
    try csv.commit()
    return csv.rows
  }
}

extension Commands {
  /// The text of `rostercheck history --store FILE`: one line per run, oldest first.
  public static func history(store path: String) throws -> String {
    let store = try RunStore(path: path, createIfMissing: false)
    let runs = try store.runs()
    guard !runs.isEmpty else { return "No runs recorded in \(path) yet.\n" }
    var rows = [["run", "started", "as of", "jurisdiction", "units", "records", "inputs"]]
    for r in runs {
      rows.append([
        r.id.description, r.started, r.asOf,
        r.jurisdiction.isEmpty ? "-" : shortList(r.jurisdiction.split(separator: ",").map(String.init)),
        String(r.unitCount), String(r.recordCount),
        shortList(r.inputs.map { "\($0.path) (\($0.records))" }, noun: "files"),
      ])
    }
    return table(rows, rightAligned: [0, 4, 5])
  }

  /// A list for one table cell: whole up to `limit` items, else the first `limit` and how
  /// many more (a province run has 172 input files and 300 jurisdiction names and codes).
  ///
  /// ```swift
  /// Commands.shortList(["a", "b"]) == "a, b"
  /// Commands.shortList(["a", "b", "c", "d", "e"], limit: 2, noun: "files") == "a, b … (5 files)"
  /// ```
  public static func shortList(_ items: [String], limit: Int = 3, noun: String = "in all") -> String {
    guard items.count > limit else { return items.joined(separator: ", ") }
    let counted = noun == "in all" ? "\(items.count) in all" : "\(items.count) \(noun)"
    return items.prefix(limit).joined(separator: ", ") + " … (" + counted + ")"
  }

  /// What `rostercheck diff` did.
  public struct DiffOutcome: Sendable {
    /// The summary printed to standard output.
    public var text: String
    public var status: ExitStatus
    public var discrepancies: Discrepancies
    /// Where `discrepancies.csv` was written.
    public var csvPath: String
  }

  /// `rostercheck diff --store FILE [RUN_A] [RUN_B] [--out DIR] [--fail-on-discrepancy]`.
  ///
  /// - No runs named: the latest run against the previous run of its jurisdiction.
  /// - `RUN_A` only: run A against the latest run of its jurisdiction.
  /// - Both: exactly those (any two runs, either order).
  ///
  /// Writes only `discrepancies.csv` into `out` (default: the current folder), replacing an
  /// earlier one atomically; no other file there is touched.
  public static func diff(
    store path: String, from runA: String?, to runB: String?, out: String?,
    failOnDiscrepancy: Bool
  ) throws -> DiffOutcome {
    let store = try RunStore(path: path, createIfMissing: false)
    let (a, b) = try choosePair(store, path: path, runA, runB)
    let discrepancies = try store.discrepancies(from: a, to: b)

    let folder = out ?? FileManager.default.currentDirectoryPath
    try makeFolder(folder)
    let csvPath = URL(fileURLWithPath: folder).appendingPathComponent(DiscrepanciesOutput.fileName).path
    let rows = try DiscrepanciesOutput.write(discrepancies, to: csvPath)

    var text = summary(discrepancies)
    text += "Wrote \(csvPath) (\(rows) rows).\n"
    let status = ExitStatus.for(discrepancies, failOnDiscrepancy: failOnDiscrepancy)
    return DiffOutcome(text: text, status: status, discrepancies: discrepancies, csvPath: csvPath)
  }

  /// `rostercheck report --store FILE [RUN] --out DIR`: re-renders a recorded run's
  /// `report.html` from the store alone (no input files), with the section of changes against
  /// the previous run of its jurisdiction. Returns the path written.
  public static func report(store path: String, run: String?, out: String) throws -> String {
    let store = try RunStore(path: path, createIfMissing: false)
    let runs = try store.runs()
    guard let latest = runs.last else {
      throw StoreCommandError("\(path): no runs recorded yet; record one with rostercheck run --store")
    }
    let id: RunID
    if let run {
      guard let parsed = RunID(run), runs.contains(where: { $0.id == parsed }) else {
        throw StoreCommandError("\(path): there is no run \(run); rostercheck history --store \(path) lists them")
      }
      id = parsed
    } else {
      id = latest.id
    }
    guard let documents = try store.documents(of: id), !documents.reportJSON.isEmpty,
      documents.reportJSON != "{}"
    else {
      throw StoreCommandError("\(path): run \(id) was recorded without its report data")
    }
    var report = try ReportInput.fromJSON(documents.reportJSON)
    report.summary.parameters.runID = id.description
    if let info = runs.first(where: { $0.id == id }),
      let previous = try store.previousRun(jurisdiction: info.jurisdiction, before: id)
    {
      report.extraSections.append(DiscrepancyReport.section(try store.discrepancies(from: previous.id, to: id)))
    }
    try makeFolder(out)
    let file = URL(fileURLWithPath: out).appendingPathComponent("report.html").path
    try AtomicFileWriter.write(HTMLReport.render(report), to: file)
    return file
  }

  /// A few lines for a terminal or a scheduler's log.
  public static func summary(_ d: Discrepancies) -> String {
    func describe(_ r: RunInfo) -> String {
      "run \(r.id) (as of \(r.asOf)\(r.jurisdiction.isEmpty ? "" : ", jurisdiction \(r.jurisdiction)"))"
    }
    var text = "Compared \(describe(d.from)) with \(describe(d.to)).\n"
    if d.from.jurisdiction != d.to.jurisdiction {
      text += "Note: the two runs are of different jurisdictions.\n"
    }
    guard !d.isEmpty else { return text + "No discrepancies.\n" }
    let c = d.counts
    func n(_ k: ChangeKind) -> Int { c[k] ?? 0 }
    let why = d.removedUnitsByReason.sorted { $0.key < $1.key }
      .map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
    text += "  units removed:     \(n(.unitRemoved))\(why.isEmpty ? "" : " (\(why))")\n"
    text += "  units added:       \(n(.unitAdded))\n"
    text += "  unit changes:      \(n(.unitChanged)) attributes, \(n(.memberRemoved)) members removed, \(n(.memberAdded)) members added\n"
    text += "  findings:          \(n(.findingNew)) new, \(n(.findingResolved)) resolved\n"
    return text
  }

  static func choosePair(
    _ store: RunStore, path: String, _ runA: String?, _ runB: String?
  ) throws -> (RunID, RunID) {
    func parse(_ text: String) throws -> RunID {
      guard let id = RunID(text) else {
        throw StoreError(
          .noSuchRun, path: path, problem: "\"\(text)\" is not a run number",
          advice: "Name runs by the numbers `rostercheck history --store \(path)` lists.")
      }
      guard try store.run(id) != nil else {
        throw StoreError(
          .noSuchRun, path: path, problem: "there is no run \(id) in the store",
          advice: "List the runs with `rostercheck history --store \(path)`.")
      }
      return id
    }
    switch (runA, runB) {
    case (let a?, let b?):
      return (try parse(a), try parse(b))
    case (let a?, nil):
      let first = try parse(a)
      let info = try store.run(first)!
      guard let latest = try store.previousRun(jurisdiction: info.jurisdiction), latest.id != first
      else {
        throw StoreError(
          .nothingToCompare, path: path,
          problem: "run \(first) is the latest run of its jurisdiction",
          advice: "Name a second run to compare it with.")
      }
      return (first, latest.id)
    case (nil, _):
      guard let latest = try store.runs().last else {
        throw StoreError(
          .nothingToCompare, path: path, problem: "the store has no runs",
          advice: "Record runs with `rostercheck run … --store \(path)`.")
      }
      guard let previous = try store.previousRun(jurisdiction: latest.jurisdiction, before: latest.id)
      else {
        throw StoreError(
          .nothingToCompare, path: path,
          problem: "run \(latest.id) is the only run of its jurisdiction",
          advice: "Record another run, or name two runs to compare.")
      }
      return (previous.id, latest.id)
    }
  }

  /// Creates the output folder (owner-only) when missing.
  static func makeFolder(_ folder: String) throws {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw OutputError(path: folder, problem: "is a file, not a folder", advice: "Give --out a folder path.")
      }
      return
    }
    do {
      try FileManager.default.createDirectory(
        atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw OutputError(
        path: folder, problem: "cannot create the folder (\(error.localizedDescription))",
        advice: "Check the path and permissions.")
    }
  }

  /// Left-aligned columns separated by two spaces (numbers right-aligned).
  static func table(_ rows: [[String]], rightAligned: Set<Int>) -> String {
    func width(_ s: String) -> Int {
      s.unicodeScalars.reduce(0) { $0 + ($1.properties.isIdeographic || $1.value >= 0x3000 && $1.value <= 0xFFEF ? 2 : 1) }
    }
    var widths = [Int](repeating: 0, count: rows.map(\.count).max() ?? 0)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], width(cell)) } }
    var out = ""
    for row in rows {
      var line = ""
      for (i, cell) in row.enumerated() {
        let pad = String(repeating: " ", count: widths[i] - width(cell))
        if i > 0 { line += "  " }
        line += i == row.count - 1 ? cell : rightAligned.contains(i) ? pad + cell : cell + pad
      }
      out += line + "\n"
    }
    return out
  }
}

/// A `history` / `diff` / `report` problem the user can fix (a missing run, an empty store).
public struct StoreCommandError: Error, CustomStringConvertible, Sendable {
  public var description: String
  public init(_ description: String) { self.description = description }
}
