/// Traditional → simplified Chinese, one character at a time, from OpenCC's TSCharacters table
/// (see `TraditionalToSimplifiedTable.swift`; Apache-2.0, `LICENSES/OpenCC-Apache-2.0.txt`).
///
/// Used for the name matching key only: the displayed name keeps the characters as written.
/// Where OpenCC lists several simplified candidates the first is used.
///
/// ```swift
/// TraditionalToSimplified.simplify("張偉") == "张伟"
/// TraditionalToSimplified.simplified(of: "張") == "张"
/// TraditionalToSimplified.simplified(of: "张") == nil   // already simplified
/// ```
public enum TraditionalToSimplified {
  /// The simplified form of `scalar`, or nil when it has none (already simplified, or not Chinese).
  @inlinable public static func simplified(of scalar: Unicode.Scalar) -> Unicode.Scalar? {
    table.lookup(scalar.value).flatMap(Unicode.Scalar.init)
  }

  /// `text` with every traditional character replaced by its simplified form.
  public static func simplify(_ text: String) -> String {
    var changed = false
    for s in text.unicodeScalars where table.lookup(s.value) != nil {
      changed = true
      break
    }
    guard changed else { return text }
    var out = String.UnicodeScalarView()
    for s in text.unicodeScalars {
      if let v = table.lookup(s.value), let t = Unicode.Scalar(v) {
        out.append(t)
      } else {
        out.append(s)
      }
    }
    return String(out)
  }

  /// Number of characters with a simplified form.
  public static var count: Int { table.count }

  /// The table, built once from the generated pair text: sorted keys with their values, and a
  /// bitmap of the Basic Multilingual Plane so that most lookups are one bit test.
  @usableFromInline static let table = Table(pairText: pairText)

  /// Kept in memory allocated once and never freed, so lookups do no reference counting.
  @usableFromInline struct Table: @unchecked Sendable {
    @usableFromInline let keys: UnsafeMutablePointer<UInt32>
    @usableFromInline let values: UnsafeMutablePointer<UInt32>
    @usableFromInline let count: Int
    /// Bit `v` is set when BMP code point `v` is a key.
    @usableFromInline let bmp: UnsafeMutablePointer<UInt64>

    init(pairText: String) {
      var scalars: [UInt32] = []
      for s in pairText.unicodeScalars where s.value != 0x0A && s.value != 0x0D {
        scalars.append(s.value)
      }
      precondition(scalars.count % 2 == 0, "the traditional → simplified table is malformed")
      var pairs: [(UInt32, UInt32)] = []
      pairs.reserveCapacity(scalars.count / 2)
      var i = 0
      while i < scalars.count {
        pairs.append((scalars[i], scalars[i + 1]))
        i += 2
      }
      pairs.sort { $0.0 < $1.0 }
      count = pairs.count
      keys = .allocate(capacity: count)
      values = .allocate(capacity: count)
      for (j, (k, v)) in pairs.enumerated() {
        keys[j] = k
        values[j] = v
      }
      bmp = .allocate(capacity: 1024)
      bmp.initialize(repeating: 0, count: 1024)
      for (k, _) in pairs where k < 0x10000 { bmp[Int(k >> 6)] |= 1 << UInt64(k & 63) }
    }

    @inlinable func lookup(_ v: UInt32) -> UInt32? {
      if v < 0x3400 { return nil }  // below CJK: Latin, punctuation, kana…
      if v < 0x10000 {
        if bmp[Int(v >> 6)] & (1 << UInt64(v & 63)) == 0 { return nil }
      }
      var lo = 0
      var hi = count
      while lo < hi {
        let mid = (lo + hi) >> 1
        let k = keys[mid]
        if k == v { return values[mid] }
        if k < v { lo = mid + 1 } else { hi = mid }
      }
      return nil
    }
  }
}
