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
