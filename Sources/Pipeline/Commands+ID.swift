import RosterCore
import ResidentID

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// `rostercheck id [FILE]`: one raw value per line in, one CSV row per line out (§3 of the
// contract). Streaming: the input is read in blocks and each row is composed straight into a
// buffered output, so a million lines take well under a second.

extension Commands {
  /// The header of `rostercheck id`'s output.
  public static let idCSVHeader =
    "input,normalized,status,reasons,kind,birth_date,sex,region_code,region_name"

  /// Runs `rostercheck id`: reads the file at `path` (standard input when nil), checks each line
  /// as an identity number or disability certificate number, and writes the CSV to `output`.
  ///
  /// Input may be UTF-8 (with or without BOM) or GB18030, decided line by line; lines end in LF
  /// or CRLF. Every line, blank or unreadable ones included, gets exactly one row. When the file's
  /// IDs show Excel damage to the whole column, the summary carries an `ID_EXCEL_COLUMN_DAMAGED`
  /// finding (the executable prints it on standard error).
  ///
  /// ```swift
  /// let summary = try Commands.checkIDs(path: "ids.txt", asOf: CalendarDate(iso: "2026-01-01")!)
  /// summary.lines == summary.valid + summary.invalid
  /// ```
  public static func checkIDs(
    path: String?, asOf: CalendarDate, output: Int32 = 1, byteOrderMark: Bool = false,
    rules: Rules.IDColumnRules = Rules.IDColumnRules()
  ) throws -> IDCheckSummary {
    let name = path ?? "(standard input)"
    let input: Int32
    if let path {
      input = open(path, O_RDONLY)
      guard input >= 0 else { throw IDCommandError.cannotOpen(file: path, reason: errorText()) }
    } else {
      input = 0
    }
    defer { if path != nil { close(input) } }

    var checker = IDLineChecker(asOf: asOf)
    var writer = FDWriter(fd: output, file: output == 1 ? "(standard output)" : "(output)")
    defer { writer.buffer.free() }
    if byteOrderMark { writer.buffer.append([0xEF, 0xBB, 0xBF]) }
    writer.buffer.append(Array(idCSVHeader.utf8) + [0x0A])

    var reader = LineReader(fd: input)
    var failure: (any Error)?
    do {
      try reader.forEachLine { line in
        checker.appendRow(line: line, into: &writer.buffer)
        if writer.buffer.count >= FDWriter.flushThreshold {
          do { try writer.flush() } catch {
            failure = error
            return false
          }
        }
        return true
      }
    } catch let error as LineReader.ReadError {
      throw IDCommandError.cannotRead(file: name, line: error.line, reason: error.reason)
    }
    if let failure { throw failure }
    try writer.flush()
    return checker.summary(rules: rules)
  }

  /// Today's date in the local time zone (the default `--as-of`).
  public static func today() -> CalendarDate {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    return CalendarDate(
      year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
  }
}

/// What `rostercheck id` saw.
public struct IDCheckSummary: Sendable, Hashable {
  /// Input lines (= output rows).
  public var lines = 0
  public var valid = 0
  public var invalid = 0
  /// Lines that were neither UTF-8 nor GB18030.
  public var undecodable = 0
  /// Lines decoded as GB18030.
  public var gb18030 = 0
  /// `ID_EXCEL_COLUMN_DAMAGED` when the file's IDs show Excel damage to the whole column.
  public var columnFinding: Finding?

  public init() {}
}

/// Errors of `rostercheck id`; each names the file and says what to do.
public enum IDCommandError: Error, CustomStringConvertible, Equatable {
  case cannotOpen(file: String, reason: String)
  case cannotRead(file: String, line: Int, reason: String)
  case cannotWrite(file: String, reason: String)

  public var description: String {
    switch self {
    case .cannotOpen(let file, let reason):
      "\(file): cannot open the file (\(reason)); check the path and that you may read it"
    case .cannotRead(let file, let line, let reason):
      "\(file): line \(line): cannot read (\(reason)); the rows before it were written"
    case .cannotWrite(let file, let reason):
      "\(file): cannot write (\(reason)); check the disk space and the output path"
    }
  }
}

/// Turns input lines into output rows of `rostercheck id`, and counts them. Pure: bytes in,
/// bytes out.
///
/// ```swift
/// var checker = IDLineChecker(asOf: CalendarDate(year: 2026, month: 1, day: 1)!)
/// var out: [UInt8] = []
/// Array("11010519491231002X".utf8).withUnsafeBufferPointer { checker.appendRow(line: $0, to: &out) }
/// String(decoding: out, as: UTF8.self)
///   == "11010519491231002X,11010519491231002X,valid,,resident,1949-12-31,female,110105,北京市朝阳区\n"
/// ```
public struct IDLineChecker {
  let engine: IDEngine
  var tally = IDColumnTally()
  var counts = IDCheckSummary()
  let gb18030 = GB18030Decoder()

  public init(asOf: CalendarDate) {
    engine = IDEngine(referenceDate: asOf)
  }

  /// The counts so far, with the column-level finding decided by `rules`.
  public func summary(rules: Rules.IDColumnRules) -> IDCheckSummary {
    var s = counts
    s.columnFinding = tally.finding(rules: rules)
    return s
  }

  /// Appends the CSV row for one input line (without its line break; a trailing CR is ignored).
  public mutating func appendRow(line: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var buffer = OutputBuffer(capacity: 1024)
    defer { buffer.free() }
    appendRow(line: line, into: &buffer)
    out.append(contentsOf: UnsafeBufferPointer(start: buffer.base, count: buffer.count))
  }

  /// Appends the CSV row for one input line to `out`.
  mutating func appendRow(line rawLine: UnsafeBufferPointer<UInt8>, into out: inout OutputBuffer) {
    var line = rawLine
    if let last = line.last, last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
    if counts.lines == 0, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
      line = UnsafeBufferPointer(rebasing: line.dropFirst(3))  // UTF-8 byte-order mark
    }
    counts.lines += 1
    // `text` is the line decoded; when the line was UTF-8, its bytes are the line's own.
    var encodingProblem = false
    var textIsLine = true
    let text: String
    if IDLineChecker.isASCII(line) {
      text = String(decoding: line, as: UTF8.self)
    } else if let utf8 = String(validating: line, as: UTF8.self) {
      text = utf8
    } else if let decoded = gb18030.decode(line) {
      text = decoded
      textIsLine = false
      counts.gb18030 += 1
    } else {
      text = String(decoding: line, as: UTF8.self)
      textIsLine = false
      encodingProblem = true
      counts.undecodable += 1
    }

    let normalized: String
    let valid: Bool
    let reasons: IDReasons
    let kind: IDKind?
    let id: ParsedID?
    switch engine.read(text) {
    case .id(let parsed):
      tally.add(parsed)
      id = parsed
      normalized = parsed.normalized
      valid = parsed.isValid && !encodingProblem
      reasons = parsed.reasonSet
      kind = parsed.kind
    case .certificate(let cert):
      id = cert.id
      normalized = cert.normalized
      valid = cert.isWellFormed && cert.id?.isValid == true && !encodingProblem
      reasons = cert.reasonSet.union(cert.id?.reasonSet ?? [])
      kind = .disabilityCert
    }
    if valid { counts.valid += 1 } else { counts.invalid += 1 }
    let name = id?.regionNameUTF8 ?? UnsafeBufferPointer(start: nil, count: 0)

    // Worst case: every byte of a quoted field doubled, and every reason code.
    out.reserve(2 * (line.count + text.utf8.count + normalized.utf8.count + name.count) + 1024)
    var w = RowWriter(out.base + out.count)
    if textIsLine { w.field(line) } else { w.field(text) }
    w.byte(0x2C)
    if textIsLine && normalized == text { w.field(line) } else { w.field(normalized) }
    w.ascii(valid ? ",valid," : ",invalid,")
    var first = true
    if encodingProblem {
      w.ascii("ROW_ENCODING")
      first = false
    }
    var bits = reasons.rawValue
    while bits != 0 {
      if !first { w.byte(UInt8(ascii: ";")) }
      first = false
      w.reason(bits.trailingZeroBitCount)
      bits &= bits - 1
    }
    w.byte(0x2C)
    if let kind { w.ascii(IDLineChecker.text(of: kind)) }
    w.byte(0x2C)
    if let d = id?.birthDate { w.date(d) }
    w.byte(0x2C)
    if let sex = id?.sex { w.ascii(sex == .male ? "male" : "female") }
    w.byte(0x2C)
    if let code = id?.regionCodeNumber, code > 0 { w.sixDigits(Int(code)) }
    w.byte(0x2C)
    w.field(name)
    w.byte(0x0A)
    out.count += w.count
  }

  static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    var any: UInt8 = 0
    for byte in b { any |= byte }
    return any < 0x80
  }

  static func text(of kind: IDKind) -> StaticString {
    switch kind {
    case .resident: "resident"
    case .residentLegacy15: "resident-legacy15"
    case .hkMacaoPermit: "hk-macao-permit"
    case .taiwanPermit: "taiwan-permit"
    case .foreignPermanent: "foreign-permanent"
    case .disabilityCert: "disability-cert"
    }
  }
}

/// A growable block of output bytes, written through a pointer (no reference counting, no
/// exclusivity checks). Its owner calls `free()`.
struct OutputBuffer {
  private(set) var base: UnsafeMutablePointer<UInt8>
  var count = 0
  private(set) var capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
  }

  /// Makes room for `extra` more bytes after `count`.
  @inline(__always)
  mutating func reserve(_ extra: Int) {
    if count + extra > capacity { grow(to: count + extra) }
  }

  private mutating func grow(to needed: Int) {
    let newCapacity = max(needed, capacity * 2)
    let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
    newBase.update(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }

  mutating func append(_ bytes: [UInt8]) {
    reserve(bytes.count)
    bytes.withUnsafeBufferPointer { (base + count).update(from: $0.baseAddress!, count: $0.count) }
    count += bytes.count
  }

  func free() { base.deallocate() }
}

/// Writes one CSV row into memory reserved for it (no bounds checks: the caller reserves the
/// worst case).
struct RowWriter {
  let start: UnsafeMutablePointer<UInt8>
  var count = 0

  init(_ start: UnsafeMutablePointer<UInt8>) { self.start = start }

  /// The codes of the ID section, as bytes (`IDReasons` bit order).
  static let reasonCodes: [[UInt8]] = IDReasons.all.map { Array($0.code.utf8) }

  @inline(__always) mutating func byte(_ b: UInt8) {
    start[count] = b
    count += 1
  }

  @inline(__always) mutating func bytes(_ b: UnsafeBufferPointer<UInt8>) {
    guard let base = b.baseAddress else { return }
    if b.count <= 32 {
      for i in 0..<b.count { start[count + i] = base[i] }
    } else {
      (start + count).update(from: base, count: b.count)
    }
    count += b.count
  }

  @inline(__always) mutating func ascii(_ text: StaticString) {
    bytes(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  mutating func reason(_ bit: Int) {
    RowWriter.reasonCodes[bit].withUnsafeBufferPointer { bytes($0) }
  }

  /// A CSV field from a string.
  mutating func field(_ text: String) {
    var text = text
    text.withUTF8 { field($0) }
  }

  /// A CSV field, quoted when it holds a comma, a quote, CR or LF (RFC 4180).
  mutating func field(_ b: UnsafeBufferPointer<UInt8>) {
    // The four special bytes are all below 0x2D; digits and letters are above it, so one
    // minimum over the field settles the common case.
    var smallest: UInt8 = 0xFF
    for c in b { smallest = min(smallest, c) }
    if smallest >= 0x2D { return bytes(b) }
    var needsQuotes = false
    for c in b where c == 0x2C || c == 0x22 || c == 0x0A || c == 0x0D {
      needsQuotes = true
      break
    }
    guard needsQuotes else { return bytes(b) }
    byte(0x22)
    for c in b {
      if c == 0x22 { byte(0x22) }
      byte(c)
    }
    byte(0x22)
  }

  /// `YYYY-MM-DD`.
  mutating func date(_ d: CalendarDate) {
    let p = start + count
    let y = d.year
    p[0] = UInt8(y / 1000 % 10) + 48
    p[1] = UInt8(y / 100 % 10) + 48
    p[2] = UInt8(y / 10 % 10) + 48
    p[3] = UInt8(y % 10) + 48
    p[4] = UInt8(ascii: "-")
    p[5] = UInt8(d.month / 10 % 10) + 48
    p[6] = UInt8(d.month % 10) + 48
    p[7] = UInt8(ascii: "-")
    p[8] = UInt8(d.day / 10 % 10) + 48
    p[9] = UInt8(d.day % 10) + 48
    count += 10
  }

  /// A six-digit number.
  mutating func sixDigits(_ value: Int) {
    let p = start + count
    p[0] = UInt8(value / 100_000 % 10) + 48
    p[1] = UInt8(value / 10_000 % 10) + 48
    p[2] = UInt8(value / 1000 % 10) + 48
    p[3] = UInt8(value / 100 % 10) + 48
    p[4] = UInt8(value / 10 % 10) + 48
    p[5] = UInt8(value % 10) + 48
    count += 6
  }
}

/// Decodes GB18030 (a superset of GBK and GB2312) with the C library's iconv.
final class GB18030Decoder {
  private let cd: iconv_t?

  init() {
    let cd = iconv_open("UTF-8", "GB18030")
    self.cd = cd == iconv_t(bitPattern: -1) ? nil : cd
  }

  deinit { if let cd { iconv_close(cd) } }

  /// The text of `bytes`, or nil when they are not valid GB18030.
  func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    guard let cd, let base = bytes.baseAddress else { return bytes.isEmpty ? "" : nil }
    iconv(cd, nil, nil, nil, nil)  // reset the shift state
    let capacity = bytes.count * 4 + 4
    var output = [UInt8](repeating: 0, count: capacity)
    var inLeft = bytes.count
    var outLeft = capacity
    let ok = output.withUnsafeMutableBufferPointer { out -> Bool in
      var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
        .assumingMemoryBound(to: CChar.self)
      var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress!)
        .assumingMemoryBound(to: CChar.self)
      return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 && inLeft == 0
    }
    guard ok else { return nil }
    return String(validating: output[0..<(capacity - outLeft)], as: UTF8.self)
  }
}

/// Reads a file descriptor in large blocks and hands out its lines (split on LF, without it).
struct LineReader {
  let fd: Int32
  private(set) var lineNumber = 0
  static let blockSize = 1 << 17

  init(fd: Int32) { self.fd = fd }

  /// A failed read(2), at the 1-based line it would have started.
  struct ReadError: Error {
    var line: Int
    var reason: String
  }

  /// Calls `body` with each line; stops early when it returns false.
  mutating func forEachLine(_ body: (UnsafeBufferPointer<UInt8>) -> Bool) throws {
    var buffer = [UInt8](repeating: 0, count: LineReader.blockSize)
    var start = 0  // first byte of the current (incomplete) line
    var end = 0  // bytes in the buffer
    var eof = false
    while !eof {
      if start > 0 {
        // Move the incomplete line to the front.
        let remaining = end - start
        if remaining > 0 {
          buffer.withUnsafeMutableBufferPointer { b in
            _ = memmove(b.baseAddress!, b.baseAddress! + start, remaining)
          }
        }
        end = remaining
        start = 0
      }
      if end == buffer.count {
        buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
      }
      let n = buffer.withUnsafeMutableBufferPointer { b in
        read(fd, b.baseAddress! + end, b.count - end)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw ReadError(line: lineNumber + 1, reason: errorText())
      }
      if n == 0 { eof = true }
      end += n
      var stop = false
      buffer.withUnsafeBufferPointer { b in
        var i = start
        while i < end {
          guard let nl = memchr(b.baseAddress! + i, 0x0A, end - i) else { break }
          let lineEnd = b.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self))
          lineNumber += 1
          if !body(UnsafeBufferPointer(rebasing: b[start..<lineEnd])) {
            stop = true
            return
          }
          start = lineEnd + 1
          i = start
        }
        if eof && start < end {
          lineNumber += 1
          if !body(UnsafeBufferPointer(rebasing: b[start..<end])) { stop = true }
          start = end
        }
      }
      if stop { return }
    }
  }
}

/// Buffered writes to a file descriptor.
struct FDWriter {
  let fd: Int32
  let file: String
  var buffer = OutputBuffer(capacity: FDWriter.flushThreshold + 16_384)
  static let flushThreshold = 1 << 17

  init(fd: Int32, file: String) {
    self.fd = fd
    self.file = file
  }

  mutating func flush() throws {
    var offset = 0
    while offset < buffer.count {
      let n = write(fd, buffer.base + offset, buffer.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        throw IDCommandError.cannotWrite(file: file, reason: errorText())
      }
      offset += n
    }
    buffer.count = 0
  }
}

/// The C library's message for `errno`.
func errorText() -> String { String(cString: strerror(errno)) }
