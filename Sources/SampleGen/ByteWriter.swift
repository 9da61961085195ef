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
    var needs = false
    for b in s.utf8 where b == separator || b == 0x22 || b == 0x0A || b == 0x0D {
      needs = true
      break
    }
    if !needs {
      text(s)
      return
    }
    bytes.append(0x22)
    for b in s.utf8 {
      if b == 0x22 { bytes.append(0x22) }
      bytes.append(b)
    }
    bytes.append(0x22)
  }

  /// Text for XML content or a double-quoted attribute.
  mutating func xmlText(_ s: String) {
    for b in s.utf8 {
      switch b {
      case 0x26: text("&amp;")
      case 0x3C: text("&lt;")
      case 0x3E: text("&gt;")
      case 0x22: text("&quot;")
      default: bytes.append(b)
      }
    }
  }
}
