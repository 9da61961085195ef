/// Persons by the integer key of their ID (``IDKey``): an open-addressing hash table of two
/// arrays, hashed by one multiplication. A `[UInt64: Int32]` does the same with a seeded
/// general-purpose hash; this does a province's six million lookups several times faster, in
/// the same memory (it grows by doubling up to a load of 3/4).
///
/// ```swift
/// var persons = KeyIndex()
/// persons.insertIfAbsent(62_122_520_120_304_001, 0)  // nil: inserted
/// persons.insertIfAbsent(62_122_520_120_304_001, 7)  // 0: already there, unchanged
/// persons[62_122_520_120_304_001]                    // 0
/// ```
struct KeyIndex {
  /// Per slot: the key + 1, or 0 when empty (keys are ID keys, below 10¹⁷; any key but
  /// `UInt64.max` works).
  private var keys: [UInt64]
  private var values: [Int32]
  private var shift: UInt64
  private(set) var count = 0
  private var warmed: UInt64 = 0

  init(capacity: Int = 1 << 10) {
    var size = 16
    while size * 3 < capacity * 4 { size <<= 1 }
    keys = [UInt64](repeating: 0, count: size)
    values = [Int32](repeating: 0, count: size)
    shift = UInt64(64 - size.trailingZeroBitCount)
  }

  @inline(__always) private func home(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The slot holding `key`, or the empty slot where it would go.
  @inline(__always) private func probe(_ key: UInt64) -> (slot: Int, found: Bool) {
    let stored = key &+ 1
    let mask = keys.count - 1
    var slot = home(key)
    while true {
      let k = keys[slot]
      if k == stored { return (slot, true) }
      if k == 0 { return (slot, false) }
      slot = (slot + 1) & mask
    }
  }

  /// Reads the home slot of `key`, bringing it into the cache ahead of an insert or lookup
  /// (what it read is kept in a field, so the read is not optimized away).
  @inline(__always) mutating func warm(_ key: UInt64) {
    let h = home(key)
    warmed &+= keys[h] &+ UInt64(UInt32(bitPattern: values[h]))
  }

  /// The value of `key`, or nil.
  subscript(key: UInt64) -> Int32? {
    let (slot, found) = probe(key)
    return found ? values[slot] : nil
  }

  /// Inserts `key` with `value` unless it is there; returns the value already there, if any.
  mutating func insertIfAbsent(_ key: UInt64, _ value: Int32) -> Int32? {
    let (slot, found) = probe(key)
    if found { return values[slot] }
    keys[slot] = key &+ 1
    values[slot] = value
    count += 1
    if count * 4 > keys.count * 3 { grow() }
    return nil
  }

  private mutating func grow() {
    let oldKeys = keys
    let oldValues = values
    keys = [UInt64](repeating: 0, count: 2 * oldKeys.count)
    values = [Int32](repeating: 0, count: 2 * oldKeys.count)
    shift -= 1
    let mask = keys.count - 1
    for i in 0..<oldKeys.count where oldKeys[i] != 0 {
      var slot = home(oldKeys[i] &- 1)
      while keys[slot] != 0 { slot = (slot + 1) & mask }
      keys[slot] = oldKeys[i]
      values[slot] = oldValues[i]
    }
  }
}
