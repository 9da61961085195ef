import RosterCore

/// A read-only hash table from vocabulary words to small integer codes, keyed by UTF-8 bytes.
///
/// Swift's `Dictionary<String, V>` hashes strings through Unicode normalization, which costs
/// more than the rest of a field's normalization; words here are compared byte for byte
/// (open addressing), which is all a vocabulary needs: keys are stored in their
/// ``RosterCore/Rules/Vocabulary/matchingKey(_:)`` form and cell text is looked up as it is and,
/// failing that, in that form. ``FieldNormalizer`` turns codes back into meanings.
///
/// A word is looked up several times a record, so a probe reads one slot: it holds the word's
/// first and last eight bytes (or fewer, see ``Probe``), which for a word of up to 16 bytes
/// (five Chinese characters) are the whole word; longer words are compared byte for byte too.
struct WordTable: Sendable {
  /// One slot of the table: a word's ``Probe`` and its code; `length` -1 when empty.
  struct Slot {
    var a: UInt64
    var b: UInt64
    var length: Int32
    var code: Int32
    /// Where a word longer than 16 bytes starts in `long`.
    var start: Int32
  }

  /// What a probe compares: the length and up to the first and last eight bytes. Equal probes
  /// of words of at most 16 bytes are equal words. (Not `PackedBytes`' exact packing, which
  /// the text cache uses: a probe only needs equality, and one load for each end of an 8- to
  /// 16-byte word measured 2% faster on normalizing a record.)
  struct Probe {
    var a: UInt64 = 0
    var b: UInt64 = 0
    var length: Int

    @inline(__always) init(_ key: UnsafeBufferPointer<UInt8>) {
      let n = key.count
      length = n
      guard let base = key.baseAddress else { return }
      let raw = UnsafeRawPointer(base)
      if n >= 8 {
        a = raw.loadUnaligned(as: UInt64.self)
        b = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
      } else if n >= 4 {
        a = UInt64(raw.loadUnaligned(as: UInt32.self))
        b = UInt64(raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
      } else if n > 0 {
        a = UInt64(key[0]) | UInt64(key[n / 2]) << 8 | UInt64(key[n - 1]) << 16
      }
    }

    /// One multiplication, not one a byte.
    @inline(__always) var hash: Int {
      var h = (a ^ (b << 29 | b >> 35) ^ UInt64(truncatingIfNeeded: length) << 56) &* 0x9E37_79B9_7F4A_7C15
      h ^= h >> 31
      return Int(truncatingIfNeeded: h & 0x7FFF_FFFF_FFFF_FFFF)
    }
  }

  private let slots: [Slot]
  /// The bytes of the words longer than 16 bytes, one after the other.
  private let long: [UInt8]
  private let mask: Int

  /// `words`: word → code.
  init(_ words: [String: Int]) {
    var keys: [([UInt8], Int)] = []
    var seen: Set<String> = []
    for (word, code) in words.sorted(by: { $0.key < $1.key }) {
      let key = Rules.Vocabulary.matchingKey(word)
      guard !key.isEmpty, seen.insert(key).inserted else { continue }
      keys.append((Array(key.utf8), code))
    }
    var size = 8
    while size < keys.count * 2 { size *= 2 }
    var slots = [Slot](repeating: Slot(a: 0, b: 0, length: -1, code: -1, start: 0), count: size)
    var long: [UInt8] = []
    for (key, code) in keys {
      let probe = key.withUnsafeBufferPointer { Probe($0) }
      var h = probe.hash & (size - 1)
      while slots[h].length >= 0 { h = (h + 1) & (size - 1) }
      slots[h] = Slot(a: probe.a, b: probe.b, length: Int32(key.count), code: Int32(code), start: Int32(long.count))
      if key.count > 16 { long += key }
    }
    self.slots = slots
    self.long = long
    self.mask = size - 1
  }

  /// The code of `text` exactly as written (no folding), or -1.
  @inline(__always) func code(_ text: String) -> Int {
    text.withUTF8Bytes { code(bytes: $0) }
  }

  func code(bytes key: UnsafeBufferPointer<UInt8>) -> Int {
    let probe = Probe(key)
    var h = probe.hash & mask
    return slots.withUnsafeBufferPointer { slots in
      while true {
        let slot = slots[h]
        if slot.length < 0 { return -1 }
        if slot.a == probe.a, slot.b == probe.b, Int(slot.length) == probe.length,
          probe.length <= 16 || sameLongWord(key, at: Int(slot.start))
        {
          return Int(slot.code)
        }
        h = (h + 1) & mask
      }
    }
  }

  private func sameLongWord(_ key: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
    key.indices.allSatisfy { long[start + $0] == key[$0] }
  }
}
