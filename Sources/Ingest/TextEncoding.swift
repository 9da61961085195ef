internal import CSIMD
/// A text encoding a roster file may be written in (§2.1 of the data contract).
///
/// ```swift
/// TextEncoding(name: "GBK") == .gb18030      // GBK is a subset of GB18030
/// TextEncoding.detect(prefix: [0xFF, 0xFE, 0x3D, 0x00]) == (.utf16LE, 2)
/// ```
public enum TextEncoding: String, Sendable, Hashable, Codable, CaseIterable {
  case utf8 = "utf-8"
  /// GB18030, which includes GBK and GB2312: Excel's "CSV" on Chinese Windows.
  case gb18030
  /// Excel's "Unicode text" (with a byte-order mark).
  case utf16LE = "utf-16le"
  case utf16BE = "utf-16be"

  /// Parses a user's `--encoding` value: `utf-8`, `utf8`, `gb18030`, `gbk`, `gb2312`, `cp936`,
  /// `utf-16le`, `utf-16be`, `utf-16` (little-endian unless a BOM says otherwise).
  public init?(name: String) {
    let n = String(name.lowercased().map { $0 == "_" ? "-" : $0 })
    switch n {
    case "utf-8", "utf8", "utf-8-sig": self = .utf8
    case "gb18030", "gbk", "gb2312", "cp936", "936", "gb-18030": self = .gb18030
    case "utf-16le", "utf16le", "utf-16", "utf16", "unicode", "ucs-2": self = .utf16LE
    case "utf-16be", "utf16be": self = .utf16BE
    default: return nil
    }
  }

  /// The name shown in reports (`UTF-8`, `GB18030`, `UTF-16LE`, `UTF-16BE`).
  public var displayName: String {
    switch self {
    case .utf8: "UTF-8"
    case .gb18030: "GB18030"
    case .utf16LE: "UTF-16LE"
    case .utf16BE: "UTF-16BE"
    }
  }

  /// The byte-order mark of the encoding.
  public var byteOrderMark: [UInt8] {
    switch self {
    case .utf8: [0xEF, 0xBB, 0xBF]
    case .gb18030: [0x84, 0x31, 0x95, 0x33]
    case .utf16LE: [0xFF, 0xFE]
    case .utf16BE: [0xFE, 0xFF]
    }
  }

  /// Guesses the encoding from the first bytes of a file; returns it with the length of its
  /// byte-order mark (0 when none).
  ///
  /// A BOM decides. Otherwise: many NUL bytes in alternate positions → UTF-16; UTF-8 when the
  /// sample is valid UTF-8, or its valid multi-byte sequences outnumber its invalid bytes
  /// ten to one (a UTF-8 file with a few damaged rows, which are then rejected one by one);
  /// anything else → GB18030.
  /// An all-ASCII sample reads as UTF-8; when later rows are GB18030, give `--encoding`.
  public static func detect(prefix: some Collection<UInt8>) -> (TextEncoding, bomLength: Int) {
    let bytes = Array(prefix)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
    if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LE, 2) }
    if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BE, 2) }
    if bytes.starts(with: [0x84, 0x31, 0x95, 0x33]) { return (.gb18030, 4) }
    // UTF-16 without a BOM: ASCII text leaves NUL in every other byte.
    let sample = bytes.prefix(4096)
    if sample.count >= 8 {
      var evenNUL = 0
      var oddNUL = 0
      for (i, b) in sample.enumerated() where b == 0 {
        if i & 1 == 0 { evenNUL += 1 } else { oddNUL += 1 }
      }
      let half = sample.count / 2
      if oddNUL * 10 >= half * 3 && evenNUL * 20 < half { return (.utf16LE, 0) }
      if evenNUL * 10 >= half * 3 && oddNUL * 20 < half { return (.utf16BE, 0) }
    }
    return (UTF8Validation.looksLikeUTF8(bytes) ? .utf8 : .gb18030, 0)
  }
}

/// UTF-8 validation (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF).
enum UTF8Validation {
  /// Valid, or at least ten valid multi-byte sequences per invalid byte.
  static func looksLikeUTF8(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { b in
      var valid = 0
      var invalid = 0
      var i = 0
      while i < b.count {
        if b[i] < 0x80 {
          i += 1
          continue
        }
        let rest = UnsafeBufferPointer(rebasing: b[i..<min(b.count, i + 4)])
        let n = validPrefixLength(rest, allowTruncatedEnd: true)
        if n == 0 {
          invalid += 1
          i += 1
        } else {
          // The first sequence of `rest` is valid: step over it.
          let c = b[i]
          let len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
          valid += 1
          i += len
        }
      }
      return invalid == 0 || valid >= 10 * invalid
    }
  }

  /// True when the `n` bytes at `p` are valid UTF-8.
  ///
  /// Eight bytes at a time for text of ASCII and three-byte sequences with a lead of E1…EC,
  /// EE or EF (CJK text), checking that continuation bytes stand exactly where those leads
  /// call for them; anything else (two- or four-byte sequences, leads E0 and ED whose second
  /// byte has a narrower range, invalid bytes) is left to
  /// ``validPrefixLength(_:allowTruncatedEnd:)``, a byte or a sequence at a time.
  @inline(__always)
  static func isValid(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    // Sixteen bytes at a time with SSSE3 (`CSIMD`), about twice as fast on CJK rows.
    let vector = rostercheck_utf8_valid(p, n)
    if vector >= 0 { return vector == 1 }
    return isValidWordwise(p, n)
  }

  /// ``isValid(_:_:)`` in Swift, eight bytes at a time: where the vector kernel is missing,
  /// and the reference the tests hold it to.
  @inline(__always)
  static func isValidWordwise(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    let raw = UnsafeRawPointer(p)
    let high: UInt64 = 0x8080_8080_8080_8080
    var carry: UInt64 = 0  // continuation bytes the last word's leads call for in this word
    var i = 0
    while i < n {
      let x: UInt64
      if i + 8 <= n {
        x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      } else if n >= 8 {
        // The last bytes: the word ending at `n`, its bytes before `i` shifted out (zeros,
        // which read as ASCII, come in at the top).
        x = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> UInt64(8 * (8 - (n - i)))
      } else {
        var w: UInt64 = 0
        for k in 0..<(n - i) { w |= UInt64(p[i + k]) << UInt64(8 * k) }
        x = w
      }
      i += 8
      let h = x & high
      if h == 0 && carry == 0 { continue }
      // Per byte, in bit 7: continuation 10xxxxxx, three-byte lead 1110xxxx.
      let cont = h & ~(x << 1)
      let lead = h & (x << 1) & (x << 2) & ~(x << 3)
      // Any other kind of byte, and leads E0 and ED (low nibble 0 or D), need the exact check.
      let nibble = x & 0x0F0F_0F0F_0F0F_0F0F
      let narrow = (zeroBytes(nibble) | zeroBytes(nibble ^ 0x0D0D_0D0D_0D0D_0D0D)) & lead
      if h & ~cont & ~lead != 0 || narrow != 0 {
        return validPrefixLength(UnsafeBufferPointer(start: p, count: n), allowTruncatedEnd: false) == n
      }
      if cont != (lead << 8) | (lead << 16) | carry { return false }
      carry = (lead >> 56) | (lead >> 48)
    }
    return carry == 0
  }

  /// Length of the longest valid prefix; with `allowTruncatedEnd`, a sequence cut off by the
  /// end of the buffer counts as valid.
  static func validPrefixLength(_ b: UnsafeBufferPointer<UInt8>, allowTruncatedEnd: Bool) -> Int {
    var i = 0
    let n = b.count
    while i < n {
      let c = b[i]
      if c < 0x80 {
        i += 1
        continue
      }
      var need = 0
      var lo: UInt8 = 0x80
      var hi: UInt8 = 0xBF
      switch c {
      case 0xC2...0xDF: need = 1
      case 0xE0: need = 2; lo = 0xA0
      case 0xE1...0xEC, 0xEE...0xEF: need = 2
      case 0xED: need = 2; hi = 0x9F
      case 0xF0: need = 3; lo = 0x90
      case 0xF1...0xF3: need = 3
      case 0xF4: need = 3; hi = 0x8F
      default: return i
      }
      if i + need >= n {
        // The sequence runs past the end of the buffer: check the bytes that are there.
        var j = i + 1
        while j < n {
          let t = b[j]
          if j == i + 1 ? (t < lo || t > hi) : (t < 0x80 || t > 0xBF) { return i }
          j += 1
        }
        return allowTruncatedEnd ? n : i
      }
      let t1 = b[i + 1]
      if t1 < lo || t1 > hi { return i }
      var k = 2
      while k <= need {
        let t = b[i + k]
        if t < 0x80 || t > 0xBF { return i }
        k += 1
      }
      i += need + 1
    }
    return n
  }
}

/// Bit 7 set in each byte of `x` that is zero, and only there (no borrow runs from byte to
/// byte, so every match is exact, not only the first): for finding bytes eight at a time.
///
/// ```swift
/// zeroBytes(0x4100_0042_0000_4343) == 0x0080_8000_8080_0000
/// ```
@inline(__always)
func zeroBytes(_ x: UInt64) -> UInt64 {
  let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
  return ~(((x & lows) &+ lows) | x | lows)
}

/// The UTF-8 check of the CSV reader, for the benchmarks: with the vector kernel or the
/// word-at-a-time Swift one.
@_spi(Benchmarks) public enum UTF8Check {
  public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>, vector: Bool) -> Bool {
    guard let p = bytes.baseAddress else { return true }
    return vector ? UTF8Validation.isValid(p, bytes.count) : UTF8Validation.isValidWordwise(p, bytes.count)
  }
}
