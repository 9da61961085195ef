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
}
