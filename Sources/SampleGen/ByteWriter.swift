/// An append-only byte buffer with the few formatting helpers the renderers need: text,
/// zero-padded numbers, CSV fields. Rendering appends straight into it (no per-field
/// `String`s), which is what makes a province of six million records quick to write.
struct ByteWriter {
  var bytes: [UInt8] = []

  init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

  var count: Int { bytes.count }

  @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }

  @inline(__always) mutating func text(_ s: String) {
    var s = s
    s.withUTF8 { bytes.append(contentsOf: $0) }
  }

  @inline(__always) mutating func text(_ s: StaticString) {
    s.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  @inline(__always) mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

  /// `value` in decimal, left-padded with zeros to `width` digits.
  mutating func digits(_ value: UInt64, width: Int) {
    var v = value
    var tmp: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
              UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    withUnsafeMutableBytes(of: &tmp) { buf in
      repeat {
        buf[n] = 0x30 + UInt8(v % 10)
        v /= 10
        n += 1
      } while v > 0 && n < 20
      while n < width && n < 20 {
        buf[n] = 0x30
        n += 1
      }
      for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(buf[i]) }
    }
  }

  /// `value` in decimal, no padding.
  @inline(__always) mutating func number(_ value: Int) {
    if value < 0 {
      bytes.append(0x2D)
      digits(UInt64(-value), width: 1)
    } else {
      digits(UInt64(value), width: 1)
    }
  }

  /// A CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break.
  mutating func csvField(_ s: String, separator: UInt8 = 0x2C) {
    var s = s
    let plain = s.withUTF8 { b -> Bool in
      if b.contains(where: { $0 == separator || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) { return false }
      bytes.append(contentsOf: b)
      return true
    }
    if plain { return }
    bytes.append(0x22)
    for b in s.utf8 {
      if b == 0x22 { bytes.append(0x22) }
      bytes.append(b)
    }
    bytes.append(0x22)
  }

  /// Text for XML content or a double-quoted attribute.
  mutating func xmlText(_ s: String) {
    var s = s
    s.withUTF8 { b in
      if !b.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) {
        bytes.append(contentsOf: b)
        return
      }
      for c in b {
        switch c {
        case 0x26: bytes.append(contentsOf: "&amp;".utf8)
        case 0x3C: bytes.append(contentsOf: "&lt;".utf8)
        case 0x3E: bytes.append(contentsOf: "&gt;".utf8)
        case 0x22: bytes.append(contentsOf: "&quot;".utf8)
        default: bytes.append(c)
        }
      }
    }
  }
}
