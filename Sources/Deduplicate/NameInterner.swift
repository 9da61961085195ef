import RosterCore

/// Numbers text keys — the scoped household keys of pairing units, place names to sort by:
/// keys that are equal as Swift strings (canonically equivalent) get the same index, the first
/// key seen 0, the next new one 1, and so on.
///
/// A `[String: Int32]` gives the same numbers, but hashing a non-ASCII `String` normalizes it
/// on every lookup, which made looking up a province's households, whose keys hold county
/// names, take half a second. Here a key made only of characters that normalization never changes or combines
/// (see ``isNormalizationStable(_:)``: ASCII, CJK ideographs, full-width forms… — nearly every
/// name key) is hashed and compared by its UTF-8 bytes: for such strings, equal bytes and
/// canonical equivalence are the same thing. Any other key (a Latin letter with a diacritic,
/// a combining mark, a compatibility ideograph) goes through a dictionary, which also finds
/// the stable key it may be equivalent to; only new keys pay for that, never repeats.
///
/// ```swift
/// var names = NameInterner()
/// names.intern("张伟")   // 0
/// names.intern("李娜")   // 1
/// names.intern("张伟")   // 0
/// names.index(of: "李娜")  // 1
/// names.index(of: "王五")  // nil
/// ```
struct NameInterner {
  /// Two words a slot (see `SlotKey`); the number of slots is a power of two. Stable keys only.
  private var slots: [UInt64]
  private var stableSlotCount = 0
  /// The bytes of every key, back to back; key `i` is `bytes[starts[i]..<starts[i + 1]]`.
  private var bytes: [UInt8] = []
  private var starts: [Int] = [0]
  private var keyIsStable: [Bool] = []
  /// Keys over 12 bytes are not held in their slot: the slot points to an entry here, with
  /// the bytes to compare and the key's index (an entry may name a key whose own text is an
  /// equivalent unstable key).
  private var longBytes: [UInt8] = []
  private var longStarts: [Int] = [0]
  private var longIndex: [Int32] = []
  /// The keys that are not normalization-stable.
  private var unstable: [String: Int32] = [:]
  /// The stable keys by their `String` hash value, built when the first unstable key needs
  /// it, then kept up to date: how an unstable key finds the stable key it is equivalent to.
  private var stableByHash: [Int: [Int32]]?

  /// An interner with room for about `capacity` distinct keys before it grows. (A table much
  /// larger than the keys costs a cache miss a lookup: let it grow instead.)
  init(capacity: Int = 16) {
    var size = 16
    while size < 2 * capacity { size <<= 1 }
    slots = [UInt64](repeating: 0, count: 2 * size)
  }

  /// True once a key that is not normalization-stable has been numbered.
  var hasUnstableKeys: Bool { !unstable.isEmpty }

  /// True once the stable keys are indexed by hash (after the first unstable key).
  var indexesStableKeysByHash: Bool { stableByHash != nil }

  /// The number of distinct keys.
  var count: Int { starts.count - 1 }

  /// The index of `key`, numbering it when it is new.
  mutating func intern(_ key: String) -> Int32 {
    let stable = key.withUTF8Bytes { bytes -> Int32? in
      guard NameInterner.isNormalizationStable(bytes) else { return nil }
      return internStable(bytes) { key }
    }
    if let stable { return stable }
    if let index = unstable[key] { return index }
    // From the first unstable key on, stable keys are also indexed by hash: without it, each
    // new unstable key would be compared with every stable key.
    if stableByHash == nil { indexStableKeys() }
    let index = stableEquivalent(of: key) ?? append(key, stable: false)
    unstable[key] = index
    return index
  }

  /// ``intern(_:)`` of a key given as its UTF-8 bytes (which must be valid UTF-8): no
  /// `String` is made unless the key is new or not normalization-stable.
  mutating func intern(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    guard NameInterner.isNormalizationStable(bytes) else {
      return intern(String(decoding: bytes, as: UTF8.self))
    }
    return internStable(bytes) { String(decoding: bytes, as: UTF8.self) }
  }

  /// ``index(of:)`` of a key given as its UTF-8 bytes (which must be valid UTF-8).
  func index(ofUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
    guard NameInterner.isNormalizationStable(bytes) else {
      return index(of: String(decoding: bytes, as: UTF8.self))
    }
    if let index = find(bytes, SlotKey(bytes)).index { return index }
    return unstable.isEmpty ? nil : unstable[String(decoding: bytes, as: UTF8.self)]
  }

  /// The index of `key`, or nil when it was never interned.
  func index(of key: String) -> Int32? {
    let stable = key.withUTF8Bytes { bytes -> Int32?? in
      guard NameInterner.isNormalizationStable(bytes) else { return nil }
      return .some(find(bytes, SlotKey(bytes)).index)
    }
    if let stable {
      if let index = stable { return index }
      return unstable.isEmpty ? nil : unstable[key]
    }
    if let index = unstable[key] { return index }
    return stableEquivalent(of: key)
  }

  /// Key `i` as a string (the first spelling seen).
  func key(_ i: Int) -> String {
    String(decoding: bytes[starts[i]..<starts[i + 1]], as: UTF8.self)
  }

  // MARK: Unstable keys

  /// The stable key canonically equivalent to the unstable `key`, if one was numbered.
  private func stableEquivalent(of key: String) -> Int32? {
    guard let stableByHash else {
      for i in 0..<count where keyIsStable[i] && self.key(i) == key { return Int32(i) }
      return nil
    }
    return stableByHash[key.hashValue]?.first { self.key(Int($0)) == key }
  }

  private mutating func indexStableKeys() {
    var byHash: [Int: [Int32]] = [:]
    for i in 0..<count where keyIsStable[i] { byHash[key(i).hashValue, default: []].append(Int32(i)) }
    stableByHash = byHash
  }

  private mutating func append(_ key: String, stable: Bool) -> Int32 {
    let index = Int32(count)
    key.withUTF8Bytes { bytes.append(contentsOf: $0) }
    starts.append(bytes.count)
    keyIsStable.append(stable)
    return index
  }

  // MARK: Bytes

  /// A key as a table slot's two words. Up to 12 bytes (four CJK characters: nearly every
  /// name) are held in the slot itself, so a lookup costs one cache miss: `w0` the first 8
  /// bytes, `w1` the next 4 in its low 32 bits, zero-padded, with the length in bits 32–35.
  /// A longer key has its 64-bit hash in `w0` and length 15; its bytes are compared with the
  /// stored ones. The slot's `w1` adds the index + 1 in bits 36–63 (0 marks an empty slot).
  private struct SlotKey {
    var w0: UInt64
    var w1: UInt64
    var isLong: Bool { w1 >> 32 == 15 }

    init(w0: UInt64, w1: UInt64) {
      self.w0 = w0
      self.w1 = w1
    }

    init(_ key: UnsafeBufferPointer<UInt8>) {
      let n = key.count
      if n > 12 {
        w0 = NameInterner.hash(key)
        w1 = 15 << 32
        return
      }
      var words: (UInt64, UInt64) = (0, 0)
      if n > 0 {
        withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: key.baseAddress!, byteCount: n) }
      }
      w0 = words.0
      w1 = words.1 | UInt64(n) << 32
    }

    var hash: UInt64 {
      var z = w0 &* 0x9E37_79B9_7F4A_7C15 ^ w1 &* 0xC2B2_AE3D_27D4_EB4F
      z = (z ^ (z >> 29)) &* 0xBF58_476D_1CE4_E5B9
      return z ^ (z >> 32)
    }
  }

  private static let keyMask: UInt64 = (1 << 36) - 1

  /// Interns the stable key `keyBytes`; `string` makes it a `String`, which only a new key
  /// needs.
  private mutating func internStable(
    _ keyBytes: UnsafeBufferPointer<UInt8>, _ string: () -> String
  ) -> Int32 {
    let slotKey = SlotKey(keyBytes)
    let (slot, found) = find(keyBytes, slotKey)
    if let found { return found }
    // New bytes: the first spelling of a key, or a stable spelling of an unstable key seen
    // before.
    let key = string()
    let index: Int32
    if !unstable.isEmpty, let earlier = unstable[key] {
      index = earlier
    } else {
      index = append(key, stable: true)
      if stableByHash != nil { stableByHash![key.hashValue, default: []].append(index) }
    }
    var entry = index
    if slotKey.isLong {
      entry = Int32(longIndex.count)
      longBytes.append(contentsOf: keyBytes)
      longStarts.append(longBytes.count)
      longIndex.append(index)
    }
    slots[2 * slot] = slotKey.w0
    slots[2 * slot + 1] = slotKey.w1 | UInt64(entry + 1) << 36
    stableSlotCount += 1
    if 4 * stableSlotCount > slots.count { grow() }
    return index
  }

  /// The slot holding `key`, or the empty slot where it would go.
  private func find(_ key: UnsafeBufferPointer<UInt8>, _ slotKey: SlotKey) -> (slot: Int, index: Int32?) {
    let mask = slots.count / 2 - 1
    var slot = Int(truncatingIfNeeded: slotKey.hash) & mask
    return slots.withUnsafeBufferPointer { table in
      while true {
        let w1 = table[2 * slot + 1]
        if w1 == 0 { return (slot, nil) }
        if table[2 * slot] == slotKey.w0 && w1 & NameInterner.keyMask == slotKey.w1 {
          let entry = Int(truncatingIfNeeded: w1 >> 36) - 1
          if !slotKey.isLong { return (slot, Int32(entry)) }
          if longBytesEqual(entry, key) { return (slot, longIndex[entry]) }
        }
        slot = (slot + 1) & mask
      }
    }
  }

  private func longBytesEqual(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
    let start = longStarts[entry]
    guard longStarts[entry + 1] - start == key.count else { return false }
    return longBytes.withUnsafeBufferPointer { stored in
      for i in 0..<key.count where stored[start + i] != key[i] { return false }
      return true
    }
  }

  private mutating func grow() {
    let size = slots.count  // slots, twice the old number
    var newSlots = [UInt64](repeating: 0, count: 2 * size)
    let mask = size - 1
    for s in stride(from: 0, to: slots.count, by: 2) where slots[s + 1] != 0 {
      let slotKey = SlotKey(w0: slots[s], w1: slots[s + 1] & NameInterner.keyMask)
      var slot = Int(truncatingIfNeeded: slotKey.hash) & mask
      while newSlots[2 * slot + 1] != 0 { slot = (slot + 1) & mask }
      newSlots[2 * slot] = slots[s]
      newSlots[2 * slot + 1] = slots[s + 1]
    }
    slots = newSlots
  }

  // MARK: Helpers

  /// FNV-1a, 64 bits.
  @inline(__always)
  static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in key {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01B3
    }
    return h
  }

  /// True when every character of the UTF-8 `bytes` is one that canonical normalization
  /// leaves alone and that never composes with a neighbour: ASCII, U+00B7 `·`, U+3400…U+9FFF
  /// (CJK Extension A, Yijing hexagrams, CJK Unified Ideographs), U+E000…U+F8FF (private use:
  /// characters outside GB18030's common set), U+FF00…U+FFFF (full-width and half-width
  /// forms, whose decompositions are compatibility ones, and U+FFFD), and U+20000…U+3FFFF
  /// except U+2F800…U+2FA1F (CJK Extensions B–H; the exception is the compatibility
  /// ideographs). A string of them is its own NFC and NFD, so two such strings are canonically
  /// equivalent exactly when their bytes are equal.
  static func isNormalizationStable(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = bytes.count
    while i < n {
      let b = bytes[i]
      if b < 0x80 {
        i += 1
        continue
      }
      if b == 0xC2 {
        guard i + 1 < n, bytes[i + 1] == 0xB7 else { return false }
        i += 2
        continue
      }
      guard i + 2 < n else { return false }
      let b1 = bytes[i + 1]
      switch b {
      case 0xE3: guard b1 >= 0x90 else { return false }  // from U+3400
      case 0xE4...0xE9, 0xEE: break  // U+4000…U+9FFF, U+E000…U+EFFF
      case 0xEF:  // U+F000…U+F8FF, U+FF00…U+FFFF
        guard b1 <= 0xA3 || b1 >= 0xBC else { return false }
      case 0xF0:  // U+10000…U+3FFFF: from U+20000, without U+2F800…U+2FA1F
        guard i + 3 < n, b1 >= 0xA0 else { return false }
        if b1 == 0xAF && bytes[i + 2] >= 0xA0 && bytes[i + 2] <= 0xA8 { return false }
        i += 4
        continue
      default: return false
      }
      i += 3
    }
    return true
  }
}

/// The rank of each of `names` in `String` order: canonically equivalent names share a rank,
/// and ranks compare as the names do. For sorting many records by place names without a
/// string comparison (which normalizes Chinese text each time) per step.
///
/// ```swift
/// PlaceRanks(["西和县", "礼县", "西和县", ""]).ranks  // [2, 1, 2, 0]
/// ```
struct PlaceRanks {
  let ranks: [Int32]

  init(_ names: [String]) {
    var interner = NameInterner(capacity: 1024)
    let numbers = names.map { interner.intern($0) }
    let keys = (0..<interner.count).map { interner.key($0) }
    var rankOf = [Int32](repeating: 0, count: keys.count)
    for (rank, k) in keys.indices.sorted(by: { keys[$0] < keys[$1] }).enumerated() {
      rankOf[k] = Int32(rank)
    }
    ranks = numbers.map { rankOf[Int($0)] }
  }
}
