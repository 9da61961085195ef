extension String {
  /// Calls `body` with the string's UTF-8 bytes: in place for a native string (every string the
  /// pipeline makes), from a copy otherwise. Unlike the standard `withUTF8`, the string need not
  /// be a `var`. The project's byte-level parsers and lookups read strings through this.
  ///
  /// ```swift
  /// "户主".withUTF8Bytes { $0.count }  // 6
  /// ```
  @inlinable public func withUTF8Bytes<R>(
    _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) rethrows -> R {
    if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
    return try Array(utf8).withUnsafeBufferPointer(body)
  }

  /// True when the string's UTF-8 is exactly `bytes`, compared in place (the generic
  /// `utf8.elementsEqual` walks the view a byte at a time through its index type).
  ///
  /// ```swift
  /// "户主".hasUTF8Bytes([0xE6, 0x88, 0xB7, 0xE4, 0xB8, 0xBB])  // true
  /// ```
  @inlinable public func hasUTF8Bytes(_ bytes: some Collection<UInt8>) -> Bool {
    withUTF8Bytes { u in
      guard u.count == bytes.count else { return false }
      let same = bytes.withContiguousStorageIfAvailable { v -> Bool in
        var i = 0
        while i < u.count && u[i] == v[i] { i += 1 }
        return i == u.count
      }
      return same ?? u.elementsEqual(bytes)
    }
  }
}

/// Short runs of bytes as integers, for hashing and comparing short texts a word at a time
/// (the text cache's keys).
public enum PackedBytes {
  /// The `k` (0–8) bytes at `p` as a little-endian word, the rest zero: two texts of one
  /// length are equal exactly when their words are.
  ///
  /// ```swift
  /// Array("户主".utf8).withUnsafeBufferPointer { PackedBytes.word($0.baseAddress!, 6) }
  ///   == 0xBB_B8_E4_B7_88_E6
  /// ```
  @inlinable @inline(__always)
  public static func word(_ p: UnsafePointer<UInt8>, _ k: Int) -> UInt64 {
    let raw = UnsafeRawPointer(p)
    if k == 8 { return UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)) }
    if k >= 4 {
      // Two four-byte loads that overlap in the middle (the same bytes, so OR keeps them).
      let low = UInt64(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
      let high = UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: k - 4, as: UInt32.self)))
      return low | high << (8 * UInt64(k - 4))
    }
    if k == 0 { return 0 }
    return UInt64(p[0]) | UInt64(p[k / 2]) << (8 * UInt64(k / 2)) | UInt64(p[k - 1]) << (8 * UInt64(k - 1))
  }
}
