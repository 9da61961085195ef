import Dispatch
import Emit
import Foundation
import Ingest
import Normalize
import ResidentID
import RunStore
import RosterCore
import Verify

/// Ingest → normalize → verify for one roster file, on every core: the calling thread reads
/// records in batches, worker threads normalize and verify each batch and format its findings,
/// and the results are committed in line order (records appended, findings spooled), so the
/// outcome is identical to a sequential run.
struct RosterStage {
  let normalizer: RecordNormalizer
  let verifier: Verifier
  /// Records per batch handed to a worker.
  var batchSize = 2048
  /// Batches in flight at once (bounds memory).
  var maximumInFlight = 8
  /// Keep the fields of warning and error findings for the run store.
  var noteFields = false

  struct Outcome {
    var count = 0
    var tally = IDColumnTally()
    /// IDs of roster records that the deaths list names.
    var idsInDeaths = Set<String>()
  }

  /// What a worker makes of one batch.
  private struct BatchResult: Sendable {
    var records = RecordRun()
    var findings: FindingBatch
    var eighteen = 0
    var zeroEndings = 0
    var kinds: [(IDKind?, Bool)] = []
    var idsInDeaths: [String] = []
    /// The fields of warning and error findings, by index in the batch, when noting fields.
    var notes = FindingFieldNotes()
  }

  /// Processes `reader`'s records, appending compact records to `records` and findings to
  /// `spool`, in line order.
  func run(
    reader: RosterReader, file: String, spool: FindingSpool, records: RecordRun,
    fieldNotes: inout FindingFieldNotes, progress: ((Int) -> Void)? = nil
  ) throws -> Outcome {
    let queue = DispatchQueue.global(qos: .userInitiated)
    let group = DispatchGroup()
    let slots = DispatchSemaphore(value: maximumInFlight)
    let lock = NSLock()
    nonisolated(unsafe) var done: [Int: BatchResult] = [:]
    var nextToCommit = 0
    var submitted = 0
    var outcome = Outcome()

    func commitReady() {
      while true {
        lock.lock()
        let ready = done.removeValue(forKey: nextToCommit)
        lock.unlock()
        guard let result = ready else { return }
        fieldNotes.append(result.notes, offset: records.count)
        outcome.count += result.records.count
        result.records.move(to: records)
        spool.append(result.findings)
        for (kind, zero) in result.kinds { outcome.tally.add(kind: kind, zeroEnding: zero) }
        outcome.idsInDeaths.formUnion(result.idsInDeaths)
        nextToCommit += 1
        progress?(outcome.count)
      }
    }

    let normalizer = self.normalizer
    let verifier = self.verifier
    let noteFields = self.noteFields
    while true {
      let batch = try reader.nextBatch(maxCount: batchSize)
      if batch.isEmpty { break }
      let sequence = submitted
      submitted += 1
      slots.wait()
      group.enter()
      queue.async {
        let result = RosterStage.process(
          batch, file: file, normalizer: normalizer, verifier: verifier,
          noteFields: noteFields)
        lock.lock()
        done[sequence] = result
        lock.unlock()
        slots.signal()
        group.leave()
      }
      commitReady()
    }
    group.wait()
    commitReady()
    precondition(nextToCommit == submitted, "every batch is committed")
    return outcome
  }

  /// Everything one roster file yields when read on a single thread.
  struct FileResult {
    var records = RecordRun()
    var outcome = Outcome()
    /// The fields of warning and error findings, by index in `records`, when noting fields.
    var notes = FindingFieldNotes()
  }

  /// Reads, normalizes and verifies a whole file on the calling thread: used when several
  /// files are processed side by side, one per core.
  func runSequentially(reader: RosterReader, file: String, spool: FindingSpool) throws -> FileResult {
    var result = FileResult()
    // Records go straight into the file's run, reserved from the file's size (rosters take
    // 200–250 bytes a record): growing an array for them, or a batch array beside it, meant
    // fresh pages and unmapping for every batch, which stalls the thread reading the other file too.
    if let size = try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int {
      result.records.reserve(min(size / 160, 1 << 24))
    }
    while true {
      let batch = try reader.nextBatch(maxCount: batchSize)
      if batch.isEmpty { break }
      let before = result.records.count
      var b = BatchResult(findings: FindingBatch(file: file))
      RosterStage.process(
        batch, file: file, normalizer: normalizer, verifier: verifier,
        noteFields: noteFields, records: result.records, into: &b)
      result.notes.append(b.notes, offset: before)
      spool.append(b.findings)
      result.outcome.count += result.records.count - before
      for (kind, zero) in b.kinds { result.outcome.tally.add(kind: kind, zeroEnding: zero) }
      result.outcome.idsInDeaths.formUnion(b.idsInDeaths)
    }
    return result
  }

  private static func process(
    _ batch: [RawRecord], file: String, normalizer: RecordNormalizer,
    verifier: Verifier, noteFields: Bool
  ) -> BatchResult {
    var result = BatchResult(findings: FindingBatch(file: file))
    result.records.reserve(batch.count)
    process(
      batch, file: file, normalizer: normalizer, verifier: verifier,
      noteFields: noteFields, records: result.records, into: &result)
    return result
  }

  /// Normalizes and verifies `batch`, appending its compact records to `records` and the rest
  /// (findings, ID kinds, deaths-list hits, field notes by index in the batch) to `result`.
  private static func process(
    _ batch: [RawRecord], file: String, normalizer: RecordNormalizer,
    verifier: Verifier, noteFields: Bool,
    records: RecordRun, into result: inout BatchResult
  ) {
    let base = records.count
    result.kinds.reserveCapacity(batch.count)
    let texts = TextCache()  // shared texts and, made of them, shared places
    for i in batch.indices {
      // Read in place: a record copied out of the array retains its strings.
      var s = normalizer.normalize(batch[i], texts: texts)
      verifier.verify(&s)
      if s.onDeathsList { result.idsInDeaths.append(s.id) }
      result.kinds.append(
        (s.idKind, s.findings.contains { $0.reason == .idExcelZeroed || $0.reason == .idZeroEndingConfirm }))
      result.findings.append(line: s.provenance.line, findings: s.findings, name: s.name, id: s.id)
      if noteFields { result.notes.note(record: records.count - base, findings: s.findings) }
      records.append(VerifiedRecord(consume s))  // moved: s is not used again; its place kept
    }
  }
}
