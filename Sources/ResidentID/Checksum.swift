/// The ISO 7064 MOD 11-2 check character of GB 11643-1999, and the conversions and corrections
/// built on it.
///
/// ```swift
/// IDChecksum.checkCharacter(for: "11010519491231002") == "X"
/// IDChecksum.upgrade15("610104620927690") == "610104196209276908"
/// IDChecksum.legacy15(from: "610104196209276908") == "610104620927690"
/// ```
public enum IDChecksum {
  /// The check character (as an ASCII byte) for a weighted sum mod 11.
  @inline(__always)
  static func character(forRemainder r: Int) -> UInt8 {
    // sum mod 11 → 1 0 X 9 8 7 6 5 4 3 2
    switch r {
    case 0: UInt8(ascii: "1")
    case 1: UInt8(ascii: "0")
    case 2: UInt8(ascii: "X")
    default: UInt8(12 - r) + 48
    }
  }

  /// The check byte for the 17 ASCII digits at the start of `b` (which must hold them); the
  /// weights of positions 1–17 are 2^(18 - i) mod 11: 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.
  @inline(__always)
  static func checkByte(_ b: UnsafeBufferPointer<UInt8>) -> UInt8 {
    var s = 0
    s &+= Int(b[0] &- 48) &* 7
    s &+= Int(b[1] &- 48) &* 9
    s &+= Int(b[2] &- 48) &* 10
    s &+= Int(b[3] &- 48) &* 5
    s &+= Int(b[4] &- 48) &* 8
    s &+= Int(b[5] &- 48) &* 4
    s &+= Int(b[6] &- 48) &* 2
    s &+= Int(b[7] &- 48) &* 1
    s &+= Int(b[8] &- 48) &* 6
    s &+= Int(b[9] &- 48) &* 3
    s &+= Int(b[10] &- 48) &* 7
    s &+= Int(b[11] &- 48) &* 9
    s &+= Int(b[12] &- 48) &* 10
    s &+= Int(b[13] &- 48) &* 5
    s &+= Int(b[14] &- 48) &* 8
    s &+= Int(b[15] &- 48) &* 4
    s &+= Int(b[16] &- 48) &* 2
    return character(forRemainder: s % 11)
  }

  /// The check character for 17 digits, or nil when `body` is not exactly 17 ASCII digits.
  ///
  /// ```swift
  /// IDChecksum.checkCharacter(for: "62122520080101002") == "X"
  /// ```
  public static func checkCharacter(for body: some StringProtocol) -> Character? {
    let bytes = Array(body.utf8)
    guard bytes.count == 17, bytes.allSatisfy({ $0 &- 48 < 10 }) else { return nil }
    return Character(Unicode.Scalar(bytes.withUnsafeBufferPointer { checkByte($0) }))
  }

  /// True when `id` is 17 digits followed by its correct check character (digits or `X` only;
  /// no normalization, no date or region checks).
  public static func hasValidCheck(_ id: some StringProtocol) -> Bool {
    let bytes = Array(id.utf8)
    guard bytes.count == 18, bytes[..<17].allSatisfy({ $0 &- 48 < 10 }) else { return false }
    return bytes.withUnsafeBufferPointer { checkByte($0) == $0[17] }
  }

  /// The 18-character form of a 15-digit legacy ID: `19` inserted before the date and the
  /// check character appended. Nil unless `id` is 15 ASCII digits. (No date or region check:
  /// see ``IDEngine/parse(_:)``.)
  public static func upgrade15(_ id: some StringProtocol) -> String? {
    let b = Array(id.utf8)
    guard b.count == 15, b.allSatisfy({ $0 &- 48 < 10 }) else { return nil }
    var out = Array(b[0..<6]) + [UInt8(ascii: "1"), UInt8(ascii: "9")] + Array(b[6..<15])
    let check = out.withUnsafeBufferPointer { checkByte($0) }
    out.append(check)
    return String(decoding: out, as: UTF8.self)
  }

  /// The 18-character form of 15 ASCII digits (which `b` must hold).
  static func upgraded(_ b: UnsafeBufferPointer<UInt8>) -> String {
    String(unsafeUninitializedCapacity: 18) { out in
      for i in 0..<6 { out[i] = b[i] }
      out[6] = UInt8(ascii: "1")
      out[7] = UInt8(ascii: "9")
      for i in 6..<15 { out[i + 2] = b[i] }
      out[17] = checkByte(UnsafeBufferPointer(out))
      return 18
    }
  }

  /// The 15-digit legacy form of an 18-character ID born in the 1900s (the reverse of
  /// ``upgrade15(_:)``), or nil when `id` is not 17 digits + a check character with century 19.
  public static func legacy15(from id: some StringProtocol) -> String? {
    let b = Array(id.utf8)
    guard b.count == 18, b[..<17].allSatisfy({ $0 &- 48 < 10 }),
      b[6] == UInt8(ascii: "1"), b[7] == UInt8(ascii: "9")
    else { return nil }
    return String(decoding: b[0..<6] + b[8..<17], as: UTF8.self)
  }

  /// Every 18-character string one edit away from `id` that passes the check: a substitution of
  /// one of the 17 digits, the check character replaced by the right one, or two adjacent
  /// characters swapped. Empty when `id` is not 18 characters of digits and `X`. The candidates
  /// are checked only for their check character; ``IDEngine/corrections(of:)`` keeps the fully
  /// valid ones.
  ///
  /// ```swift
  /// IDChecksum.checkPassingNeighbours(of: "11010519491231003X").contains("11010519491231002X")
  /// ```
  public static func checkPassingNeighbours(of id: some StringProtocol) -> [String] {
    let original = Array(id.utf8)
    guard original.count == 18, original[..<17].allSatisfy({ $0 &- 48 < 10 }),
      original[17] &- 48 < 10 || original[17] == UInt8(ascii: "X")
    else { return [] }
    var b = original
    var out: [String] = []
    func emitIfValid(_ c: [UInt8]) {
      let ok = c.withUnsafeBufferPointer { buf in
        buf[..<17].allSatisfy { $0 &- 48 < 10 } && checkByte(buf) == buf[17]
      }
      if ok && c != original { out.append(String(decoding: c, as: UTF8.self)) }
    }
    // Substitutions in the body.
    for i in 0..<17 {
      let original = b[i]
      for d in UInt8(ascii: "0")...UInt8(ascii: "9") where d != original {
        b[i] = d
        emitIfValid(b)
      }
      b[i] = original
    }
    // The check character itself.
    var fixed = b
    fixed[17] = b.withUnsafeBufferPointer { checkByte($0) }
    emitIfValid(fixed)
    // Adjacent transpositions.
    for i in 0..<17 where b[i] != b[i + 1] {
      b.swapAt(i, i + 1)
      emitIfValid(b)
      b.swapAt(i, i + 1)
    }
    var seen = Set<String>()
    return out.filter { seen.insert($0).inserted }
  }
}
