import RosterCore

/// The name keys of a run's records as 64-bit hashes, for the probable-duplicate search:
/// canonically equivalent keys (equal as Swift strings) hash alike. Deaths-list records,
/// matched by ID alone, and records without a name get ``none``.
///
/// A hash is made from the record alone — no table of the keys seen so far, whose lookups were
/// a cache miss each (numbering a province's 5.8 million names took 1.4 s; hashing them takes
/// a fifth of that). Different keys may share a hash: whoever finds two records with equal
/// hashes compares their keys (``sameNameKey(_:_:in:)``) before reporting them.
///
/// ```swift
/// let names = RecordNames(records)   // records named 张伟, 李娜, 张伟
/// names.hash[0] == names.hash[2]     // true
/// names.hash[0] == names.hash[1]     // false (but for a collision)
/// ```
struct RecordNames {
  /// Per record, ``hash(_:)`` of its name key, or ``none``.
  var hash: [UInt64] = []

  /// No name key.
  static let none: UInt64 = 0

  init() {}

  init(_ records: [VerifiedRecord]) {
    hash = [UInt64](repeating: RecordNames.none, count: records.count)
    for i in records.indices where records[i].provenance.source != .deaths {
      let key = records.nameKey(at: i)
      if !key.isEmpty { hash[i] = RecordNames.hash(key) }
    }
  }

  /// A hash of `key`, never ``none``, equal for canonically equivalent keys: `StableHash`'s
  /// FNV-1a of the key's UTF-8 when normalization cannot change it
  /// (``NameInterner/isNormalizationStable(_:)``, nearly every name: then equal bytes and
  /// equivalence are the same thing), else of its NFC form, which is what those bytes are for
  /// a stable key.
  ///
  /// ```swift
  /// RecordNames.hash("\u{F91F}花") == RecordNames.hash("\u{862D}花")  // a compatibility ideograph
  /// ```
  static func hash(_ key: String) -> UInt64 {
    let h =
      key.withUTF8Bytes { bytes in
        NameInterner.isNormalizationStable(bytes) ? StableHash.fnv1a64(bytes: bytes) : nil
      } ?? key._nfcCodeUnits.withUnsafeBufferPointer { StableHash.fnv1a64(bytes: $0) }
    return h == RecordNames.none ? 1 : h
  }

  /// Whether records `a` and `b` have the same name key (as strings: canonically equivalent),
  /// for pairs whose hashes are equal.
  static func sameNameKey(_ a: Int, _ b: Int, in records: [VerifiedRecord]) -> Bool {
    records.nameKey(at: a) == records.nameKey(at: b)
  }
}
