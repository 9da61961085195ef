import Dispatch
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import RosterCore

/// What the CSV and XML readers have in common.
protocol RecordSource: AnyObject {
  var report: FileReport { get }
  func next() throws -> RawRecord?
}

/// Reads one roster file — CSV in any of the contract's encodings and dialects, or XML — as a
/// stream of ``RawRecord``s with provenance, and reports what it found (``FileReport``).
///
/// Memory does not grow with the file: CSV is decoded in chunks of ``IngestOptions/chunkSize``
/// and XML is read with libxml2's streaming parser (a UTF-8 file in segments on
/// ``IngestOptions/xmlWorkers`` threads, see ``XMLSegments``). A row that cannot be read is returned as a
/// record whose `rejection` is set, with its line, and reading goes on. Opening the reader
/// reads the header (CSV) or the first records (XML) and throws ``IngestError`` when the
/// file cannot be opened or no column maps to `id_number` (`FILE_NO_ID_COLUMN`).
///
/// A reader is used on one thread; separate readers may run on separate threads (see
/// ``RosterReader/readFiles(_:matcher:options:concurrency:)``).
///
/// ```swift
/// let matcher = HeaderMatcher(rules: rules)
/// let reader = try RosterReader(path: "民政.csv", source: .civilAffairs, matcher: matcher)
/// while let record = try reader.next() {
///   if let why = record.rejection { print(record.provenance.line, why.reason.code) }
/// }
/// print(reader.report.recordCount, reader.report.encoding.displayName)
/// ```
public final class RosterReader {
  private let backend: any RecordSource

  /// What has been read so far; complete once `next()` has returned nil.
  public var report: FileReport { backend.report }

  /// Opens `path` (kept as given in every record's provenance).
  public init(
    path: String, source: SourceKind, matcher: HeaderMatcher, options: IngestOptions = IngestOptions()
  ) throws {
    // The content decides (a roster CSV never starts with `<`), then the extension.
    let file = try FileByteSource(path: path, name: path)
    let prefix = try readFully(file, count: min(options.chunkSize, 1 << 16))
    var format = options.format
    if format == nil {
      format = RosterReader.looksLikeXML(prefix) || (prefix.isEmpty && path.lowercased().hasSuffix(".xml")) ? .xml : .csv
    }
    if format == .xml {
      backend = try XMLSegments.reader(
        source: PrefixedByteSource(prefix: prefix, rest: file), file: path, kind: source,
        matcher: matcher, options: options, prefix: prefix)
      return
    }
    backend = try RosterReader.csv(
      file, prefix: prefix, name: path, source: source, matcher: matcher, options: options)
  }

  /// Reads a file held in memory; `file` is the name its records carry.
  public init(
    bytes: [UInt8], file: String, source: SourceKind, matcher: HeaderMatcher,
    options: IngestOptions = IngestOptions()
  ) throws {
    let format = options.format ?? (RosterReader.looksLikeXML(bytes.prefix(1 << 16)) ? .xml : .csv)
    if format == .xml {
      backend = try XMLSegments.reader(
        source: MemoryByteSource(bytes), file: file, kind: source, matcher: matcher,
        options: options, prefix: Array(bytes.prefix(256)))
    } else {
      let prefix = Array(bytes.prefix(min(options.chunkSize, 1 << 16)))
      let rest = MemoryByteSource(Array(bytes.dropFirst(prefix.count)))
      backend = try RosterReader.csv(
        rest, prefix: prefix, name: file, source: source, matcher: matcher, options: options)
    }
  }

  /// Opens `path` with header aliases given directly (`Rules.headerAliases`).
  public convenience init(
    path: String, source: SourceKind, aliases: [Field: [String]],
    options: IngestOptions = IngestOptions()
  ) throws {
    try self.init(path: path, source: source, matcher: HeaderMatcher(aliases: aliases), options: options)
  }

  /// Opens `path` with the aliases of `rules`.
  public convenience init(
    path: String, source: SourceKind, rules: Rules, options: IngestOptions = IngestOptions()
  ) throws {
    try self.init(path: path, source: source, matcher: HeaderMatcher(rules: rules), options: options)
  }

  private static func csv(
    _ source: any ByteSource, prefix: [UInt8], name: String, source kind: SourceKind,
    matcher: HeaderMatcher, options: IngestOptions
  ) throws -> CSVReader {
    let encoding: TextEncoding
    let bom: Int
    if let forced = options.encoding {
      encoding = forced
      bom = prefix.starts(with: forced.byteOrderMark) ? forced.byteOrderMark.count : 0
    } else {
      (encoding, bom) = TextEncoding.detect(prefix: prefix)
    }
    return try CSVReader(
      source: source, file: name, kind: kind, matcher: matcher, options: options, prefix: prefix,
      encoding: encoding, detected: options.encoding == nil, bomLength: bom)
  }

  /// True when the first non-space character (after a BOM, in UTF-8 or UTF-16) is `<`.
  static func looksLikeXML(_ bytes: some Collection<UInt8>) -> Bool {
    let b = Array(bytes.prefix(256))
    let (enc, bom) = TextEncoding.detect(prefix: b)
    var i = bom
    let step = (enc == .utf16LE || enc == .utf16BE) ? 2 : 1
    let offset = enc == .utf16LE ? 0 : (enc == .utf16BE ? 1 : 0)
    while i + offset < b.count {
      let c = b[i + offset]
      if c == 0x3C { return true }
      if c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { return false }
      i += step
    }
    return false
  }

  /// XML read in segments: how many segments workers parsed, how many were read again in
  /// order (a new column), and the line from which the rest of the file was read in order
  /// (nil: to the end in segments).
  var segments: (used: Int, readInOrder: Int, readInOrderFrom: Int?)? {
    (backend as? XMLSegments).map { ($0.segmentsUsed, $0.segmentsReadInOrder, $0.readInOrderFrom) }
  }

  /// The next record, or nil at the end of the file.
  public func next() throws -> RawRecord? { try backend.next() }

  /// Up to `maxCount` records (empty at the end of the file): for handing batches to workers.
  public func nextBatch(maxCount: Int = 4096) throws -> [RawRecord] {
    var batch: [RawRecord] = []
    batch.reserveCapacity(min(maxCount, 4096))
    while batch.count < maxCount, let r = try backend.next() { batch.append(r) }
    return batch
  }

  /// Calls `body` with successive batches of records until the end of the file.
  public func forEachBatch(size: Int = 4096, _ body: ([RawRecord]) throws -> Void) throws {
    while true {
      let batch = try nextBatch(maxCount: size)
      if batch.isEmpty { return }
      try body(batch)
    }
  }

  /// Reads a whole file.
  ///
  /// ```swift
  /// let (records, report) = try RosterReader.readAll(path: "a.csv", source: .civilAffairs,
  ///                                                  matcher: matcher)
  /// ```
  public static func readAll(
    path: String, source: SourceKind, matcher: HeaderMatcher, options: IngestOptions = IngestOptions()
  ) throws -> (records: [RawRecord], report: FileReport) {
    let reader = try RosterReader(path: path, source: source, matcher: matcher, options: options)
    var records: [RawRecord] = []
    while let r = try reader.next() { records.append(r) }
    return (records, reader.report)
  }

  /// One file to read with ``readFiles(_:matcher:options:concurrency:)``.
  public struct Input: Sendable, Hashable {
    public var path: String
    public var source: SourceKind
    public init(path: String, source: SourceKind) {
      self.path = path
      self.source = source
    }
  }

  /// The records and report of one file, or why it could not be read.
  public typealias FileResult = Result<(records: [RawRecord], report: FileReport), IngestError>

  /// Reads several files, up to `concurrency` at a time (one reader per thread; an XML file's
  /// parser threads are then at most the cores divided among them); the results are in the
  /// order of `inputs`.
  ///
  /// ```swift
  /// let results = RosterReader.readFiles(
  ///   [.init(path: "a.csv", source: .civilAffairs), .init(path: "b.xml", source: .disability)],
  ///   matcher: matcher, concurrency: 2)
  /// ```
  public static func readFiles(
    _ inputs: [Input], matcher: HeaderMatcher, options: IngestOptions = IngestOptions(),
    concurrency: Int = 2
  ) -> [FileResult] {
    let box = ResultsBox(count: inputs.count)
    let lanes = max(1, min(concurrency, inputs.count))
    let options = options.sharingCores(among: lanes)
    DispatchQueue.concurrentPerform(iterations: lanes) { lane in
      var i = lane
      while i < inputs.count {
        let input = inputs[i]
        let result: FileResult
        do {
          let read = try readAll(
            path: input.path, source: input.source, matcher: matcher, options: options)
          result = .success(read)
        } catch let error as IngestError {
          result = .failure(error)
        } catch {
          result = .failure(IngestError(file: input.path, message: "\(error)"))
        }
        box.set(i, result)
        i += lanes
      }
    }
    return box.results.map { $0! }
  }
}

/// Results written by the worker lanes, each to its own index, read after they finish.
private final class ResultsBox: @unchecked Sendable {
  var results: [RosterReader.FileResult?]
  private let lock = NSLockLike()
  init(count: Int) { results = Array(repeating: nil, count: count) }
  func set(_ i: Int, _ r: RosterReader.FileResult) { lock.withLock { results[i] = r } }
}

/// A small mutex over pthread (Foundation-free).
private final class NSLockLike: @unchecked Sendable {
  private var mutex = pthread_mutex_t()
  init() { pthread_mutex_init(&mutex, nil) }
  deinit { pthread_mutex_destroy(&mutex) }
  func withLock<T>(_ body: () -> T) -> T {
    pthread_mutex_lock(&mutex)
    defer { pthread_mutex_unlock(&mutex) }
    return body()
  }
}

extension SourceKind {
  /// Guesses a file's source from the fields its columns map to: disability fields → the
  /// disability roster; a death date without a category → the deaths list; else civil affairs.
  ///
  /// ```swift
  /// SourceKind.guess(from: [.name, .idNumber, .disabilityGrade]) == .disability
  /// ```
  public static func guess(from fields: Set<Field>) -> SourceKind {
    if !fields.isDisjoint(with: [.disabilityCert, .disabilityGrade, .disabilityType]) {
      return .disability
    }
    if fields.contains(.deathDate) && !fields.contains(.category) { return .deaths }
    return .civilAffairs
  }
}
