#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Transcodes generated UTF-8 text into a file's encoding with the C library's iconv, and
/// turns the invalid-byte markers into bytes the encoding does not allow.
enum Transcode {
  enum Failure: Error, CustomStringConvertible {
    case unavailable(String)
    case failed(String)
    var description: String {
      switch self {
      case .unavailable(let e): "iconv cannot convert UTF-8 to \(e) (install the C library's gconv modules)"
      case .failed(let e): "iconv failed converting to \(e)"
      }
    }
  }

  /// `utf8` in GB18030 (`"GB18030"`) or UTF-16LE (`"UTF-16LE"`, with a byte-order mark); markers
  /// become 0xFF.
  static func convert(_ utf8: [UInt8], to encoding: String) throws -> [UInt8] {
    guard let cd = iconv_open(encoding, "UTF-8"), cd != iconv_t(bitPattern: -1) else {
      throw Failure.unavailable(encoding)
    }
    defer { iconv_close(cd) }
    let factor = encoding == "UTF-16LE" ? 2 : 1
    var out = [UInt8](repeating: 0, count: utf8.count * factor + 16)
    var produced = 0
    var input = utf8
    let ok = input.withUnsafeMutableBytes { inBuf -> Bool in
      out.withUnsafeMutableBytes { outBuf -> Bool in
        var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
        var inLeft = inBuf.count
        var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress?.assumingMemoryBound(to: CChar.self)
        var outLeft = outBuf.count
        while inLeft > 0 {
          if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 { return false }
        }
        produced = outBuf.count - outLeft
        return true
      }
    }
    guard ok else { throw Failure.failed(encoding) }
    out.removeSubrange(produced...)
    if encoding == "UTF-16LE" { return [0xFF, 0xFE] + out }  // no invalid bytes are planted in UTF-16
    for i in out.indices where out[i] == invalidByteMarker { out[i] = 0xFF }
    return out
  }

  /// UTF-8 with a byte-order mark; markers become 0xFF.
  static func utf8WithBOM(_ utf8: [UInt8]) -> [UInt8] {
    var out = [UInt8]()
    out.reserveCapacity(utf8.count + 3)
    out += [0xEF, 0xBB, 0xBF]
    for b in utf8 { out.append(b == invalidByteMarker ? 0xFF : b) }
    return out
  }
}
