import Dispatch
import RosterCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a UTF-8 XML roster on several threads and returns exactly what one ``XMLReader``
/// reading it in order would: the same records, lines, rejected rows, stop and report.
///
/// The file is cut into segments of about ``IngestOptions/xmlSegmentSize`` bytes, each ending
/// where a start tag of the record element begins (`<记录` followed by a space, `>`, `/` or a
/// line break). The first segment is read in order by a reader that decides the record
/// element and the columns, as a single reader would; every later segment is parsed on a
/// worker thread by a reader that is given those columns, the file's prolog (everything up
/// to the end of the root's start tag) and the line the segment starts on, and that ends with
/// the root's end tag. A cut can fall in the wrong place (inside a comment, a CDATA section or
/// a deeper element of the same name): the segment before it is then not well-formed. So is
/// a segment with a real error, a refused construct or a field name the columns do not
/// have yet. A segment like that is never used: the rest of the file, from the segment's
/// start, is read in order by one reader that continues from the columns of the segments
/// before, and whatever it finds — a new column, the error and its line — is what a single
/// reader would have found, after the same records.
///
/// ```swift
/// var options = IngestOptions()
/// options.xmlWorkers = 2            // 1 reads in order
/// let reader = try RosterReader(path: "cjr.xml", source: .disability, matcher: matcher,
///                               options: options)
/// ```
final class XMLSegments: RecordSource {
  private let input: CountingByteSource
  private let fileName: String
  private let source: SourceKind
  private let matcher: HeaderMatcher
  private let options: IngestOptions
  /// The file up to the end of the root's start tag, fed to every later segment's parser.
  private let prolog: [UInt8]
  /// `</root>`, which closes every segment but the last.
  private let closing: [UInt8]
  /// `<` and the record element's name: where a segment may end.
  private let marker: [UInt8]
  /// The record element and the columns of the segments so far.
  private var state: XMLColumnState

  /// Bytes read and not yet in a segment; `pending[0]` is on line `pendingLine`.
  private var pending: [UInt8]
  private var pendingLine: Int
  private var inputDone = false
  /// Segments handed to workers, oldest first.
  private var jobs: [SegmentJob] = []
  private var nextJob = 0
  /// The records of the segment being returned, the next one last.
  private var current: [RawRecord]
  /// What the first segment's reader reported, with the counts of every segment used since.
  private var base: FileReport
  /// The reader of the rest of the file, once a segment could not be used.
  private var rest: XMLReader?
  /// The worker threads, started with the first segment after the first.
  private var pool: SegmentPool?
  /// Segments whose worker's records were used (the first segment not counted), segments read
  /// again in order (a new column), and the line from which the rest of the file was read in
  /// order, if it was: for tests.
  private(set) var segmentsUsed = 0
  private(set) var segmentsReadInOrder = 0
  private(set) var readInOrderFrom: Int?

  /// Returns the reader for an XML file: this one when the file can be cut into segments,
  /// else one ``XMLReader`` reading in order. `input` starts at the file's first byte.
  static func reader(
    source input: any ByteSource, file: String, kind: SourceKind, matcher: HeaderMatcher,
    options: IngestOptions, prefix: [UInt8]
  ) throws -> any RecordSource {
    let counted = CountingByteSource(input)
    let segmentSize = max(64, options.xmlSegmentSize)
    func inOrder(_ bytesRead: [UInt8]) throws -> any RecordSource {
      try XMLReader(
        source: PrefixedByteSource(prefix: bytesRead, rest: counted), file: file, kind: kind,
        matcher: matcher, options: options,
        prefix: bytesRead.isEmpty ? prefix : Array(bytesRead.prefix(256)))
    }
    guard options.xmlWorkers > 1, options.encoding == nil || options.encoding == .utf8,
      TextEncoding.detect(prefix: prefix.prefix(4)).0 == .utf8,
      (XMLReader.declaredEncoding(prefix) ?? .utf8) == .utf8
    else { return try inOrder([]) }
    // The first segment, and enough after it to know the file is longer than one.
    let head = try readFully(counted, count: 2 * segmentSize)
    guard head.count == 2 * segmentSize, let root = XMLProlog(head) else {
      return try inOrder(head)
    }

    // Which element is the record: a reader of the head alone decides it as the reader of
    // the whole file would (from the first `xmlLookahead` elements under the root).
    guard
      let probe = try? XMLReader(
        source: MemoryByteSource(head), file: file, kind: kind, matcher: matcher,
        options: options, prefix: Array(head.prefix(256))),
      probe.decidedByLookahead, let name = probe.report.recordElement, name != root.name
    else { return try inOrder(head) }
    let marker = Array("<\(name)".utf8)
    guard let end = XMLSegments.cut(head, after: segmentSize, marker: marker) else {
      return try inOrder(head)
    }

    // The first segment, read in order and closed after its last record.
    var leadBytes = Array(head[..<end])
    leadBytes += root.closing
    guard
      let lead = try? XMLReader(
        source: MemoryByteSource(leadBytes), file: file, kind: kind, matcher: matcher,
        options: options, prefix: Array(head.prefix(256))),
      lead.decidedByLookahead, lead.report.recordElement == name
    else { return try inOrder(head) }
    var records: [RawRecord] = []
    while let r = try lead.next() { records.append(r) }
    guard !lead.stoppedEarly else { return try inOrder(head) }
    return XMLSegments(
      input: counted, file: file, kind: kind, matcher: matcher, options: options,
      prolog: Array(head[..<root.end]), closing: root.closing, marker: marker, lead: lead,
      records: records, pending: Array(head[end...]), pendingLine: 1 + countNewlines(head[..<end]))
  }

  private init(
    input: CountingByteSource, file: String, kind: SourceKind, matcher: HeaderMatcher,
    options: IngestOptions, prolog: [UInt8], closing: [UInt8], marker: [UInt8], lead: XMLReader,
    records: [RawRecord], pending: [UInt8], pendingLine: Int
  ) {
    self.input = input
    fileName = file
    source = kind
    self.matcher = matcher
    self.options = options
    self.prolog = prolog
    self.closing = closing
    self.marker = marker
    state = lead.columnState
    base = lead.report
    current = records.reversed()
    self.pending = pending
    self.pendingLine = pendingLine
  }

  var report: FileReport {
    var r = base
    if let rest {
      let f = rest.report
      r.add(f, limit: options.maxRejectedRowsInReport)
      r.columns = f.columns
      r.layout = f.layout
      r.findings = f.findings
      r.stoppedBy = f.stoppedBy
    }
    r.bytesRead = input.count
    return r
  }

  func next() throws -> RawRecord? {
    while true {
      if let rest { return try rest.next() }
      if let r = current.popLast() { return r }
      try topUp()
      guard nextJob < jobs.count else { return nil }
      let job = jobs[nextJob]
      jobs[nextJob] = SegmentJob.done
      nextJob += 1
      job.finished.wait()
      if let outcome = job.outcome {
        base.add(outcome.report, limit: options.maxRejectedRowsInReport)
        current = outcome.records.reversed()
        segmentsUsed += 1
      } else if !job.cut || !readInOrder(job) {
        try readRest(from: job)
      }
    }
  }

  /// Reads the segment of `job` here, in order, as a reader of the whole file would reach it:
  /// it may add columns, which later segments are then given. False when it stops (an error
  /// in the file, or a cut in the wrong place): then nothing of it is used.
  private func readInOrder(_ job: SegmentJob) -> Bool {
    guard
      let (records, reader) = context.parse(
        job, recordsBefore: base.recordCount, speculative: false)
    else { return false }
    let r = reader.report
    base.add(r, limit: options.maxRejectedRowsInReport)
    base.columns = r.columns
    base.layout = r.layout
    base.findings = r.findings
    state = reader.columnState
    current = records.reversed()
    segmentsReadInOrder += 1
    return true
  }

  /// Reads the file from `job`'s segment on in order, in the state of the segments before.
  private func readRest(from job: SegmentJob) throws {
    readInOrderFrom = job.line
    var bytes = job.bytes
    for later in jobs[nextJob...] { bytes += later.bytes }
    bytes += pending
    jobs = []
    nextJob = 0
    pending = []
    inputDone = true
    pool?.close()
    pool = nil
    rest = try XMLReader(
      continuing: state, prolog: prolog, line: job.line, recordsBefore: base.recordCount,
      source: PrefixedByteSource(prefix: bytes, rest: input), file: fileName, kind: source,
      matcher: matcher, options: options, speculative: false)
  }

  /// Starts segments until `2 × xmlWorkers` are waiting or the input is all handed out.
  private func topUp() throws {
    let window = 2 * max(1, options.xmlWorkers)
    let segmentSize = max(64, options.xmlSegmentSize)
    // A segment never grows past this without a cut: the rest is read in order instead.
    let longest = 8 * segmentSize + options.maxRowBytes
    while jobs.count - nextJob < window && !inputDone {
      var end: Int? = nil
      var searched = segmentSize
      while true {
        if let at = XMLSegments.cut(pending, after: searched, marker: marker) {
          end = at
          break
        }
        if inputDone || pending.count >= longest { break }
        searched = max(segmentSize, pending.count - marker.count)
        let more = try readFully(input, count: max(segmentSize, 64 << 10))
        if more.isEmpty { inputDone = true }
        pending += more
      }
      let job: SegmentJob
      if let end {
        let bytes = Array(pending[..<end])
        pending.removeFirst(end)
        job = SegmentJob(bytes: bytes, line: pendingLine, last: false, cut: true)
        pendingLine += countNewlines(bytes[...])
      } else {
        // The end of the file, or no record start in reach: one segment to the end, or the
        // rest in order.
        job = SegmentJob(bytes: pending, line: pendingLine, last: inputDone, cut: false)
        pending = []
        inputDone = true
        if !job.last {
          job.finished.signal()
          jobs.append(job)
          return
        }
      }
      jobs.append(job)
      start(job)
    }
    if nextJob > 64 {
      jobs.removeFirst(nextJob)
      nextJob = 0
    }
  }

  /// What a parser of a segment is given: the columns so far, the prolog, the closing tag.
  private var context: SegmentContext {
    SegmentContext(
      state: state, prolog: prolog, closing: closing, file: fileName, source: source,
      matcher: matcher, options: options)
  }

  private func start(_ job: SegmentJob) {
    let context = self.context
    if pool == nil { pool = SegmentPool(threads: max(1, options.xmlWorkers)) }
    pool!.submit(job, context)
  }

  deinit { pool?.close() }

  /// The first position at or after `from` where `<name` starts a tag (followed by a space,
  /// a line break, `>` or `/`), or nil.
  static func cut(_ bytes: [UInt8], after from: Int, marker: [UInt8]) -> Int? {
    guard from < bytes.count else { return nil }
    return bytes.withUnsafeBufferPointer { b -> Int? in
      let base = b.baseAddress!
      var i = from
      while i < b.count {
        guard let hit = memchr(base + i, 0x3C, b.count - i) else { return nil }
        let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        let after = at + marker.count
        if after < b.count, memcmp(base + at, marker, marker.count) == 0 {
          switch b[after] {
          case 0x20, 0x09, 0x0A, 0x0D, 0x3E, 0x2F: return at
          default: break
          }
        }
        i = at + 1
      }
      return nil
    }
  }
}

/// The threads that parse segments, first come first served. Threads of their own, not
/// Dispatch's: a reader's thread waits for its segments, and readers may themselves run on
/// Dispatch's threads (``RosterReader/readFiles(_:matcher:options:concurrency:)``).
private final class SegmentPool: @unchecked Sendable {
  private var mutex = pthread_mutex_t()
  private var condition = pthread_cond_t()
  private var queue: [(SegmentJob, SegmentContext)] = []
  private var head = 0
  private var closed = false
  private var threads: [pthread_t] = []

  init(threads count: Int) {
    pthread_mutex_init(&mutex, nil)
    pthread_cond_init(&condition, nil)
    for _ in 0..<count {
      let context = Unmanaged.passRetained(self).toOpaque()
      #if canImport(Glibc)
        var thread = pthread_t()
      #else
        var thread: pthread_t? = nil
      #endif
      let started = pthread_create(
        &thread, nil,
        { context in
          Unmanaged<SegmentPool>.fromOpaque(context!).takeRetainedValue().work()
          return nil
        }, context)
      if started == 0 {
        #if canImport(Glibc)
          threads.append(thread)
        #else
          threads.append(thread!)
        #endif
      } else {
        Unmanaged<SegmentPool>.fromOpaque(context).release()
      }
    }
  }

  deinit {
    pthread_cond_destroy(&condition)
    pthread_mutex_destroy(&mutex)
  }

  func submit(_ job: SegmentJob, _ context: SegmentContext) {
    pthread_mutex_lock(&mutex)
    if threads.isEmpty {
      // No thread could be started: the job is parsed here.
      pthread_mutex_unlock(&mutex)
      job.parseAhead(with: context)
      return
    }
    queue.append((job, context))
    pthread_cond_signal(&condition)
    pthread_mutex_unlock(&mutex)
  }

  /// Lets the threads finish the segment each is parsing, drops the rest, and waits for them.
  func close() {
    pthread_mutex_lock(&mutex)
    closed = true
    queue = []
    head = 0
    pthread_cond_broadcast(&condition)
    let running = threads
    threads = []
    pthread_mutex_unlock(&mutex)
    for thread in running { pthread_join(thread, nil) }
  }

  private func work() {
    while true {
      pthread_mutex_lock(&mutex)
      while head == queue.count && !closed { pthread_cond_wait(&condition, &mutex) }
      if closed {
        pthread_mutex_unlock(&mutex)
        return
      }
      let (job, context) = queue[head]
      queue[head] = (SegmentJob.done, context)
      head += 1
      if head == queue.count {
        queue = []
        head = 0
      }
      pthread_mutex_unlock(&mutex)
      job.parseAhead(with: context)
    }
  }
}

/// One segment: its bytes, the line it starts on, and what its worker made of it.
private final class SegmentJob: @unchecked Sendable {
  let bytes: [UInt8]
  let line: Int
  /// The segment runs to the end of the file (no closing tag is added).
  let last: Bool
  /// The segment ends where a record starts (it was handed to a worker, not the end of
  /// the file or of the bytes searched).
  let cut: Bool
  /// nil when the segment cannot be used (set before `finished` is signalled).
  var outcome: (records: [RawRecord], report: FileReport)?
  let finished = DispatchSemaphore(value: 0)

  init(bytes: [UInt8], line: Int, last: Bool, cut: Bool) {
    self.bytes = bytes
    self.line = line
    self.last = last
    self.cut = cut
  }

  static let done = SegmentJob(bytes: [], line: 0, last: true, cut: false)

  /// Parses the segment ahead of its turn (on a worker) and signals `finished`.
  func parseAhead(with context: SegmentContext) {
    outcome = context.parse(self, recordsBefore: 0, speculative: true)
      .map { ($0.records, $0.reader.report) }
    finished.signal()
  }
}

/// What a worker needs to parse a segment.
private struct SegmentContext: @unchecked Sendable {
  let state: XMLColumnState
  let prolog: [UInt8]
  let closing: [UInt8]
  let file: String
  let source: SourceKind
  let matcher: HeaderMatcher
  let options: IngestOptions

  /// The records of `job`'s segment and the reader that read them (its report, its columns),
  /// or nil when the segment cannot be used: it stopped (an error, a cut in the wrong place)
  /// or, `speculative`, it met a column the segments before did not have.
  func parse(
    _ job: SegmentJob, recordsBefore: Int, speculative: Bool
  ) -> (records: [RawRecord], reader: XMLReader)? {
    let bytes: any ByteSource =
      job.last
      ? MemoryByteSource(job.bytes)
      : PrefixedByteSource(prefix: job.bytes, rest: MemoryByteSource(closing))
    guard
      let reader = try? XMLReader(
        continuing: state, prolog: prolog, line: job.line, recordsBefore: recordsBefore,
        source: bytes, file: file, kind: source, matcher: matcher, options: options,
        speculative: speculative)
    else { return nil }
    var records: [RawRecord] = []
    records.reserveCapacity(job.bytes.count / 256)
    do {
      while let r = try reader.next() { records.append(r) }
    } catch {
      return nil
    }
    if reader.stoppedEarly || reader.speculationFailed { return nil }
    return (records, reader)
  }
}

/// The start of an XML file up to the root's start tag: `<?xml …?>`, comments, processing
/// instructions and white space, then `<root …>`. Nil for anything else (a DOCTYPE, a root
/// that is empty, a prolog that runs past the bytes given): such files are read in order.
struct XMLProlog {
  /// The root's name.
  var name: String
  /// The position just after the root's start tag.
  var end: Int
  /// `</name>`.
  var closing: [UInt8] { Array("</\(name)>".utf8) }

  init?(_ b: [UInt8]) {
    var i = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    func find(_ s: String, from: Int) -> Int? {
      let needle = Array(s.utf8)
      var j = from
      while j + needle.count <= b.count {
        if b[j..<j + needle.count].elementsEqual(needle) { return j }
        j += 1
      }
      return nil
    }
    while i < b.count {
      switch b[i] {
      case 0x20, 0x09, 0x0A, 0x0D:
        i += 1
        continue
      case 0x3C:
        break
      default:
        return nil
      }
      guard i + 1 < b.count else { return nil }
      if b[i + 1] == 0x3F {  // <? … ?>
        guard let e = find("?>", from: i + 2) else { return nil }
        i = e + 2
      } else if b[i + 1] == 0x21 {  // <!-- … --> (a DOCTYPE is read in order)
        guard find("<!--", from: i) == i, let e = find("-->", from: i + 4) else { return nil }
        i = e + 3
      } else {
        // The root's start tag: its name, then attributes (quoted values may hold `>`).
        var j = i + 1
        while j < b.count, ![0x20, 0x09, 0x0A, 0x0D, 0x3E, 0x2F].contains(b[j]) { j += 1 }
        guard j > i + 1, j < b.count else { return nil }
        let nameBytes = b[(i + 1)..<j]
        var quote: UInt8 = 0
        while j < b.count {
          let c = b[j]
          if quote != 0 {
            if c == quote { quote = 0 }
          } else if c == 0x22 || c == 0x27 {
            quote = c
          } else if c == 0x3E {
            break
          }
          j += 1
        }
        guard j < b.count, b[j - 1] != 0x2F else { return nil }
        name = String(decoding: nameBytes, as: UTF8.self)
        end = j + 1
        return
      }
    }
    return nil
  }
}

/// The number of line feeds in `bytes`.
func countNewlines(_ bytes: ArraySlice<UInt8>) -> Int {
  bytes.withUnsafeBufferPointer { b in
    guard var p = UnsafeRawPointer(b.baseAddress) else { return 0 }
    let end = p + b.count
    var n = 0
    while p < end, let hit = memchr(p, 0x0A, end - p) {
      n += 1
      p = UnsafeRawPointer(hit) + 1
    }
    return n
  }
}

/// Counts the bytes read through it.
final class CountingByteSource: ByteSource {
  private let base: any ByteSource
  private(set) var count = 0
  init(_ base: any ByteSource) { self.base = base }
  func read(into: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
    let n = try base.read(into: into, count: count)
    self.count += n
    return n
  }
}

extension FileReport {
  /// Adds the counts, rejected rows (up to `limit`) and skipped elements of a later part of
  /// the same file.
  mutating func add(_ other: FileReport, limit: Int) {
    recordCount += other.recordCount
    rejectedCount += other.rejectedCount
    for row in other.rejectedRows where rejectedRows.count < limit { rejectedRows.append(row) }
    for (name, n) in other.skippedElements { skippedElements[name, default: 0] += n }
  }
}
