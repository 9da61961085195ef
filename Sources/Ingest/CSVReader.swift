internal import CSIMD
import RosterCore

/// One field of a scanned row, as positions in the decoded window.
struct FieldSlice {
  enum Kind: UInt8 {
    /// Unquoted: the text is `start..<end`.
    case plain
    /// Quoted with nothing to undo: the text is `start..<end` (inside the quotes).
    case quoted
    /// Quoted with doubled quotes or text after the closing quote: `start..<end` is the raw
    /// field from its opening quote, to be unescaped.
    case quotedRaw
  }
  var start: Int
  var end: Int
  var kind: Kind
}

/// The outcome of scanning one row at the front of the window.
enum RowScan {
  /// The row continues past the decoded text: decode more and scan again.
  case needMore
  /// Nothing left.
  case end
  /// A complete row (its fields are in `CSVReader.fields`); `newlines` counts the newlines
  /// consumed, including the one ending the row when `endedWithNewline`.
  case row(end: Int, newlines: Int, endedWithNewline: Bool)
  /// A quoted field that is never closed (or runs past the limits, or over lines that look
  /// like rows). The row is rejected as its first lines up to the line the quote opened on;
  /// reading resumes at `resume` (after that line's newline, or at the end of the text), or,
  /// when nil, after the next newline still to be read.
  case unterminated(resume: Int?, newlinesBefore: Int, quoteAt: Int)
  /// The row is longer than `maxRowBytes`.
  case tooLong
}

/// The row scanner: RFC 4180 over decoded UTF-8 text, one row at a time. A value type held
/// by the reader, so its buffers are mutated without per-access exclusivity checks.
struct RowScanner {
  var sep: UInt8 = 0x2C
  var nl: UInt8 = 0x0A
  var maxQuotedFieldBytes: Int
  var maxQuotedFieldLines: Int
  /// A line inside a multi-line quoted field with this many separators looks like a row.
  var looksLikeRowThreshold = Int.max
  /// The fields of the last scanned row (storage owned by the reader, freed by `release()`).
  private var fieldStorage: UnsafeMutablePointer<FieldSlice> = .allocate(capacity: 64)
  private var fieldCapacity = 64
  private(set) var fieldCount = 0
  /// Where `rostercheck_scan_row` writes the separators it finds (freed by `release()`).
  private let separatorOffsets: UnsafeMutablePointer<Int32> =
    .allocate(capacity: RowScanner.separatorCapacity)
  static let separatorCapacity = 256
  var fields: UnsafeBufferPointer<FieldSlice> { UnsafeBufferPointer(start: fieldStorage, count: fieldCount) }

  @inline(__always)
  private mutating func append(_ f: FieldSlice) {
    reserve(1)
    (fieldStorage + fieldCount).initialize(to: f)
    fieldCount += 1
  }

  /// Room for `n` more fields.
  @inline(__always)
  private mutating func reserve(_ n: Int) {
    guard fieldCount + n > fieldCapacity else { return }
    var capacity = 2 * fieldCapacity
    while capacity < fieldCount + n { capacity *= 2 }
    let grown = UnsafeMutablePointer<FieldSlice>.allocate(capacity: capacity)
    grown.initialize(from: fieldStorage, count: fieldCount)
    fieldStorage.deallocate()
    fieldStorage = grown
    fieldCapacity = capacity
  }

  func release() {
    fieldStorage.deallocate()
    separatorOffsets.deallocate()
  }
  var quotedNewlines: [Int] = []

  init(options: IngestOptions) {
    maxQuotedFieldBytes = options.maxQuotedFieldBytes
    maxQuotedFieldLines = options.maxQuotedFieldLines
  }

  mutating func scan(_ b: UnsafeMutablePointer<UInt8>, from start: Int, end: Int, eof: Bool) -> RowScan {
    let sep = self.sep
    let nl = self.nl
    let stripCR = nl == 0x0A
    fieldCount = 0
    if start >= end { return eof ? .end : .needMore }
    var p = start
    var newlines = 0
    if let row = scanUnquoted(b, from: start, end: end, first: &p, newlinesBefore: 0) { return row }
    while true {
      if p >= end {
        if !eof { return .needMore }
        append(FieldSlice(start: p, end: p, kind: .plain))
        return .row(end: p, newlines: newlines, endedWithNewline: false)
      }
      let first = b[p]
      if first == 0x3D && p + 1 >= end && !eof { return .needMore }
      if first == 0x22 || (first == 0x3D && p + 1 < end && b[p + 1] == 0x22) {
        // A quoted field (or Excel's ="…", whose = is dropped).
        let q0 = first == 0x22 ? p : p + 1
        var i = q0 + 1
        var escaped = false
        quotedNewlines.removeAll(keepingCapacity: true)
        var closedAt = 0
        while true {
          while i < end {
            let c = b[i]
            if c == 0x22 || c == nl { break }
            i += 1
          }
          if i >= end {
            if eof || i - q0 > maxQuotedFieldBytes {
              return unterminated(b, end: end, newlines: newlines, quoteAt: q0, eof: eof)
            }
            return .needMore
          }
          if b[i] == nl {
            quotedNewlines.append(i)
            if quotedNewlines.count > maxQuotedFieldLines || i - q0 > maxQuotedFieldBytes {
              return unterminated(b, end: end, newlines: newlines, quoteAt: q0, eof: eof)
            }
            i += 1
            continue
          }
          // A quote.
          if i + 1 >= end && !eof { return .needMore }
          if i + 1 < end && b[i + 1] == 0x22 {
            escaped = true
            i += 2
            continue
          }
          closedAt = i
          i += 1
          break
        }
        // Text after the closing quote, up to the separator or the end of the line.
        let ts = i
        while i < end {
          let c = b[i]
          if c == sep || c == nl { break }
          i += 1
        }
        if i >= end && !eof { return .needMore }
        var te = i
        if stripCR && i < end && te > ts && b[te - 1] == 0x0D { te -= 1 }
        let trailing = te > ts
        if !quotedNewlines.isEmpty && (trailing || quotedLinesLookLikeRows(b, closedAt: closedAt)) {
          return unterminated(b, end: end, newlines: newlines, quoteAt: q0, eof: eof)
        }
        newlines += quotedNewlines.count
        if escaped || trailing {
          append(FieldSlice(start: q0, end: te, kind: .quotedRaw))
        } else {
          append(FieldSlice(start: q0 + 1, end: closedAt, kind: .quoted))
        }
        if i >= end { return .row(end: i, newlines: newlines, endedWithNewline: false) }
        if b[i] == sep {
          p = i + 1
          continue
        }
        return .row(end: i + 1, newlines: newlines + 1, endedWithNewline: true)
      }
      // Unquoted fields: the fast path again, up to the newline or the next quote mark.
      var resume = p
      if let row = scanUnquoted(b, from: p, end: end, first: &resume, newlinesBefore: newlines) {
        return row
      }
      if resume > p {
        p = resume
        continue
      }
      // A field with a quote mark inside (kept as it is), or the end of the text.
      let fs = p
      p = findSeparatorOrNewline(b, from: p, end: end)
      if p >= end {
        if !eof { return .needMore }
        append(FieldSlice(start: fs, end: p, kind: .plain))
        return .row(end: p, newlines: newlines, endedWithNewline: false)
      }
      if b[p] == sep {
        append(FieldSlice(start: fs, end: p, kind: .plain))
        p += 1
        continue
      }
      var fe = p
      if stripCR && fe > fs && b[fe - 1] == 0x0D { fe -= 1 }
      append(FieldSlice(start: fs, end: fe, kind: .plain))
      return .row(end: p + 1, newlines: newlines + 1, endedWithNewline: true)
    }
  }

  /// The fast path of a row without quote marks: 32 or 16 bytes at a time (`CSIMD`), every
  /// separator up to the newline found at once. Appends the fields it completes and returns
  /// the row when it reaches its newline; returns nil at a quote mark or at the end of the
  /// text, with `first` at the start of the first field it did not complete (where the
  /// byte-by-field scan goes on).
  @inline(__always)
  private mutating func scanUnquoted(
    _ b: UnsafeMutablePointer<UInt8>, from start: Int, end: Int, first: inout Int, newlinesBefore: Int
  ) -> RowScan? {
    var fieldStart = start
    var from = start
    while true {
      var count: Int32 = 0
      let newline = rostercheck_scan_row(
        b + from, end - from, sep, nl, separatorOffsets, Int32(RowScanner.separatorCapacity), &count)
      // The fields the separators close, written in one go (room made first).
      let closed = Int(count)
      reserve(closed + 1)
      let out = fieldStorage + fieldCount
      for k in 0..<closed {
        let at = from &+ Int(separatorOffsets[k])
        (out + k).initialize(to: FieldSlice(start: fieldStart, end: at, kind: .plain))
        fieldStart = at &+ 1
      }
      fieldCount &+= closed
      if newline >= 0 {
        let at = from + newline
        var fieldEnd = at
        if nl == 0x0A && fieldEnd > fieldStart && b[fieldEnd - 1] == 0x0D { fieldEnd -= 1 }
        append(FieldSlice(start: fieldStart, end: fieldEnd, kind: .plain))
        return .row(end: at + 1, newlines: newlinesBefore + 1, endedWithNewline: true)
      }
      // More separators than the buffer holds: go on after the last one.
      if Int(count) < RowScanner.separatorCapacity { break }
      from = fieldStart
    }
    first = fieldStart
    return nil
  }

  /// The first separator or newline at or after `start` (or `end`), eight bytes at a time.
  @inline(__always)
  private func findSeparatorOrNewline(_ b: UnsafeMutablePointer<UInt8>, from start: Int, end: Int) -> Int {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let sepMask = UInt64(sep) &* ones
    let nlMask = UInt64(nl) &* ones
    let raw = UnsafeRawPointer(b)
    var p = start
    while p + 8 <= end {
      let x = raw.loadUnaligned(fromByteOffset: p, as: UInt64.self)
      // The lowest set bit marks the first byte equal to sep or nl (little-endian).
      let z = zeroBytes(x ^ sepMask) | zeroBytes(x ^ nlMask)
      if z != 0 { return p + z.trailingZeroBitCount >> 3 }
      p += 8
    }
    while p < end {
      let c = b[p]
      if c == sep || c == nl { return p }
      p += 1
    }
    return end
  }

  private func unterminated(
    _ b: UnsafeMutablePointer<UInt8>, end: Int, newlines: Int, quoteAt: Int, eof: Bool
  ) -> RowScan {
    if let first = quotedNewlines.first {
      return .unterminated(resume: first + 1, newlinesBefore: newlines, quoteAt: quoteAt)
    }
    // No newline inside the quoted text seen: the opening line runs to what is decoded.
    var i = quoteAt
    while i < end && b[i] != nl { i += 1 }
    if i < end { return .unterminated(resume: i + 1, newlinesBefore: newlines, quoteAt: quoteAt) }
    return .unterminated(resume: eof ? end : nil, newlinesBefore: newlines, quoteAt: quoteAt)
  }

  /// True when a line inside a multi-line quoted field holds enough separators to be a row
  /// of its own: the quote was probably never closed and swallowed the rows after it.
  private func quotedLinesLookLikeRows(_ b: UnsafeMutablePointer<UInt8>, closedAt: Int) -> Bool {
    guard looksLikeRowThreshold != Int.max else { return false }
    for k in 0..<quotedNewlines.count {
      let s = quotedNewlines[k] + 1
      let e = k + 1 < quotedNewlines.count ? quotedNewlines[k + 1] : closedAt
      var seps = 0
      var i = s
      while i < e {
        if b[i] == sep { seps += 1 }
        i += 1
      }
      if seps >= looksLikeRowThreshold { return true }
    }
    return false
  }
}

/// The streaming CSV reader behind ``RosterReader``.
final class CSVReader: RecordSource {
  @exclusivity(unchecked) private(set) var report: FileReport
  private let window: DecodedWindow
  private let options: IngestOptions
  private let fileName: String
  private let source: SourceKind
  @exclusivity(unchecked) private var sep: UInt8 = 0x2C
  @exclusivity(unchecked) private var nl: UInt8 = 0x0A
  @exclusivity(unchecked) private var scanner: RowScanner
  /// The line number of the byte at `window.pos`.
  @exclusivity(unchecked) private var line = 1
  @exclusivity(unchecked) private var routing = ColumnRouting()
  @exclusivity(unchecked) private var hasDuplicateColumns = false
  @exclusivity(unchecked) private var columnCount = 0
  private let transcoded: Bool
  @exclusivity(unchecked) private var finished = false

  @exclusivity(unchecked) private var scratch: [UInt8] = []
  /// The row being built (reused from row to row).
  private let cells = RawCellsBuilder()

  init(
    source rawSource: any ByteSource, file: String, kind: SourceKind, matcher: HeaderMatcher,
    options: IngestOptions, prefix: [UInt8], encoding: TextEncoding, detected: Bool, bomLength: Int
  ) throws {
    fileName = file
    source = kind
    self.options = options
    scanner = RowScanner(options: options)
    report = FileReport(file: file, source: kind, format: .csv, encoding: encoding)
    report.encodingDetected = detected
    report.byteOrderMark = bomLength > 0
    transcoded = encoding != .utf8
    let input = PrefixedByteSource(prefix: Array(prefix.dropFirst(bomLength)), rest: rawSource)
    do {
      window = try DecodedWindow(
        source: input, encoding: encoding, chunk: options.chunkSize, maxRow: options.maxRowBytes)
    } catch var error as IngestError {
      error.file = file
      throw error
    }
    window.bytesRead = bomLength
    // Decode at least the first line (or 64 KiB) before looking at the dialect.
    while try window.fill() {
      let b = window.buf
      var i = window.pos
      while i < window.end && b[i] != 0x0A && b[i] != 0x0D { i += 1 }
      if i < window.end || window.end - window.pos >= min(1 << 16, options.maxRowBytes) { break }
    }
    detectDialect()
    try readHeader(matcher: matcher)
  }

  // MARK: Dialect

  private func detectDialect() {
    let b = window.buf
    let n = min(window.end, 1 << 20)
    var lf = 0
    var crlf = 0
    var cr = 0
    var i = 0
    var quoted = false
    while i < n {
      let c = b[i]
      // Newlines inside quoted fields (Excel writes a bare LF there) do not count.
      if c == 0x22 {
        quoted.toggle()
      } else if quoted {
      } else if c == 0x0A {
        if i > 0 && b[i - 1] == 0x0D { crlf += 1 } else { lf += 1 }
      } else if c == 0x0D && (i + 1 >= n || b[i + 1] != 0x0A) {
        if i + 1 < n { cr += 1 }
      }
      i += 1
    }
    let ending: LineEnding
    if crlf > 0 && lf > 0 {
      ending = .mixed
    } else if crlf > 0 {
      ending = .crlf
    } else if lf > 0 {
      ending = .lf
    } else if cr > 0 {
      ending = .cr
    } else {
      ending = .none
    }
    report.lineEnding = ending
    nl = ending == .cr ? 0x0D : 0x0A

    if let forced = options.separator {
      sep = forced.byte
    } else {
      // Count commas and tabs outside quotes on the first non-blank line.
      var commas = 0
      var tabs = 0
      var inQuotes = false
      var j = 0
      var sawText = false
      while j < n {
        let c = b[j]
        if c == 0x22 { inQuotes.toggle() }
        if !inQuotes {
          if c == nl {
            if sawText { break }
          } else if c == 0x2C {
            commas += 1
          } else if c == 0x09 {
            tabs += 1
          } else if c != 0x0D && c != 0x20 {
            sawText = true
          }
        }
        j += 1
      }
      sep = tabs > commas ? 0x09 : 0x2C
    }
    report.separator = sep == 0x09 ? .tab : .comma
    scanner.sep = sep
    scanner.nl = nl
  }

  // MARK: Header

  private func readHeader(matcher: HeaderMatcher) throws {
    while true {
      let startLine = line
      let scan = try scanNext()
      switch scan {
      case .end:
        report.physicalLines = line - 1
        throw IngestError(
          file: fileName, line: nil, reason: .fileNoIDColumn,
          message:
            "the file is empty: there is no header line, so no column maps to id_number. Export the roster again with its header row."
        )
      case .tooLong, .unterminated:
        // A broken header: treat its first line as the header, split naively.
        let lineEnd = firstLineEnd(from: window.pos)
        let texts = naiveSplit(window.pos, lineEnd.textEnd)
        try finishHeader(texts, line: startLine, matcher: matcher)
        try consumeLine(lineEnd, span: 1)
        report.headerLines += 1
        return
      case .row(let end, let newlines, let endedWithNewline):
        let span = newlines + (endedWithNewline ? 0 : 1)
        if isBlankRow() {
          report.blankLines += span
          line += span
          window.pos = end
          continue
        }
        var texts: [String] = []
        for f in scanner.fields { texts.append(headerText(f)) }
        try finishHeader(texts, line: startLine, matcher: matcher)
        report.headerLines += span
        line += span
        window.pos = end
        return
      case .needMore:
        preconditionFailure("scanNext never returns needMore")
      }
    }
  }

  private func finishHeader(_ rawTexts: [String], line headerLine: Int, matcher: HeaderMatcher) throws {
    var texts = rawTexts.map { $0.trimmingSpaces() }
    while let last = texts.last, last.isEmpty { texts.removeLast() }
    report.headerLine = headerLine
    for t in texts { routing.add(header: t, matcher: matcher) }
    columnCount = texts.count
    hasDuplicateColumns = routing.columns.contains { $0.duplicateOf != nil }
    scanner.looksLikeRowThreshold =
      columnCount >= 3 ? max(2, (columnCount - 1) / 2) : (columnCount == 2 ? 1 : Int.max)
    report.columns = routing.columns
    report.layout = routing.layout
    guard routing.hasIDColumn else {
      let seen = texts.isEmpty ? "(none)" : texts.map { "\"\($0)\"" }.joined(separator: ", ")
      let tried = matcher.aliasesTried(for: .idNumber).joined(separator: ", ")
      throw IngestError(
        file: fileName, line: headerLine, reason: .fileNoIDColumn,
        message:
          "no column maps to id_number. Headers seen: \(seen). Aliases tried for id_number: \(tried). Rename the ID column to 身份证号, or add its header to the id_number aliases in the rules file (check also --encoding: the file was read as \(report.encoding.displayName), \(report.separator == .tab ? "tab" : "comma")-separated)."
      )
    }
    report.findings += routing.findings(
      at: Provenance(source: source, file: fileName, line: headerLine))
  }

  // MARK: Records

  func next() throws -> RawRecord? {
    if finished { return nil }
    while true {
      let startLine = line
      let scan = try scanNext()
      // After scanNext: filling the window may have moved the row to the front.
      let rowStart = window.pos
      switch scan {
      case .end:
        finish()
        return nil
      case .row(let end, let newlines, let endedWithNewline):
        let span = newlines + (endedWithNewline ? 0 : 1)
        if isBlankRow() {
          report.blankLines += span
          line += span
          window.pos = end
          continue
        }
        let record = makeRecord(line: startLine, rowRange: rowStart..<end)
        report.recordLines += span
        line += span
        window.pos = end
        count(record)
        return record
      case .unterminated(let resume, let newlinesBefore, let quoteAt):
        let lineEnd: (textEnd: Int, resume: Int?)
        if let resume {
          var textEnd = resume
          if textEnd > rowStart && window.buf[textEnd - 1] == nl { textEnd -= 1 }
          if nl == 0x0A && textEnd > rowStart && window.buf[textEnd - 1] == 0x0D { textEnd -= 1 }
          lineEnd = (textEnd, resume)
        } else {
          lineEnd = (window.end, nil)
        }
        let texts = naiveSplit(rowStart, lineEnd.textEnd)
        let quoteLine = startLine + newlinesBefore
        let column = columnOf(position: quoteAt, rowStart: rowStart)
        let message =
          "line \(quoteLine): the quoted field in column \(column)\(headerName(column)) is never closed; this row was set aside and reading went on at line \(quoteLine + 1). Close the quote (or remove it) in the source file."
        let record = makeRejected(
          line: startLine, texts: texts, reason: .rowUnterminatedQuote, message: message)
        try consumeLine(lineEnd, span: newlinesBefore + 1)
        report.recordLines += newlinesBefore + 1
        count(record)
        return record
      case .tooLong:
        let lineEnd = firstLineEnd(from: rowStart)
        let message =
          "line \(startLine): the row is longer than \(options.maxRowSize) without a line break; it was set aside. Check that the file is a roster (CSV) and not a binary file."
        let record = makeRejected(line: startLine, texts: [], reason: .rowTooLong, message: message)
        try consumeLine(lineEnd, span: 1)
        report.recordLines += 1
        count(record)
        return record
      case .needMore:
        preconditionFailure("scanNext never returns needMore")
      }
    }
  }

  private func finish() {
    finished = true
    report.physicalLines = report.headerLines + report.recordLines + report.blankLines
    report.bytesRead = window.bytesRead
  }

  private func count(_ record: RawRecord) {
    report.recordCount += 1
    if let r = record.rejection {
      report.rejectedCount += 1
      if report.rejectedRows.count < options.maxRejectedRowsInReport {
        report.rejectedRows.append(
          RejectedRow(line: record.provenance.line, reason: r.reason, message: r.message))
      }
    }
  }

  /// The end of the first physical line from `start`: where its text ends, and where the
  /// next line starts (nil when the newline is not decoded yet).
  private func firstLineEnd(from start: Int) -> (textEnd: Int, resume: Int?) {
    let b = window.buf
    var i = start
    let end = window.end
    while i < end && b[i] != nl { i += 1 }
    if i < end {
      var t = i
      if nl == 0x0A && t > start && b[t - 1] == 0x0D { t -= 1 }
      return (t, i + 1)
    }
    return (end, window.sourceDone ? end : nil)
  }

  /// Moves past a rejected line: to `resume`, or, when nil, past the next newline still to be
  /// read (streaming, so an endless line does not fill memory).
  private func consumeLine(_ lineEnd: (textEnd: Int, resume: Int?), span: Int) throws {
    line += span
    if let resume = lineEnd.resume {
      window.pos = resume
      return
    }
    window.pos = window.end
    while true {
      if try !window.fill() { return }
      let b = window.buf
      var i = window.pos
      while i < window.end && b[i] != nl { i += 1 }
      if i < window.end {
        window.pos = i + 1
        return
      }
      window.pos = window.end
    }
  }

  // MARK: Scanning

  /// Scans one row, decoding more text as needed.
  private func scanNext() throws -> RowScan {
    while true {
      let result = scanner.scan(window.buf, from: window.pos, end: window.end, eof: window.sourceDone)
      if case .needMore = result {
        if window.end - window.pos >= options.maxRowBytes { return .tooLong }
        _ = try window.fill()
        continue
      }
      return result
    }
  }

  deinit {
    scanner.release()
  }

  // MARK: Building records

  /// True when every field of the scanned row is empty or spaces.
  private func isBlankRow() -> Bool {
    let b = window.buf
    for f in scanner.fields {
      var i = f.start
      while i < f.end {
        let c = b[i]
        if c != 0x20 && !(f.kind == .quotedRaw && c == 0x22) { return false }
        i += 1
      }
    }
    return true
  }

  private func makeRecord(line: Int, rowRange: Range<Int>) -> RawRecord {
    let fields = scanner.fields
    let columnCount = self.columnCount
    let targets = routing.targets
    let n = min(fields.count, targets.count)
    let b = window.buf
    let cells = self.cells
    cells.reset(extraCount: routing.extraCount)
    // Fields are split at ASCII bytes, so a row of valid UTF-8 has only valid fields: one
    // check a row, and a field at a time only for a row that fails it. A transcoded window
    // is valid UTF-8 by construction (its invalid input is marked, checked below).
    let rowValid =
      transcoded || window.knownValid(rowRange)
      || UTF8Validation.isValid(b + rowRange.lowerBound, rowRange.count)
    // The row's bytes are copied once; a field that needs no unquoting is a range of them.
    let rowBase = cells.byteCount - rowRange.lowerBound
    cells.append(b + rowRange.lowerBound, rowRange.count)
    var badColumn = 0
    let duplicates = hasDuplicateColumns
    // Checked once for the row: its bytes are in the cells and offsets fit 32 bits; each
    // field is checked to lie in the row.
    precondition(cells.byteCount <= Int(UInt32.max), "a row's cells address their bytes with 32 bits")
    let (low, high) = (rowRange.lowerBound, rowRange.upperBound)
    targets.withUnsafeBufferPointer { targets in
      var i = 0
      while i < n {
        let t = targets[i]
        let slot = t >= 0 ? t : Field.count &- 1 &- t
        if !duplicates || t < 0 || cells.isBlank(slot) {
          let f = fields[i]
          if f.kind == .plain && rowValid {
            // The common case, inline: a range of the row's bytes.
            if f.end > f.start {
              precondition(f.start >= low && f.end <= high, "a field lies in its row")
              cells.setSlot(slot, checkedStart: rowBase &+ f.start, end: rowBase &+ f.end)
            }
          } else if !setField(f, slot: slot, validate: !rowValid, rowBase: rowBase) && badColumn == 0 {
            badColumn = i + 1
          }
        }
        i += 1
      }
    }
    var rejection: Finding?
    if transcoded && window.hasInvalid(in: rowRange) {
      badColumn = fields.firstIndex { window.peekInvalid(in: $0.start..<max($0.end, $0.start + 1)) }
        .map { $0 + 1 } ?? 0
      rejection = encodingFinding(line: line, column: badColumn)
    } else if badColumn > 0 {
      rejection = encodingFinding(line: line, column: badColumn)
    } else if fields.count > columnCount {
      // Extra fields are tolerated when empty (trailing separators).
      var lastNonEmpty = -1
      for j in columnCount..<fields.count where !fieldIsEmpty(fields[j]) { lastNonEmpty = j }
      if lastNonEmpty >= 0 {
        rejection = Finding(
          .rowTooManyFields,
          message:
            "line \(line): the row has \(lastNonEmpty + 1) fields but the header has \(columnCount) (column \(lastNonEmpty + 1) holds text); a value probably contains an unquoted \(sep == 0x09 ? "tab" : "comma"). Quote that value or remove the stray separator in the source file."
        )
      }
    }
    return RawRecord(
      provenance: Provenance(source: source, file: fileName, line: line), cells: cells.make(),
      rejection: rejection)
  }

  /// Puts the text of `f` into `slot` of the row being built; false when its bytes were not
  /// valid UTF-8 (checked only with `validate`), in which case the slot holds the text with
  /// U+FFFD for the invalid bytes.
  @inline(__always)
  private func setField(_ f: FieldSlice, slot: Int, validate: Bool, rowBase: Int?) -> Bool {
    let b = window.buf
    let n = f.end - f.start
    switch f.kind {
    case .quoted where n >= 3 && b[f.start] == 0x3D && b[f.start + 1] == 0x22 && b[f.end - 1] == 0x22:
      // "=""…""" : Excel's text-forcing wrapper inside a quoted field.
      return setUnwrapped(slot, b + f.start + 2, n - 3, validate: validate)
    case .plain, .quoted:
      if n == 0 { return true }
      if !validate, let rowBase {
        cells.setSlot(slot, start: rowBase + f.start, count: n)
        return true
      }
      return setText(slot, b + f.start, n, validate: validate)
    case .quotedRaw:
      scratch.removeAll(keepingCapacity: true)
      var i = f.start + 1  // past the opening quote
      var inQuotes = true
      while i < f.end {
        let c = b[i]
        if c == 0x22 {
          if inQuotes && i + 1 < f.end && b[i + 1] == 0x22 {
            scratch.append(0x22)
            i += 2
            continue
          }
          inQuotes.toggle()
          i += 1
          continue
        }
        scratch.append(c)
        i += 1
      }
      return scratch.withUnsafeBufferPointer { s in
        let m = s.count
        if m == 0 { return true }
        if m >= 3 && s[0] == 0x3D && s[1] == 0x22 && s[m - 1] == 0x22 {
          return setUnwrapped(slot, s.baseAddress! + 2, m - 3, validate: validate)
        }
        return setText(slot, s.baseAddress!, m, validate: validate)
      }
    }
  }

  /// The text inside `="…"`, with doubled quotes undone.
  private func setUnwrapped(_ slot: Int, _ p: UnsafePointer<UInt8>, _ n: Int, validate: Bool) -> Bool {
    let cells = self.cells
    let start = cells.byteCount
    var i = 0
    while i < n {
      var j = i
      while j < n && p[j] != 0x22 { j += 1 }
      cells.append(p + i, j - i)
      if j < n {
        cells.append(p + j, 1)
        j += (j + 1 < n && p[j + 1] == 0x22) ? 2 : 1
      }
      i = j
    }
    let valid =
      !validate || cells.withAppended(from: start) { UTF8Validation.isValid($0.baseAddress!, $0.count) }
    if valid {
      cells.finishSlot(slot, from: start)
      return true
    }
    let text = cells.withAppended(from: start) { String(decoding: $0, as: UTF8.self) }
    cells.discard(from: start)
    cells.set(slot, text)
    return false
  }

  /// The text of a header field.
  private func headerText(_ f: FieldSlice) -> String {
    cells.reset()
    _ = setField(f, slot: 0, validate: true, rowBase: nil)
    return cells.make().string(at: 0)
  }

  @inline(__always)
  private func setText(_ slot: Int, _ p: UnsafePointer<UInt8>, _ n: Int, validate: Bool) -> Bool {
    if !validate || UTF8Validation.isValid(p, n) {
      cells.set(slot, p, n)
      return true
    }
    cells.set(slot, String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
    return false
  }

  private func encodingFinding(line: Int, column: Int) -> Finding {
    let place = column > 0 ? " in column \(column)\(headerName(column))" : ""
    return Finding(
      .rowEncoding,
      message:
        "line \(line): bytes that are not valid \(report.encoding.displayName)\(place); the row was set aside. Re-save the file as UTF-8 or GB18030, or give the right --encoding."
    )
  }

  private func headerName(_ column: Int) -> String {
    guard column >= 1 && column <= routing.columns.count else { return "" }
    return " (\(routing.columns[column - 1].header))"
  }

  private func columnOf(position: Int, rowStart: Int) -> Int {
    var column = 1
    var inQuotes = false
    var i = rowStart
    let b = window.buf
    while i < position && i < window.end {
      let c = b[i]
      if c == 0x22 { inQuotes.toggle() } else if c == sep && !inQuotes { column += 1 }
      i += 1
    }
    return column
  }

  private func fieldIsEmpty(_ f: FieldSlice) -> Bool {
    switch f.kind {
    case .plain, .quoted: return f.end == f.start
    case .quotedRaw:
      let b = window.buf
      for i in f.start..<f.end where b[i] != 0x22 { return false }
      return true
    }
  }

  /// A rejected record holding what could be recovered of its fields.
  private func makeRejected(line: Int, texts: [String], reason: Reason, message: String) -> RawRecord {
    let cells = self.cells
    cells.reset(extraCount: routing.extraCount)
    for (i, text) in texts.enumerated() where i < routing.targets.count && !text.isEmpty {
      let t = routing.targets[i]
      let slot = t >= 0 ? t : Field.count - 1 - t
      if cells.isBlank(slot) { cells.set(slot, text) }
    }
    return RawRecord(
      provenance: Provenance(source: source, file: fileName, line: line), cells: cells.make(),
      rejection: Finding(reason, message: message))
  }

  /// Splits `start..<end` at every separator, ignoring quoting, and strips quote marks at the
  /// ends of each piece: the best-effort fields of a row that could not be read.
  private func naiveSplit(_ start: Int, _ end: Int) -> [String] {
    var out: [String] = []
    let b = window.buf
    var s = start
    var i = start
    while i <= end {
      if i == end || b[i] == sep {
        var fs = s
        var fe = i
        if fe - fs >= 2 && b[fs] == 0x3D && b[fs + 1] == 0x22 { fs += 1 }
        while fs < fe && b[fs] == 0x22 { fs += 1 }
        while fe > fs && b[fe - 1] == 0x22 { fe -= 1 }
        var bytes: [UInt8] = []
        var k = fs
        while k < fe {
          bytes.append(b[k])
          k += (b[k] == 0x22 && k + 1 < fe && b[k + 1] == 0x22) ? 2 : 1
        }
        out.append(String(decoding: bytes, as: UTF8.self))
        s = i + 1
      }
      i += 1
    }
    return out
  }

}

extension String {
  /// Without leading and trailing ASCII and ideographic spaces.
  func trimmingSpaces() -> String {
    let scalars = unicodeScalars
    func isSpace(_ s: Unicode.Scalar) -> Bool {
      s == " " || s == "\t" || s == "\u{3000}" || s == "\u{A0}" || s == "\u{FEFF}"
    }
    guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = scalars.lastIndex(where: { !isSpace($0) })!
    return String(scalars[first...last])
  }
}
