#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import ResidentID

// `rostercheck id [FILE]`: one raw value per line in, one CSV row per line out (§3 of the
// contract). Streaming: the input is read in large blocks and the output is buffered, so a
// million lines take about a second.

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
    var writer = FDWriter(fd: output, file: "(output)")
    if byteOrderMark { writer.buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
    writer.buffer.append(contentsOf: idCSVHeader.utf8)
    writer.buffer.append(0x0A)

    var reader = LineReader(fd: input)
    var failure: (any Error)?
    do {
      try reader.forEachLine { line in
        checker.appendRow(line: line, to: &writer.buffer)
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
  public mutating func appendRow(line rawLine: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var line = rawLine
    if let last = line.last, last == 0x0D { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
    if counts.lines == 0, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
      line = UnsafeBufferPointer(rebasing: line.dropFirst(3))  // UTF-8 byte-order mark
    }
    counts.lines += 1
    var encodingProblem = false
    let text: String
    if IDLineChecker.isASCII(line) {
      text = String(decoding: line, as: UTF8.self)
    } else if let utf8 = String(validating: line, as: UTF8.self) {
      text = utf8
    } else if let decoded = gb18030.decode(line) {
      text = decoded
      counts.gb18030 += 1
    } else {
      text = String(decoding: line, as: UTF8.self)
      encodingProblem = true
      counts.undecodable += 1
    }

    switch engine.read(text) {
    case .id(let id):
      tally.add(id)
      let valid = id.isValid && !encodingProblem
      count(valid: valid)
      IDLineChecker.appendField(text, to: &out)
      out.append(0x2C)
      IDLineChecker.appendField(id.normalized, to: &out)
      IDLineChecker.appendStatus(valid: valid, id.reasonSet, encodingProblem, to: &out)
      IDLineChecker.appendDetails(
        kind: id.kind, birthDate: id.birthDate, sex: id.sex, regionCode: id.regionCodeNumber,
        to: &out)
      id.withRegionNameUTF8 { IDLineChecker.appendField($0, to: &out) }
      out.append(0x0A)
    case .certificate(let cert):
      let idPart = cert.id
      let valid = cert.isWellFormed && idPart?.isValid == true && !encodingProblem
      count(valid: valid)
      IDLineChecker.appendField(text, to: &out)
      out.append(0x2C)
      IDLineChecker.appendField(cert.normalized, to: &out)
      let reasons = cert.reasonSet.union(idPart?.reasonSet ?? [])
      IDLineChecker.appendStatus(valid: valid, reasons, encodingProblem, to: &out)
      IDLineChecker.appendDetails(
        kind: .disabilityCert, birthDate: idPart?.birthDate, sex: idPart?.sex,
        regionCode: idPart?.regionCodeNumber ?? 0, to: &out)
      idPart?.withRegionNameUTF8 { IDLineChecker.appendField($0, to: &out) }
      out.append(0x0A)
    }
  }

  private mutating func count(valid: Bool) {
    if valid { counts.valid += 1 } else { counts.invalid += 1 }
  }

  static func isASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    var any: UInt8 = 0
    for byte in b { any |= byte }
    return any < 0x80
  }

  /// The codes of the ID section, as bytes (`IDReasons` bit order).
  static let reasonCodes: [[UInt8]] = IDReasons.all.map { Array($0.code.utf8) }

  /// `,valid,` or `,invalid,`, then the `;`-separated codes and a comma.
  static func appendStatus(
    valid: Bool, _ reasons: IDReasons, _ encodingProblem: Bool, to out: inout [UInt8]
  ) {
    appendASCII(valid ? ",valid," : ",invalid,", to: &out)
    var first = true
    if encodingProblem {
      out.append(contentsOf: Reason.rowEncoding.code.utf8)
      first = false
    }
    var bits = reasons.rawValue
    while bits != 0 {
      if !first { out.append(UInt8(ascii: ";")) }
      first = false
      out.append(contentsOf: reasonCodes[bits.trailingZeroBitCount])
      bits &= bits - 1
    }
    out.append(0x2C)
  }

  /// `kind,birth_date,sex,region_code,` (the region name follows).
  static func appendDetails(
    kind: IDKind?, birthDate: CalendarDate?, sex: Sex?, regionCode: Int32, to out: inout [UInt8]
  ) {
    if let kind {
      let text: StaticString =
        switch kind {
        case .resident: "resident"
        case .residentLegacy15: "resident-legacy15"
        case .hkMacaoPermit: "hk-macao-permit"
        case .taiwanPermit: "taiwan-permit"
        case .foreignPermanent: "foreign-permanent"
        case .disabilityCert: "disability-cert"
        }
      appendASCII(text, to: &out)
    }
    out.append(0x2C)
    if let d = birthDate {
      appendDigits(d.year, width: 4, to: &out)
      out.append(UInt8(ascii: "-"))
      appendDigits(d.month, width: 2, to: &out)
      out.append(UInt8(ascii: "-"))
      appendDigits(d.day, width: 2, to: &out)
    }
    out.append(0x2C)
    if let sex { appendASCII(sex == .male ? "male" : "female", to: &out) }
    out.append(0x2C)
    if regionCode > 0 { appendDigits(Int(regionCode), width: 6, to: &out) }
    out.append(0x2C)
  }

  static func appendASCII(_ text: StaticString, to out: inout [UInt8]) {
    out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// `value` in decimal, zero-padded to `width` digits (at most 8).
  static func appendDigits(_ value: Int, width: Int, to out: inout [UInt8]) {
    var digits: UInt64 = 0
    var v = value
    var n = 0
    repeat {
      digits = digits << 8 | UInt64(v % 10 + 48)
      v /= 10
      n += 1
    } while (v > 0 || n < width) && n < 8
    // The first digit ended up in the lowest byte: in memory (little-endian) the digits are in
    // writing order.
    withUnsafeBytes(of: digits.littleEndian) { out.append(contentsOf: $0[0..<n]) }
  }

  /// Appends a CSV field, quoted when it holds a comma, a quote, CR or LF (RFC 4180).
  static func appendField(_ field: String, to out: inout [UInt8]) {
    var field = field
    field.withUTF8 { appendField($0, to: &out) }
  }

  static func appendField(_ field: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var needsQuotes = false
    for b in field where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
      needsQuotes = true
      break
    }
    guard needsQuotes else {
      out.append(contentsOf: field)
      return
    }
    out.append(0x22)
    for b in field {
      if b == 0x22 { out.append(0x22) }
      out.append(b)
    }
    out.append(0x22)
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
  static let blockSize = 1 << 20

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
      if end == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
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
  var buffer: [UInt8] = []
  static let flushThreshold = 1 << 18

  init(fd: Int32, file: String) {
    self.fd = fd
    self.file = file
    buffer.reserveCapacity(FDWriter.flushThreshold + 4096)
  }

  mutating func flush() throws {
    var offset = 0
    while offset < buffer.count {
      let n = buffer.withUnsafeBufferPointer { b in
        write(fd, b.baseAddress! + offset, b.count - offset)
      }
      if n < 0 {
        if errno == EINTR { continue }
        throw IDCommandError.cannotWrite(file: file, reason: errorText())
      }
      offset += n
    }
    buffer.removeAll(keepingCapacity: true)
  }
}

/// The C library's message for `errno`.
func errorText() -> String { String(cString: strerror(errno)) }
