/// Masks identity numbers for logs, messages and the HTML report (§8 of the data contract).
///
/// The first six characters (the address code) and the last four stay; everything between
/// becomes `*`. Short strings are masked except for their last character.
///
/// ```swift
/// IDMask.mask("62122520080101002X") == "621225********002X"
/// ```
public enum IDMask {
  public static func mask(_ id: String) -> String {
    // ASCII without carriage returns (every ID there is): one character a byte, so the mask
    // is made on bytes, without breaking the text into characters.
    let fast = id.utf8.withContiguousStorageIfAvailable { b -> String? in
      guard b.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { return nil }
      return String(unsafeUninitializedCapacity: b.count) { out in
        for i in 0..<b.count { out[i] = maskedASCII(b, at: i) }
        return b.count
      }
    }
    if let fast, let fast { return fast }
    return maskCharacters(id)
  }

  /// Appends ``mask(_:)`` of an ID given as ASCII bytes (without carriage returns) to `out`,
  /// for text built as bytes.
  ///
  /// ```swift
  /// var out: [UInt8] = []
  /// Array("62122520080101002X".utf8).withUnsafeBufferPointer { IDMask.appendMasked($0, to: &out) }
  /// String(decoding: out, as: UTF8.self) == "621225********002X"
  /// ```
  public static func appendMasked(_ id: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    for i in 0..<id.count { out.append(maskedASCII(id, at: i)) }
  }

  /// Byte `i` of the mask of the ASCII ID `b`: kept, or `*`.
  @inline(__always) static func maskedASCII(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> UInt8 {
    let n = b.count
    let starred = n >= 11 ? (i >= 6 && i < n - 4) : i < max(0, n == 1 ? 1 : n - 1)
    return starred ? 0x2A : b[i]
  }

  /// ``mask(_:)`` character by character (any text).
  static func maskCharacters(_ id: String) -> String {
    let chars = Array(id)
    if chars.count >= 11 {
      return String(chars[..<6]) + String(repeating: "*", count: chars.count - 10)
        + String(chars[(chars.count - 4)...])
    }
    if chars.count <= 1 { return String(repeating: "*", count: chars.count) }
    return String(repeating: "*", count: chars.count - 1) + String(chars[chars.count - 1])
  }
}

/// A stable 64-bit hash (FNV-1a) for identifiers derived from content, such as unit IDs and
/// duplicate-group IDs: the same input gives the same value on every machine and every run.
///
/// ```swift
/// StableHash.hex("621225200801010021").count == 16
/// ```
public enum StableHash {
  /// FNV-1a over the UTF-8 bytes, finished with MurmurHash3's 64-bit mix so that similar
  /// inputs (IDs differing in one digit) give unrelated-looking values.
  public static func fnv1a64(_ text: String) -> UInt64 {
    text.withUTF8Bytes { fnv1a64(bytes: $0) }
  }

  /// ``fnv1a64(_:)`` of text given as its UTF-8 bytes.
  ///
  /// ```swift
  /// Array("G-1".utf8).withUnsafeBufferPointer { StableHash.fnv1a64(bytes: $0) }
  ///   == StableHash.fnv1a64("G-1")
  /// ```
  public static func fnv1a64(bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    hash ^= hash >> 33
    hash = hash &* 0xff51_afd7_ed55_8ccd
    hash ^= hash >> 33
    hash = hash &* 0xc4ce_b9fe_1a85_ec53
    hash ^= hash >> 33
    return hash
  }

  /// `prefix`, then the hash as 16 upper-case hexadecimal digits: one string, built in place
  /// (units and groups are named so by the hundred thousand).
  ///
  /// ```swift
  /// StableHash.hex("11010519491231002X", prefix: "P-")  // "P-" and 16 digits 0–9 A–F
  /// ```
  public static func hex(_ text: String, prefix: String = "") -> String {
    hex(value: fnv1a64(text), prefix: prefix)
  }

  /// ``hex(_:prefix:)`` of text given as its UTF-8 bytes.
  public static func hex(bytes: UnsafeBufferPointer<UInt8>, prefix: String = "") -> String {
    hex(value: fnv1a64(bytes: bytes), prefix: prefix)
  }

  static func hex(value: UInt64, prefix: String) -> String {
    let p = prefix.utf8.count
    return String(unsafeUninitializedCapacity: p + 16) { out in
      var i = 0
      for b in prefix.utf8 {
        out[i] = b
        i += 1
      }
      for k in 0..<16 {
        let d = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * k)) & 0xF
        out[i + k] = d < 10 ? 0x30 + d : 0x37 + d  // 0x37 + 10 is "A"
      }
      return p + 16
    }
  }
}

extension IDMask {
  /// Masks every identity-number-like run (15 to 18 digits, the last possibly X) inside free
  /// text: a safety net for text that reaches the HTML report or a log.
  ///
  /// ```swift
  /// IDMask.scrub("see 62122520080101002X, line 4") == "see 621225********002X, line 4"
  /// ```
  public static func scrub(_ text: String) -> String {
    let bytes = Array(text.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    var changed = false
    while i < bytes.count {
      if isDigit(bytes[i]) && (i == 0 || !isDigit(bytes[i - 1])) {
        var j = i
        while j < bytes.count, isDigit(bytes[j]) { j += 1 }
        if j < bytes.count, bytes[j] == 0x58 || bytes[j] == 0x78, j - i == 17 { j += 1 }
        let length = j - i
        if length >= 15 && length <= 18 {
          let masked = mask(String(decoding: bytes[i..<j], as: UTF8.self))
          out.append(contentsOf: masked.utf8)
          changed = true
        } else {
          out.append(contentsOf: bytes[i..<j])
        }
        i = j
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return changed ? String(decoding: out, as: UTF8.self) : text
  }
}
