#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

#if canImport(Glibc)
  private let sysRead = Glibc.read
#else
  private let sysRead = Darwin.read
#endif

/// Where raw bytes come from: a file descriptor or bytes in memory.
protocol ByteSource: AnyObject {
  /// Reads up to `count` bytes into `into`; 0 at the end.
  func read(into: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int
}

final class FileByteSource: ByteSource {
  private let fd: Int32
  private let name: String

  init(path: String, name: String) throws {
    fd = open(path, O_RDONLY | O_CLOEXEC)
    self.name = name
    if fd < 0 {
      throw IngestError(
        file: name, message: "cannot open the file: \(String(cString: strerror(errno)))")
    }
    var st = stat()
    if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
      close(fd)
      throw IngestError(file: name, message: "is a folder, not a roster file")
    }
  }

  deinit { close(fd) }

  func read(into: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
    while true {
      let n = sysRead(fd, into, count)
      if n >= 0 { return n }
      if errno == EINTR { continue }
      throw IngestError(file: name, message: "read error: \(String(cString: strerror(errno)))")
    }
  }
}

final class MemoryByteSource: ByteSource {
  private let bytes: [UInt8]
  private var offset = 0
  init(_ bytes: [UInt8]) { self.bytes = bytes }
  func read(into: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
    let n = min(count, bytes.count - offset)
    if n > 0 {
      bytes.withUnsafeBufferPointer { into.update(from: $0.baseAddress! + offset, count: n) }
      offset += n
    }
    return n
  }
}

/// Serves `prefix` first (the bytes already read to detect the encoding), then `rest`.
final class PrefixedByteSource: ByteSource {
  private var prefix: [UInt8]
  private var offset = 0
  private let rest: any ByteSource
  init(prefix: [UInt8], rest: any ByteSource) {
    self.prefix = prefix
    self.rest = rest
  }
  func read(into: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
    if offset < prefix.count {
      let n = min(count, prefix.count - offset)
      prefix.withUnsafeBufferPointer { into.update(from: $0.baseAddress! + offset, count: n) }
      offset += n
      if offset == prefix.count { prefix = [] ; offset = Int.max }
      return n
    }
    return try rest.read(into: into, count: count)
  }
}

/// Reads up to `count` bytes, looping over short reads.
func readFully(_ source: any ByteSource, count: Int) throws -> [UInt8] {
  var out = [UInt8](repeating: 0, count: count)
  var got = 0
  try out.withUnsafeMutableBufferPointer { b in
    while got < count {
      let n = try source.read(into: b.baseAddress! + got, count: count - got)
      if n == 0 { break }
      got += n
    }
  }
  out.removeSubrange(got...)
  return out
}

/// A window of UTF-8 text decoded from a byte source, for the CSV scanner.
///
/// The scanner looks at `buf[pos..<end]`. `fill()` moves the unread part to the front and
/// appends newly decoded text, so memory is bounded by the capacity whatever the file size.
/// UTF-8 input is read in place; GB18030 goes through glibc iconv and UTF-16 through a small
/// converter. Input bytes that are invalid in the encoding become U+FFFD and their output
/// positions are remembered in `invalid`, so the row holding them can be rejected.
final class DecodedWindow {
  enum Mode {
    case passthrough
    /// GB18030 through iconv only.
    case iconv(iconv_t)
    /// GB18030 through a two-byte table built with iconv, iconv for four-byte sequences.
    case gb18030(iconv_t, GB18030Table)
    case utf16(bigEndian: Bool)
  }

  let buf: UnsafeMutablePointer<UInt8>
  let capacity: Int
  @exclusivity(unchecked) var pos = 0
  @exclusivity(unchecked) var end = 0
  /// The source is exhausted and everything decoded.
  @exclusivity(unchecked) var sourceDone = false
  /// Positions (in `buf`) of U+FFFD written for invalid input, ascending, from `invalidHead`.
  @exclusivity(unchecked) var invalid: [Int] = []
  @exclusivity(unchecked) var invalidHead = 0
  /// Raw bytes consumed from the source.
  @exclusivity(unchecked) var bytesRead = 0
  /// UTF-8 read in place: `buf[checkedStart..<checkedEnd]`, whole lines of the last fill,
  /// checked at once, and whether they are valid UTF-8 (then a row inside needs no check of
  /// its own; on a row-by-row check the CJK rows of a roster spent an eighth of their time).
  @exclusivity(unchecked) private(set) var checkedStart = 0
  @exclusivity(unchecked) private(set) var checkedEnd = 0
  @exclusivity(unchecked) private(set) var checkedValid = false

  private let mode: Mode
  private let source: any ByteSource
  private let chunk: Int
  @exclusivity(unchecked) private var raw: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) private var rawPos = 0
  @exclusivity(unchecked) private var rawEnd = 0
  @exclusivity(unchecked) private var rawEOF = false

  init(
    source: any ByteSource, encoding: TextEncoding, chunk: Int, maxRow: Int,
    gb18030Table: Bool = true
  ) throws {
    self.source = source
    self.chunk = max(chunk, 64)
    capacity = maxRow + 3 * self.chunk + 64
    // 32 bytes of padding: the reader loads short fields a word at a time.
    buf = .allocate(capacity: capacity + 32)
    buf.initialize(repeating: 0, count: capacity + 32)
    raw = .allocate(capacity: self.chunk + 8)
    switch encoding {
    case .utf8: mode = .passthrough
    case .utf16LE: mode = .utf16(bigEndian: false)
    case .utf16BE: mode = .utf16(bigEndian: true)
    case .gb18030:
      let cd = iconv_open("UTF-8", "GB18030")
      if cd == iconv_t(bitPattern: -1) {
        buf.deallocate()
        raw.deallocate()
        throw IngestError(
          file: "", message: "GB18030 is not available from the C library's iconv (install the gconv modules)")
      }
      if gb18030Table, let table = GB18030Table.shared {
        mode = .gb18030(cd!, table)
      } else {
        mode = .iconv(cd!)
      }
    }
  }

  deinit {
    switch mode {
    case .iconv(let cd), .gb18030(let cd, _): iconv_close(cd)
    default: break
    }
    buf.deallocate()
    raw.deallocate()
  }

  /// Moves `buf[pos..<end]` to the front and appends more text. Returns false (and sets
  /// `sourceDone`) when there is nothing more.
  func fill() throws -> Bool {
    if sourceDone { return false }
    compact()
    let produced: Bool
    switch mode {
    case .passthrough:
      let n = try source.read(into: buf + end, count: min(chunk, capacity - end))
      bytesRead += n
      end += n
      produced = n > 0
      checkLines()
    case .iconv(let cd): produced = try fillTranscoded { self.convertIconv(cd) }
    case .gb18030(let cd, let table): produced = try fillTranscoded { self.convertGB18030(cd, table) }
    case .utf16(let be): produced = try fillTranscoded { self.convertUTF16(bigEndian: be) }
    }
    if !produced { sourceDone = true }
    return produced
  }

  /// Checks the whole lines not checked yet (up to the last newline read) in one call.
  private func checkLines() {
    let from = max(checkedEnd, pos)
    var last = end - 1
    while last >= from && buf[last] != 0x0A { last -= 1 }
    guard last >= from else { return }
    let to = last + 1
    checkedStart = from
    checkedEnd = to
    checkedValid = UTF8Validation.isValid(buf + from, to - from)
  }

  /// True when `range` (a row: it starts and ends next to ASCII bytes, or at the start of
  /// the text) lies in lines checked as valid UTF-8.
  @inline(__always)
  func knownValid(_ range: Range<Int>) -> Bool {
    checkedValid && range.lowerBound >= checkedStart && range.upperBound <= checkedEnd
  }

  private func compact() {
    guard pos > 0 else { return }
    let n = end - pos
    if n > 0 { buf.update(from: buf + pos, count: n) }
    checkedStart = max(0, checkedStart - pos)
    checkedEnd = max(0, checkedEnd - pos)
    if checkedEnd == 0 { checkedValid = false }
    if invalidHead < invalid.count {
      var kept: [Int] = []
      for i in invalidHead..<invalid.count where invalid[i] >= pos { kept.append(invalid[i] - pos) }
      invalid = kept
    } else {
      invalid.removeAll(keepingCapacity: true)
    }
    invalidHead = 0
    end = n
    pos = 0
  }

  /// True when a U+FFFD for invalid input lies in `range`. Drops positions before `range`.
  func hasInvalid(in range: Range<Int>) -> Bool {
    while invalidHead < invalid.count && invalid[invalidHead] < range.lowerBound { invalidHead += 1 }
    return invalidHead < invalid.count && invalid[invalidHead] < range.upperBound
  }

  /// Same, without dropping anything.
  func peekInvalid(in range: Range<Int>) -> Bool {
    var i = invalidHead
    while i < invalid.count && invalid[i] < range.lowerBound { i += 1 }
    return i < invalid.count && invalid[i] < range.upperBound
  }

  private func fillTranscoded(_ convert: () -> Void) throws -> Bool {
    while true {
      let before = end
      if rawPos < rawEnd { convert() }
      if end > before { return true }
      if rawEOF {
        if rawPos < rawEnd {
          // An incomplete sequence at the end of the file.
          emitInvalid()
          rawPos = rawEnd
          return true
        }
        return false
      }
      // Need more raw bytes: keep the unconverted tail.
      let tail = rawEnd - rawPos
      if tail > 0 && rawPos > 0 { raw.update(from: raw + rawPos, count: tail) }
      rawPos = 0
      rawEnd = tail
      let n = try source.read(into: raw + rawEnd, count: chunk + 8 - rawEnd)
      bytesRead += n
      if n == 0 { rawEOF = true } else { rawEnd += n }
    }
  }

  private func emitInvalid() {
    invalid.append(end)
    buf[end] = 0xEF
    buf[end + 1] = 0xBF
    buf[end + 2] = 0xBD
    end += 3
  }

  private func convertIconv(_ cd: iconv_t) {
    while rawPos < rawEnd {
      let room = capacity - end
      if room < 16 { return }
      var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(raw + rawPos)
        .assumingMemoryBound(to: CChar.self)
      var inLeft = rawEnd - rawPos
      var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(buf + end)
        .assumingMemoryBound(to: CChar.self)
      var outLeft = room - 4
      let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
      let err = errno
      rawPos = rawEnd - inLeft
      end = capacity - 4 - outLeft
      if r != -1 { return }
      switch err {
      case EILSEQ:
        emitInvalid()
        rawPos += 1
      case EINVAL:
        // An incomplete sequence at the end of the raw buffer; at the end of the file, the
        // lead byte is invalid and decoding goes on after it (nothing valid is swallowed).
        guard rawEOF else { return }
        emitInvalid()
        rawPos += 1
      default:  // E2BIG: the output is full.
        return
      }
    }
  }

  /// GB18030: ASCII copied, two-byte codes looked up, four-byte codes through iconv. Gives
  /// what iconv gives, byte for byte (a test compares them), several times faster.
  private func convertGB18030(_ cd: iconv_t, _ table: GB18030Table) {
    var p = rawPos
    var o = end
    let limit = capacity - 8
    let raw = self.raw
    let rawEnd = self.rawEnd
    let rawEOF = self.rawEOF
    let buf = self.buf
    let t = table.utf8
    let source = UnsafeRawPointer(raw)
    let target = UnsafeMutableRawPointer(buf)
    while p < rawEnd && o < limit {
      // Eight ASCII bytes at a time.
      while p + 8 <= rawEnd && o + 8 <= limit {
        let w = source.loadUnaligned(fromByteOffset: p, as: UInt64.self)
        if w & 0x8080_8080_8080_8080 != 0 { break }
        target.storeBytes(of: w, toByteOffset: o, as: UInt64.self)
        p += 8
        o += 8
      }
      if p >= rawEnd || o >= limit { break }
      let c = raw[p]
      if c < 0x80 {
        buf[o] = c
        o += 1
        p += 1
        continue
      }
      // A two-byte character: its UTF-8 bytes straight from the table (four stored, the
      // window has room for them below `limit`).
      var twoByteEntry: UInt32 = 0
      if c >= 0x81 && c <= 0xFE && p + 1 < rawEnd {
        let c2 = raw[p + 1]
        if c2 >= 0x40 && c2 <= 0xFE && c2 != 0x7F {
          twoByteEntry = t[Int(c &- 0x81) &* 191 &+ Int(c2 &- 0x40)]
          if twoByteEntry != 0 && twoByteEntry != GB18030Table.askIconv {
            target.storeBytes(of: twoByteEntry, toByteOffset: o, as: UInt32.self)
            o &+= Int(twoByteEntry >> 24)
            p &+= 2
            continue
          }
        }
      }
      var u: UInt32 = 0
      var length = 1
      if c >= 0x81 && c <= 0xFE {
        if p + 1 >= rawEnd && !rawEOF { break }  // wait for the second byte
        if p + 1 < rawEnd {
          let c2 = raw[p + 1]
          if c2 >= 0x30 && c2 <= 0x39 {
            if p + 3 >= rawEnd && !rawEOF { break }  // wait for the four bytes
            if p + 3 < rawEnd, let scalar = GB18030Table.decode(cd, raw + p, count: 4) {
              u = scalar
              length = 4
            }
          } else if twoByteEntry == GB18030Table.askIconv,
            let scalar = GB18030Table.decode(cd, raw + p, count: 2)
          {
            // One of the few two-byte codes outside the BMP (not in the table).
            u = scalar
            length = 2
          }
        }
      }
      if u == 0 {
        // Not valid GB18030 here (or cut short by the end of the file): U+FFFD, and go on at
        // the next byte.
        invalid.append(o)
        u = 0xFFFD
      }
      o += writeUTF8(u, to: buf + o)
      p += length
    }
    rawPos = p
    end = o
  }

  private func convertUTF16(bigEndian: Bool) {
    var p = rawPos
    var o = end
    let limit = capacity - 8
    @inline(__always) func unit(_ i: Int) -> UInt32 {
      bigEndian
        ? UInt32(raw[i]) << 8 | UInt32(raw[i + 1])
        : UInt32(raw[i]) | UInt32(raw[i + 1]) << 8
    }
    while p + 1 < rawEnd && o < limit {
      var u = unit(p)
      var length = 2
      var unpaired = false
      if u >= 0xD800 && u <= 0xDBFF {
        if p + 3 >= rawEnd && !rawEOF { break }  // wait for the low surrogate
        let low = p + 3 < rawEnd ? unit(p + 2) : 0
        if low >= 0xDC00 && low <= 0xDFFF {
          u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
          length = 4
        } else {
          unpaired = true
        }
      } else if u >= 0xDC00 && u <= 0xDFFF {
        unpaired = true
      }
      if unpaired {
        invalid.append(o)
        u = 0xFFFD
      }
      o += writeUTF8(u, to: buf + o)
      p += length
    }
    rawPos = p
    end = o
  }
}

/// The two-byte codes of GB18030 (lead 0x81…0xFE, trail 0x40…0xFE but 0x7F) with their UTF-8
/// bytes, asked of glibc's iconv once per process. Each entry packs the bytes (first byte
/// lowest) with their count in the top byte; 0 is not a character; ``askIconv`` marks the
/// few codes glibc maps outside the Basic Multilingual Plane (0xFE51 → U+20087…), whose four
/// UTF-8 bytes do not fit beside a count: the decoder asks iconv for those, and only those.
final class GB18030Table: Sendable {
  /// Indexed by `(lead - 0x81) * 191 + (trail - 0x40)`; read through a pointer on the hot path.
  nonisolated(unsafe) let utf8: UnsafeMutablePointer<UInt32>

  static let shared: GB18030Table? = GB18030Table()

  /// The entry of a character outside the BMP (a count of 255 is never a real count).
  static let askIconv: UInt32 = 0xFF00_0000

  private init?() {
    let cd = iconv_open("UTF-32LE", "GB18030")
    if cd == iconv_t(bitPattern: -1) { return nil }
    defer { iconv_close(cd) }
    utf8 = .allocate(capacity: 126 * 191)
    utf8.initialize(repeating: 0, count: 126 * 191)
    for lead in 0x81...0xFE {
      for trail in 0x40...0xFE where trail != 0x7F {
        var input: [UInt8] = [UInt8(lead), UInt8(trail)]
        var output: [UInt32] = [0, 0]
        var inLeft = 2
        var outLeft = 8
        let r = input.withUnsafeMutableBytes { i in
          output.withUnsafeMutableBytes { o in
            var ip: UnsafeMutablePointer<CChar>? = i.baseAddress!.assumingMemoryBound(to: CChar.self)
            var op: UnsafeMutablePointer<CChar>? = o.baseAddress!.assumingMemoryBound(to: CChar.self)
            return iconv(cd, &ip, &inLeft, &op, &outLeft)
          }
        }
        // One character from exactly both bytes.
        guard r != -1 && inLeft == 0 && outLeft == 4 && output[0] != 0 else {
          _ = iconv(cd, nil, nil, nil, nil)  // reset the state after an error
          continue
        }
        if output[0] >= 0x10000 {
          utf8[(lead - 0x81) * 191 + (trail - 0x40)] = GB18030Table.askIconv
        } else {
          var bytes: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
          let n = withUnsafeMutableBytes(of: &bytes) { writeUTF8(output[0], to: $0.baseAddress!.assumingMemoryBound(to: UInt8.self)) }
          let packed = UInt32(bytes.0) | UInt32(bytes.1) << 8 | UInt32(bytes.2) << 16 | UInt32(n) << 24
          utf8[(lead - 0x81) * 191 + (trail - 0x40)] = packed
        }
        _ = iconv(cd, nil, nil, nil, nil)  // reset the state after an error
      }
    }
  }

  deinit { utf8.deallocate() }

  /// The scalar of the `count`-byte sequence at `p` (through `cd`, GB18030 → UTF-8), or nil
  /// when those bytes are not exactly one character.
  static func decode(_ cd: iconv_t, _ p: UnsafeMutablePointer<UInt8>, count: Int) -> UInt32? {
    var out: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
    var inLeft = count
    var outLeft = 8
    let r = withUnsafeMutableBytes(of: &out) { o -> Int in
      var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(p).assumingMemoryBound(to: CChar.self)
      var op: UnsafeMutablePointer<CChar>? = o.baseAddress!.assumingMemoryBound(to: CChar.self)
      return iconv(cd, &ip, &inLeft, &op, &outLeft)
    }
    _ = iconv(cd, nil, nil, nil, nil)
    guard r != -1, inLeft == 0 else { return nil }
    let n = 8 - outLeft
    let b = withUnsafeBytes(of: out) { Array($0.prefix(n)) }
    guard let scalar = String(decoding: b, as: UTF8.self).unicodeScalars.first,
      n == scalar.utf8.count
    else { return nil }
    return scalar.value
  }
}

/// Writes the UTF-8 bytes of the scalar `u` at `p`; returns how many (1…4).
@inline(__always)
func writeUTF8(_ u: UInt32, to p: UnsafeMutablePointer<UInt8>) -> Int {
  if u < 0x80 {
    p[0] = UInt8(u)
    return 1
  } else if u < 0x800 {
    p[0] = UInt8(0xC0 | (u >> 6))
    p[1] = UInt8(0x80 | (u & 0x3F))
    return 2
  } else if u < 0x10000 {
    p[0] = UInt8(0xE0 | (u >> 12))
    p[1] = UInt8(0x80 | ((u >> 6) & 0x3F))
    p[2] = UInt8(0x80 | (u & 0x3F))
    return 3
  }
  p[0] = UInt8(0xF0 | (u >> 18))
  p[1] = UInt8(0x80 | ((u >> 12) & 0x3F))
  p[2] = UInt8(0x80 | ((u >> 6) & 0x3F))
  p[3] = UInt8(0x80 | (u & 0x3F))
  return 4
}
