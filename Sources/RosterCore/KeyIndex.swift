/// Values by an integer key — persons by the integer key of their ID in deduplication, deaths
/// by the packed ID in verification: an open-addressing hash table of 16-byte slots, hashed by
/// one multiplication. A `[UInt64: Int32]` does the same with a seeded
/// general-purpose hash; this does a province's six million lookups several times faster (it
/// grows by doubling up to a load of 3/4).
///
/// ```swift
/// var persons = KeyIndex()
/// persons.insertIfAbsent(62_122_520_120_304_001, 0)  // nil: inserted
/// persons.insertIfAbsent(62_122_520_120_304_001, 7)  // 0: already there, unchanged
/// persons[62_122_520_120_304_001]                    // 0
/// ```
public struct KeyIndex: Sendable {
  /// A key + 1 (0 when the slot is empty; keys are ID keys, below 10¹⁷: any key but
  /// `UInt64.max` works) and its value, side by side: a probe reads one cache line (two
  /// arrays cost a province's six million inserts two misses each).
  @usableFromInline struct Slot: Sendable {
    @usableFromInline var key: UInt64 = 0
    @usableFromInline var value: Int32 = 0
    @inlinable init(key: UInt64 = 0, value: Int32 = 0) {
      self.key = key
      self.value = value
    }
  }

  @usableFromInline var slots: [Slot]
  @usableFromInline var shift: UInt64
  @usableFromInline var storedCount = 0
  /// How many keys it holds.
  public var count: Int { storedCount }
  @usableFromInline var warmed: UInt64 = 0

  public init(capacity: Int = 1 << 10) {
    var size = 16
    while size * 3 < capacity * 4 { size <<= 1 }
    slots = [Slot](repeating: Slot(), count: size)
    shift = UInt64(64 - size.trailingZeroBitCount)
  }

  @inlinable @inline(__always) func home(_ key: UInt64) -> Int {
    Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
  }

  /// The slot holding `key`, or the empty slot where it would go.
  @inlinable @inline(__always) func probe(_ key: UInt64) -> (slot: Int, found: Bool) {
    let stored = key &+ 1
    let mask = slots.count - 1
    var slot = home(key)
    while true {
      let k = slots[slot].key
      if k == stored { return (slot, true) }
      if k == 0 { return (slot, false) }
      slot = (slot + 1) & mask
    }
  }

  /// Reads the home slot of `key`, bringing it into the cache ahead of an insert or lookup
  /// (what it read is kept in a field, so the read is not optimized away).
  @inlinable @inline(__always) public mutating func warm(_ key: UInt64) {
    warmed &+= slots[home(key)].key
  }

  /// The value of `key`, or nil.
  @inlinable public subscript(key: UInt64) -> Int32? {
    let (slot, found) = probe(key)
    return found ? slots[slot].value : nil
  }

  /// Inserts `key` with `value` unless it is there; returns the value already there, if any.
  @discardableResult
  @inlinable public mutating func insertIfAbsent(_ key: UInt64, _ value: Int32) -> Int32? {
    let (slot, found) = probe(key)
    if found { return slots[slot].value }
    slots[slot] = Slot(key: key &+ 1, value: value)
    storedCount += 1
    if storedCount * 4 > slots.count * 3 { grow() }
    return nil
  }

  @usableFromInline mutating func grow() {
    let old = slots
    slots = [Slot](repeating: Slot(), count: 2 * old.count)
    shift -= 1
    let mask = slots.count - 1
    for s in old where s.key != 0 {
      var slot = home(s.key &- 1)
      while slots[slot].key != 0 { slot = (slot + 1) & mask }
      slots[slot] = s
    }
  }
}
