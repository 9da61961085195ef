import Deduplicate
import Dispatch
import Emit
import Foundation
import Ingest
import Normalize
import ResidentID
import RunStore
import RosterCore
import RuleBook
import Verify

/// What `rostercheck run` was asked to do.
public struct RunOptions: Sendable {
  public var rulesPath: String
  /// The reference date for ages, deaths and ID birth dates (`--as-of`, default today).
  public var asOf: CalendarDate
  /// `--jurisdiction CODE|NAME`, overriding the rules ("" = none).
  public var jurisdiction: String?
  public var civil: [String]
  public var disability: [String]
  public var deaths: [String]
  public var out: String
  /// `--store FILE`: record the run and report discrepancies against the previous one.
  public var store: String?
  public var failOnDiscrepancy: Bool
  public var encoding: String?

  public init(
    rulesPath: String, asOf: CalendarDate, jurisdiction: String? = nil, civil: [String] = [],
    disability: [String] = [], deaths: [String] = [], out: String, store: String? = nil,
    failOnDiscrepancy: Bool = false, encoding: String? = nil
  ) {
    self.rulesPath = rulesPath
    self.asOf = asOf
    self.jurisdiction = jurisdiction
    self.civil = civil
    self.disability = disability
    self.deaths = deaths
    self.out = out
    self.store = store
    self.failOnDiscrepancy = failOnDiscrepancy
    self.encoding = encoding
  }

  /// The inputs in ledger order: civil-affairs, disability, deaths; files by name.
  var inputs: [(path: String, source: SourceKind)] {
    civil.sorted().map { ($0, .civilAffairs) } + disability.sorted().map { ($0, .disability) }
      + deaths.sorted().map { ($0, .deaths) }
  }
}

/// An error that stops a run. Nothing is written when a run fails.
public struct RunError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// What a finished run produced.
public struct RunOutcome: Sendable {
  public var summary: RunSummary
  public var outputDirectory: String
  /// Discrepancies against the previous run in the store (nil without `--store` or without a
  /// previous run).
  public var discrepancyCount: Int?
}

/// Receives progress while a run proceeds (the CLI prints it to a terminal).
public protocol RunProgress: AnyObject {
  /// A stage started or ended: one line for the log. Never contains an ID number.
  func stage(_ message: String)
  /// Records read so far in the current file.
  func reading(file: String, records: Int)
}

/// `rostercheck run`: rosters in; pairing roster, ledger, findings, duplicates, summary and
/// report out. The stages run in order, every input record is accounted for before anything is
/// written, and outputs appear in the folder only when all of them are complete.
///
/// ```swift
/// let options = RunOptions(rulesPath: "Rules/xihe-county.yml", asOf: date,
///                          civil: ["civil.csv"], disability: ["cjr.xml"], out: "out")
/// let outcome = try RunPipeline(options: options).run()
/// outcome.summary.counts.units
/// ```
public struct RunPipeline {
  public var options: RunOptions
  public weak var progress: (any RunProgress)?
  /// For tests only: called with the verified records before deduplication, so a test can
  /// drop one and prove that the conservation check stops the run.
  public var beforeDeduplication: ((inout [VerifiedRecord]) -> Void)?

  public init(options: RunOptions, progress: (any RunProgress)? = nil) {
    self.options = options
    self.progress = progress
  }

  public func run() throws -> RunOutcome {
    Allocator.useMappingsForLargeBlocks()
    let clock = StageClock()
    let started = ISO8601DateFormatter().string(from: Date())
    guard !options.civil.isEmpty || !options.disability.isEmpty else {
      throw RunError("no roster given: pass --civil FILE and/or --disability FILE")
    }
    let rules: Rules
    do {
      rules = try RuleBook.load(path: options.rulesPath)
    } catch {
      throw RunError("\(error)")
    }
    let jurisdiction = try options.jurisdiction.map { try Self.jurisdiction(from: $0) }
    let outputs = try OutputStaging(directory: options.out)
    let engine = IDEngine(referenceDate: options.asOf)
    let normalizer = RecordNormalizer(rules: rules, identity: IDEngineResolver(engine: engine))
    let matcher = HeaderMatcher(rules: rules)
    var ingestOptions = IngestOptions()
    // One XML file is parsed beside the normalizing and verifying, on half the cores (on 2
    // cores a second parser only takes time from them: 1M XML records were read, normalized
    // and verified in 7.1 s with one parser, 8.0 s with two).
    ingestOptions = ingestOptions.sharingCores(among: 2)
    if let encoding = options.encoding {
      guard let e = TextEncoding(name: encoding) else {
        throw RunError("--encoding \(encoding): expected utf-8, gb18030, utf-16le or utf-16be")
      }
      ingestOptions.encoding = e
    }

    // 1. Deaths first: they decide who is dead when the rosters are verified.
    var deathIndex = DeathIndex()
    var deathSubjects: [[SubjectRecord]] = []
    var reports: [String: FileReport] = [:]
    for (path, source) in options.inputs where source == .deaths {
      var subjects: [SubjectRecord] = []
      let report = try read(path, source, matcher, ingestOptions) { raw in
        let s = normalizer.normalize(raw)
        if s.idValid, !s.isRejected {
          deathIndex.add(id: s.id, date: s.deathDate, at: s.provenance)
        }
        subjects.append(s)
      }
      reports[path] = report
      deathSubjects.append(subjects)
    }
    clock.lap("read deaths lists")
    let deathCount = deathSubjects.reduce(0) { $0 + $1.count }

    // 2. Rosters: read, normalize, verify, spool findings, keep the compact record.
    let verifier = Verifier(
      rules: rules, asOf: options.asOf, jurisdiction: jurisdiction, deaths: deathIndex)
    var records: [VerifiedRecord] = []
    var spools: [FindingSpool] = []
    var readCounts: [String: Int] = [:]
    var rosterIDsInDeaths = Set<String>()
    var stage = RosterStage(normalizer: normalizer, verifier: verifier)
    stage.noteFields = options.store != nil
    var fieldNotes = FindingFieldNotes()
    let rosterInputs = options.inputs.enumerated().filter { $0.element.source != .deaths }
    /// Adds a finished file's results, in ledger order.
    func commit(
      _ path: String, _ source: SourceKind, _ report: FileReport, _ spool: FindingSpool,
      _ outcome: RosterStage.Outcome
    ) throws {
      rosterIDsInDeaths.formUnion(outcome.idsInDeaths)
      for located in report.findings { spool.appendFileLevel(located) }
      if let damaged = outcome.tally.finding(rules: rules.idColumn) {
        spool.appendFileLevel(LocatedFinding(damaged, at: Provenance(source: source, file: path, line: report.headerLine)))
      }
      try spool.close()
      spools.append(spool)
      reports[path] = report
      readCounts[path] = outcome.count
      progress?.stage("\(source.rawValue) \(path): \(outcome.count) records")
    }
    if rosterInputs.count >= 2 {
      // Several files: one file per core, each read, normalized and verified on its thread.
      let lock = NSLock()
      nonisolated(unsafe) var results = [(FileReport, FindingSpool, RosterStage.FileResult)?](
        repeating: nil, count: rosterInputs.count)
      nonisolated(unsafe) var failure: (any Error)?
      let spoolPaths = rosterInputs.map { outputs.scratchPath("findings-\($0.offset)") }
      let fileStage = stage
      // The files keep the cores busy side by side: each gets its share for parsing XML.
      let fileOptions = ingestOptions.sharingCores(
        among: min(rosterInputs.count, IngestOptions.processorCount))
      DispatchQueue.concurrentPerform(iterations: rosterInputs.count) { k in
        lock.lock()
        let stop = failure != nil
        lock.unlock()
        guard !stop else { return }
        let input = rosterInputs[k].element
        do {
          // Opened here, not up front: a province has hundreds of files.
          let reader = try RunPipeline.open(input.path, input.source, matcher, fileOptions)
          let spool = try FindingSpool(file: input.path, path: spoolPaths[k])
          let result = try fileStage.runSequentially(reader: reader, file: input.path, spool: spool)
          // Held until every file is done, so nothing more than needed: the records without
          // the room left over from growing, the report without the reader and its buffers,
          // the spool written out (file-level findings stay in memory).
          result.records.shrinkToFit()
          try spool.close()
          lock.lock()
          results[k] = (reader.report, spool, result)
          lock.unlock()
        } catch {
          lock.lock()
          if failure == nil { failure = error }
          lock.unlock()
        }
      }
      if let failure { throw failure is RunError ? failure : RunError("\(failure)") }
      // The files' records moved (not copied) into one array, in ledger order, with room for
      // the deaths-list entries too: growing past the end would copy every record.
      let total = results.reduce(0) { $0 + ($1?.2.records.count ?? 0) }
      records = [VerifiedRecord](unsafeUninitializedCapacity: total + deathCount) { buffer, moved in
        moved = 0
        for k in results.indices {
          guard let result = results[k]?.2 else { continue }
          fieldNotes.append(result.notes, offset: moved)
          moved += result.records.move(to: buffer.baseAddress! + moved)
        }
      }
      for (k, (_, input)) in rosterInputs.enumerated() {
        guard let (report, spool, result) = results[k] else { continue }
        results[k] = nil
        try commit(input.path, input.source, report, spool, result.outcome)
      }
    } else {
      // One file: read on this thread, normalize and verify batches on the others.
      let collected = RecordRun()
      for (index, (path, source)) in rosterInputs {
        let spool = try FindingSpool(file: path, path: outputs.scratchPath("findings-\(index)"))
        let reader = try open(path, source, matcher, ingestOptions)
        let outcome = try stage.run(
          reader: reader, file: path, spool: spool, records: collected, fieldNotes: &fieldNotes
        ) { n in
          progress?.reading(file: path, records: n)
        }
        try commit(path, source, reader.report, spool, outcome)
      }
      records = collected.movedIntoArray(reservingExtra: deathCount)
    }
    clock.lap("read, normalize and verify rosters")

    // 3. The deaths-list entries themselves (both ways above left room for them).
    for (i, (path, _)) in options.inputs.filter({ $0.source == .deaths }).enumerated() {
      let index = options.inputs.firstIndex { $0.path == path && $0.source == .deaths }!
      let spool = try FindingSpool(file: path, path: outputs.scratchPath("findings-\(index)"))
      for var s in deathSubjects[i] {
        verifier.verifyDeathEntry(&s, onRoster: s.idValid && rosterIDsInDeaths.contains(s.id))
        if options.store != nil { fieldNotes.note(record: records.count, findings: s.findings) }
        spool.append(line: s.provenance.line, findings: s.findings, name: s.name, id: s.id)
        records.append(VerifiedRecord(consume s))
      }
      for located in reports[path]!.findings { spool.appendFileLevel(located) }
      try spool.close()
      spools.append(spool)
      readCounts[path] = deathSubjects[i].count
    }
    deathSubjects = []

    // 4. Deduplicate (meanwhile, with a store, the inputs are hashed on another thread).
    let inputHashes = options.store == nil ? nil : BackgroundFileHashes(paths: options.inputs.map(\.path))
    beforeDeduplication?(&records)
    Allocator.releaseFreePages()  // what reading freed, before the stage where a run peaks
    let result = Deduplicator(eligibility: rules.eligibility).run(records)
    clock.lap("deduplicate")
    progress?.stage("deduplicated: \(result.units.count) pairing units")

    // 5. Nothing lost: every record read has exactly one disposition, per file.
    try Conservation.check(readCounts: readCounts, records: records, result: result)

    // 6. Outputs.
    let reasons = result.reasonSets(of: records)
    let summary = makeSummary(
      rules: rules, jurisdiction: jurisdiction, started: started, records: records,
      result: result, reasons: reasons, reports: reports)
    // The ledger and duplicates.csv are written on a second thread while this one writes the
    // pairing roster and findings.csv (the two halves take about as long).
    let ledgerPath = outputs.path(for: "ledger.csv")
    let duplicatesPath = outputs.path(for: "duplicates.csv")
    let secondDone = DispatchGroup()
    nonisolated(unsafe) var secondError: (any Error)?
    secondDone.enter()
    DispatchQueue.global(qos: .userInitiated).async { [records, reasons] in
      defer { secondDone.leave() }
      do {
        _ = try LedgerOutput.write(records: records, result: result, reasons: reasons, to: ledgerPath)
        _ = try DuplicatesOutput.write(groups: result.groups, records: records, to: duplicatesPath)
      } catch {
        secondError = error
      }
    }
    let findingRows: Int
    do {
      // Whatever happens here, the second thread finishes before this scope is left.
      defer { secondDone.wait() }
      _ = try PairingRosterOutput.write(units: result.units, to: outputs.path(for: "pairing-roster.csv"))
      findingRows = try FindingsOutput.write(
        spools: spools, added: result.addedFindings, provenance: { records[$0].provenance },
        to: outputs.path(for: "findings.csv"))
    }
    if let secondError { throw secondError }
    var finalSummary = summary
    finalSummary.counts.findingsBySeverity = findingSeverities(spools: spools, added: result.addedFindings)
    precondition(finalSummary.counts.findingsBySeverity.values.reduce(0, +) == findingRows)
    var samples: [Reason: [FindingSample]] = [:]
    for spool in spools {
      for (reason, list) in spool.samples {
        samples[reason, default: []].append(contentsOf: list.prefix(FindingSpool.samplesPerCode - (samples[reason]?.count ?? 0)))
      }
    }

    // 7. summary.json, report.html (and discrepancies.csv), then everything moves into place.
    //    With a store, this happens inside the store's transaction, so the store and the
    //    outputs never disagree: if either fails, neither changes.
    var discrepancyCount: Int?
    let baseReport = ReportInput.build(
      records: records, result: result, summary: finalSummary, samples: samples)
    clock.lap("write outputs")
    func finish(runID: RunID?, discrepancies: Discrepancies?) throws {
      finalSummary.parameters.runID = runID?.description
      finalSummary.timings = clock.timings
      try AtomicFileWriter.write(try finalSummary.json(), to: outputs.path(for: "summary.json"))
      var report = baseReport
      report.summary = finalSummary
      if let discrepancies {
        try DiscrepanciesOutput.write(discrepancies, to: outputs.path(for: DiscrepanciesOutput.fileName))
        report.extraSections.append(DiscrepancyReport.section(discrepancies))
        discrepancyCount = discrepancies.changes.count
      }
      try AtomicFileWriter.write(HTMLReport.render(report), to: outputs.path(for: "report.html"))
      try outputs.commit()
    }
    if let storePath = options.store {
      let store: RunStore
      do {
        store = try RunStore(path: storePath)
      } catch {
        throw RunError("\(error)")
      }
      let hashes = try inputHashes!.result()
      let inputs = zip(options.inputs, hashes).map { input, hash in
        InputFile(
          source: input.source, path: input.path, sha256: hash, records: readCounts[input.path] ?? 0)
      }
      clock.lap("finish hashing the input files")
      let parameters = RunParameters(
        started: started, asOf: options.asOf,
        jurisdiction: finalSummary.parameters.jurisdiction.isEmpty
          ? "rules:" + rules.name : finalSummary.parameters.jurisdiction,
        rulesFile: options.rulesPath, rulesName: rules.name, rulesSHA256: rules.source.sha256,
        toolVersion: RostercheckVersion.current, inputs: inputs,
        summaryJSON: try finalSummary.json(), reportJSON: try baseReport.json())
      let snapshot = RunSnapshot.make(
        records: records, result: result, parameters: parameters, fieldNotes: fieldNotes)
      clock.lap("prepare the run for the store")
      do {
        try store.record(snapshot, written: { clock.lap("record in the run store") }) { run, discrepancies in
          if run.previous != nil { clock.lap("compare with the previous run") }
          try finish(runID: run.id, discrepancies: discrepancies)
        }
      } catch let error as RunError {
        throw error
      } catch let error as OutputError {
        throw RunError("\(error)")
      } catch {
        throw RunError("\(error)")
      }
    } else {
      try finish(runID: nil, discrepancies: nil)
    }
    progress?.stage("wrote \(options.out)")
    return RunOutcome(summary: finalSummary, outputDirectory: options.out, discrepancyCount: discrepancyCount)
  }

  /// Opens one file; maps reader errors to run errors that name the file.
  private func open(
    _ path: String, _ source: SourceKind, _ matcher: HeaderMatcher, _ options: IngestOptions
  ) throws -> RosterReader {
    try RunPipeline.open(path, source, matcher, options)
  }

  static func open(
    _ path: String, _ source: SourceKind, _ matcher: HeaderMatcher, _ options: IngestOptions
  ) throws -> RosterReader {
    do {
      return try RosterReader(path: path, source: source, matcher: matcher, options: options)
    } catch {
      throw RunError("\(error)")
    }
  }

  /// Reads one file, calling `body` for each record.
  private func read(
    _ path: String, _ source: SourceKind, _ matcher: HeaderMatcher, _ options: IngestOptions,
    _ body: (RawRecord) throws -> Void
  ) throws -> FileReport {
    let reader = try open(path, source, matcher, options)
    var count = 0
    while let raw = try reader.next() {
      try body(raw)
      count += 1
      if count % 65_536 == 0 { progress?.reading(file: path, records: count) }
    }
    return reader.report
  }

  /// Parses a `--jurisdiction` argument (exposed for tests).
  public static func jurisdictionForTesting(_ argument: String) throws -> Rules.Jurisdiction {
    try jurisdiction(from: argument)
  }

  /// `--jurisdiction 621225` (a code) or `--jurisdiction 西和县` (a name).
  static func jurisdiction(from argument: String) throws -> Rules.Jurisdiction {
    let trimmed = argument.trimmingCharacters(in: .whitespaces)
    if trimmed.isEmpty { return Rules.Jurisdiction() }
    let parts = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    var j = Rules.Jurisdiction()
    for p in parts where !p.isEmpty {
      if p.allSatisfy(\.isASCII), p.allSatisfy(\.isNumber) {
        guard p.count == 6 else {
          throw RunError("--jurisdiction \(p): a county code has six digits (e.g. 621225)")
        }
        j.codes.append(p)
      } else {
        j.names.append(p)
      }
    }
    return j
  }

  private func findingSeverities(spools: [FindingSpool], added: AddedFindings) -> [String: Int] {
    var out: [String: Int] = [:]
    for spool in spools {
      for (reason, n) in spool.counts { out[reason.severity.rawValue, default: 0] += n }
    }
    for (_, f) in added { out[f.severity.rawValue, default: 0] += 1 }
    return out
  }

  private func makeSummary(
    rules: Rules, jurisdiction: Rules.Jurisdiction?, started: String,
    records: [VerifiedRecord], result: DeduplicationResult, reasons: [ReasonSet],
    reports: [String: FileReport]
  ) -> RunSummary {
    // Counted in arrays indexed by ordinal: this loop runs once per input record.
    var bySourceCount = [Int](repeating: 0, count: SourceKind.allCases.count)
    var byDispositionCount = [Int](repeating: 0, count: Disposition.allCases.count)
    var byReasonCount = [Int](repeating: 0, count: Reason.allCases.count)
    var perFile: [String: [Int]] = [:]
    var currentFile = ""
    var currentCounts = [Int](repeating: 0, count: Disposition.allCases.count)
    // Fields are read in place: a record copied out of the array retains all its strings.
    for i in records.indices {
      let d = result.dispositions[i].ordinal
      if records[i].provenance.file != currentFile {
        if !currentFile.isEmpty { perFile[currentFile, default: Array(repeating: 0, count: currentCounts.count)].add(currentCounts) }
        currentFile = records[i].provenance.file
        currentCounts = [Int](repeating: 0, count: Disposition.allCases.count)
      }
      currentCounts[d] += 1
      bySourceCount[records[i].provenance.source.ordinal] += 1
      byDispositionCount[d] += 1
      reasons[i].forEachReason { byReasonCount[$0.ordinal] += 1 }
    }
    if !currentFile.isEmpty { perFile[currentFile, default: Array(repeating: 0, count: currentCounts.count)].add(currentCounts) }
    func named<T>(_ counts: [Int], _ names: [T], _ name: (T) -> String) -> [String: Int] {
      var out: [String: Int] = [:]
      for (i, n) in counts.enumerated() where n > 0 { out[name(names[i])] = n }
      return out
    }
    let bySource = named(bySourceCount, SourceKind.allCases, \.rawValue)
    let byDisposition = named(byDispositionCount, Disposition.allCases, \.rawValue)
    let byReason = named(byReasonCount, Reason.byOrdinal, \.code)
    let fileDispositions = perFile.mapValues { named($0, Disposition.allCases, \.rawValue) }
    var unitsByType: [String: Int] = [:]
    for u in result.units { unitsByType[u.type.rawValue, default: 0] += 1 }
    var groups: [String: Int] = [:]
    for g in result.groups { groups[g.kind.code, default: 0] += 1 }
    let inputs = options.inputs.map { input -> RunSummary.Input in
      let report = reports[input.path]
      return RunSummary.Input(
        source: input.source.rawValue, file: input.path,
        encoding: report?.encoding.displayName ?? "",
        records: fileDispositions[input.path]?.values.reduce(0, +) ?? 0,
        unreadableRows: report?.rejectedCount ?? 0, byDisposition: fileDispositions[input.path] ?? [:])
    }
    let effective = jurisdiction ?? rules.jurisdiction
    let jurisdictionText = effective.map { ($0.codes + $0.names).joined(separator: ",") } ?? ""
    return RunSummary(
      parameters: .init(
        asOf: options.asOf.description, jurisdiction: jurisdictionText,
        rulesFile: options.rulesPath, rulesName: rules.name, rulesSHA256: rules.source.sha256,
        started: started),
      inputs: inputs,
      counts: .init(
        records: records.count, bySource: bySource, byDisposition: byDisposition,
        byReason: byReason, findingsBySeverity: [:], units: result.units.count,
        unitsByType: unitsByType,
        unitsNeedingReview: result.units.filter(\.needsReview).count,
        subjects: result.units.reduce(0) { $0 + $1.memberCount }, duplicateGroupsByKind: groups),
      timings: [])
  }
}

/// The run-time check that nothing was lost (§6 of the data contract): for every input file,
/// the records given a disposition equal the records read.
public enum Conservation {
  public static func check(
    readCounts: [String: Int], records: [VerifiedRecord], result: DeduplicationResult
  ) throws {
    // Records come file by file: counted per run of one file, read in place (a record copied
    // out of the array retains all its strings).
    var disposed: [String: Int] = [:]
    var start = 0
    while start < records.count {
      var end = start + 1
      while end < records.count, records[end].provenance.file == records[start].provenance.file { end += 1 }
      disposed[records[start].provenance.file, default: 0] += end - start
      start = end
    }
    guard result.dispositions.count == records.count else {
      throw RunError(
        "internal error: \(records.count) records but \(result.dispositions.count) dispositions; nothing was written")
    }
    var problems: [String] = []
    for (file, read) in readCounts.sorted(by: { $0.key < $1.key }) where disposed[file, default: 0] != read {
      problems.append("\(file): \(read) records read, \(disposed[file, default: 0]) in the ledger")
    }
    for file in disposed.keys where readCounts[file] == nil {
      problems.append("\(file): in the ledger but never read")
    }
    if !problems.isEmpty {
      throw RunError(
        "records were lost between the stages, so no roster was written: "
          + problems.joined(separator: "; ")
          + ". This is a bug in rostercheck; please report it with the input files' record counts.")
    }
  }
}

/// Times the stages of a run and, on Linux, notes the peak resident memory by the end of each.
final class StageClock {
  private var last = DispatchTime.now().uptimeNanoseconds
  private(set) var timings: [RunSummary.Timing] = []

  func lap(_ stage: String) {
    let now = DispatchTime.now().uptimeNanoseconds
    timings.append(
      RunSummary.Timing(stage: stage, seconds: Double(now - last) / 1e9, peakResidentMB: Self.peakResidentMB()))
    last = now
  }

  /// Peak resident memory so far (`VmHWM` of /proc/self/status) in MiB, or nil where there
  /// is no such file. Never reset (through /proc/self/clear_refs): that would also reset the
  /// figure `getrusage` and `/usr/bin/time -v` report.
  static func peakResidentMB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      let digits = line.filter(\.isNumber)
      return Int(digits).map { $0 / 1024 }
    }
    return nil
  }
}

extension Array where Element == Int {
  fileprivate mutating func add(_ other: [Int]) {
    for i in indices { self[i] += other[i] }
  }
}
