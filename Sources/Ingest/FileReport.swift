import RosterCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The format of an input file.
public enum InputFormat: String, Sendable, Hashable, Codable {
  case csv
  case xml
}

/// A CSV field separator.
public enum Separator: String, Sendable, Hashable, Codable, CaseIterable {
  case comma
  case tab

  var byte: UInt8 { self == .comma ? 0x2C : 0x09 }
  /// `,` or `\t`.
  public var character: String { self == .comma ? "," : "\t" }
}

/// The line endings of a CSV file.
public enum LineEnding: String, Sendable, Hashable, Codable {
  /// `\r\n` (Windows, Excel).
  case crlf
  /// `\n`.
  case lf
  /// `\r` alone (old Mac Excel); the reader then splits lines at `\r`.
  case cr
  /// Both `\r\n` and `\n` occur.
  case mixed
  /// The file has a single line.
  case none
}

/// A row the reader could not read, as listed in the file's report.
public struct RejectedRow: Sendable, Hashable, Codable {
  public var line: Int
  public var reason: Reason
  public var message: String
  public init(line: Int, reason: Reason, message: String) {
    self.line = line
    self.reason = reason
    self.message = message
  }
}

/// What reading one file found: encoding and dialect, the header → field mapping, counts,
/// rejected rows and file-level findings. Complete once the reader has returned its last
/// record; `rostercheck inspect` prints it.
///
/// The lines of a CSV file are all accounted for:
/// `headerLines + recordLines + blankLines == physicalLines`.
///
/// ```swift
/// let (records, report) = try RosterReader.readAll(path: "a.csv", source: .civilAffairs,
///                                                  matcher: matcher)
/// report.recordCount == records.count
/// report.rejectedCount == records.filter { $0.rejection != nil }.count
/// ```
public struct FileReport: Sendable, Hashable {
  /// The file as the user named it.
  public var file: String
  public var source: SourceKind
  public var format: InputFormat
  public var encoding: TextEncoding
  /// False when the encoding was given by the caller (`--encoding`).
  public var encodingDetected: Bool
  /// The file starts with a byte-order mark.
  public var byteOrderMark: Bool
  /// CSV only.
  public var separator: Separator?
  /// CSV only.
  public var lineEnding: LineEnding?
  /// The line of the header (CSV) or of the root element (XML).
  public var headerLine: Int
  /// Every column in file order (XML: every field name, in order of first appearance).
  public var columns: [ColumnInfo]
  /// The mapping in the shape the later stages use.
  public var layout: FileLayout
  /// XML only: the name of the record element.
  public var recordElement: String?
  /// Records returned, rejected ones included.
  public var recordCount: Int
  /// Records returned with a `rejection`.
  public var rejectedCount: Int
  /// The first ``IngestOptions/maxRejectedRowsInReport`` rejected rows.
  public var rejectedRows: [RejectedRow]
  /// CSV line accounting (0 for XML).
  public var physicalLines: Int
  public var headerLines: Int
  public var recordLines: Int
  public var blankLines: Int
  /// File-level findings: unknown and duplicate columns, XML errors, skipped XML elements.
  public var findings: [LocatedFinding]
  /// Set when an XML error stopped the reading: the records before it were kept.
  public var stoppedBy: LocatedFinding?
  /// XML only: elements under the root that were not records, by name, with their count.
  public var skippedElements: [String: Int]
  /// Bytes read from the file (XML read in segments may have read a few segments past a stop).
  public var bytesRead: Int

  public init(file: String, source: SourceKind, format: InputFormat, encoding: TextEncoding) {
    self.file = file
    self.source = source
    self.format = format
    self.encoding = encoding
    encodingDetected = true
    byteOrderMark = false
    separator = nil
    lineEnding = nil
    headerLine = 0
    columns = []
    layout = FileLayout()
    recordElement = nil
    recordCount = 0
    rejectedCount = 0
    rejectedRows = []
    physicalLines = 0
    headerLines = 0
    recordLines = 0
    blankLines = 0
    findings = []
    stoppedBy = nil
    skippedElements = [:]
    bytesRead = 0
  }

  /// The contract fields some column maps to.
  public var mappedFields: Set<Field> { Set(columns.compactMap(\.field)) }
}

/// An error that stops the reading of a file: it cannot be opened, or no column maps to
/// `id_number`. The message names the file and says what to do; it never holds an ID.
///
/// ```swift
/// do { _ = try RosterReader(path: "a.csv", source: .civilAffairs, matcher: matcher) }
/// catch let error as IngestError { print(error) }   // a.csv line 1: no column maps to id_number …
/// ```
public struct IngestError: Error, Sendable, Hashable, CustomStringConvertible {
  public var file: String
  public var line: Int?
  /// The catalog code, when the error is one (`FILE_NO_ID_COLUMN`); nil for I/O errors.
  public var reason: Reason?
  public var message: String

  public init(file: String, line: Int? = nil, reason: Reason? = nil, message: String) {
    self.file = file
    self.line = line
    self.reason = reason
    self.message = message
  }

  public var description: String {
    let place = line.map { "\(file) line \($0)" } ?? file
    let code = reason.map { " [\($0.code)]" } ?? ""
    return "\(place): \(message)\(code)"
  }
}

extension IngestOptions {
  /// The processors online, at most 4: the default of ``xmlWorkers``.
  public static var processorCount: Int {
    max(1, min(4, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
  }

  /// These options for one of `lanes` readers that run side by side (or beside other work):
  /// each XML file parsed on its share of the cores, at least one thread.
  ///
  /// ```swift
  /// IngestOptions().sharingCores(among: 2).xmlWorkers   // 1 on a 2-core machine
  /// ```
  public func sharingCores(among lanes: Int) -> IngestOptions {
    var shared = self
    shared.xmlWorkers = max(1, min(xmlWorkers, IngestOptions.processorCount / max(1, lanes)))
    return shared
  }

  /// `maxRowBytes` for messages: "1024 KiB", or "512 bytes" below a KiB.
  var maxRowSize: String {
    maxRowBytes >= 1024 ? "\(maxRowBytes / 1024) KiB" : "\(maxRowBytes) bytes"
  }
}

/// How a reader reads. The defaults suit every file of the contract; tests lower the limits.
public struct IngestOptions: Sendable, Hashable {
  /// nil: detect from the byte-order mark and the bytes.
  public var encoding: TextEncoding?
  /// nil: XML when the first character (after a BOM) is `<`, else CSV.
  public var format: InputFormat?
  /// nil: detect from the header line (more tabs than commas → tab).
  public var separator: Separator?
  /// Bytes read from the file at a time (default 128 KiB: the chunk is still in the core's
  /// cache when the reader scans it; 1 MiB chunks read 10–25% slower on the CSV benchmark).
  public var chunkSize: Int
  /// A quoted field longer than this, or spanning more lines, is taken as an unterminated
  /// quote (`ROW_UNTERMINATED_QUOTE`) and reading resumes on the line after the one it opened on.
  public var maxQuotedFieldBytes: Int
  public var maxQuotedFieldLines: Int
  /// A row longer than this is rejected (`ROW_TOO_LONG`); memory stays bounded by it.
  public var maxRowBytes: Int
  /// How many rejected rows the report lists (all are counted).
  public var maxRejectedRowsInReport: Int
  /// XML: how many records are read ahead to decide that the file has an ID field.
  public var xmlLookahead: Int
  /// XML in UTF-8: how many threads parse it, each a segment of about ``xmlSegmentSize``
  /// bytes cut at a record's start tag (1: one parser reads the file in order). The records
  /// and the report are the same either way.
  public var xmlWorkers: Int
  /// XML: the bytes of one segment a worker parses (at least; a segment ends where the next
  /// record starts).
  public var xmlSegmentSize: Int

  public init(
    encoding: TextEncoding? = nil, format: InputFormat? = nil, separator: Separator? = nil,
    chunkSize: Int = 128 << 10, maxQuotedFieldBytes: Int = 64 << 10, maxQuotedFieldLines: Int = 100,
    maxRowBytes: Int = 1 << 20, maxRejectedRowsInReport: Int = 1000, xmlLookahead: Int = 100,
    xmlWorkers: Int = IngestOptions.processorCount, xmlSegmentSize: Int = 1 << 20
  ) {
    self.xmlWorkers = xmlWorkers
    self.xmlSegmentSize = xmlSegmentSize
    self.encoding = encoding
    self.format = format
    self.separator = separator
    self.chunkSize = chunkSize
    self.maxQuotedFieldBytes = maxQuotedFieldBytes
    self.maxQuotedFieldLines = maxQuotedFieldLines
    self.maxRowBytes = maxRowBytes
    self.maxRejectedRowsInReport = maxRejectedRowsInReport
    self.xmlLookahead = xmlLookahead
  }
}
