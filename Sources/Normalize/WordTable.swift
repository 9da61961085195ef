import RosterCore

/// A read-only hash table from vocabulary words to small integer codes, keyed by UTF-8 bytes.
///
/// Swift's `Dictionary<String, V>` hashes strings through Unicode normalization, which costs
/// more than the rest of a field's normalization; words here are compared byte for byte
/// (FNV-1a hash, open addressing), which is all a vocabulary needs: keys are stored in their
/// ``RosterCore/Rules/Vocabulary/matchingKey(_:)`` form and cell text is looked up as it is and,
/// failing that, in that form. ``FieldNormalizer`` turns codes back into meanings.
struct WordTable: Sendable {
  private let bytes: [UInt8]
  private let starts: [Int]  // key i is bytes[starts[i]..<starts[i + 1]]
  private let codes: [Int]
  private let slots: [Int32]  // index into codes, or -1
  private let mask: Int

  /// `words`: word → code.
  init(_ words: [String: Int]) {
    var bytes: [UInt8] = []
    var starts: [Int] = [0]
    var codes: [Int] = []
    var seen: Set<String> = []
    for (word, code) in words.sorted(by: { $0.key < $1.key }) {
      let key = Rules.Vocabulary.matchingKey(word)
      guard !key.isEmpty, seen.insert(key).inserted else { continue }
      bytes += Array(key.utf8)
      starts.append(bytes.count)
      codes.append(code)
    }
    var size = 8
    while size < codes.count * 2 { size *= 2 }
    var slots = [Int32](repeating: -1, count: size)
    for i in 0..<codes.count {
      let key = Array(bytes[starts[i]..<starts[i + 1]])
      var h = key.withUnsafeBufferPointer { WordTable.hash($0) } & (size - 1)
      while slots[h] >= 0 { h = (h + 1) & (size - 1) }
      slots[h] = Int32(i)
    }
    self.bytes = bytes
    self.starts = starts
    self.codes = codes
    self.slots = slots
    self.mask = size - 1
  }

  @inline(__always) static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in key {
      h ^= UInt64(b)
      h = h &* 0x100_0000_01b3
    }
    return Int(truncatingIfNeeded: (h ^ (h >> 29)) & 0x7FFF_FFFF_FFFF_FFFF)
  }

  /// The code of `text` exactly as written (no folding), or -1.
  @inline(__always) func code(_ text: String) -> Int {
    text.withUTF8Bytes { code(bytes: $0) }
  }

  func code(bytes key: UnsafeBufferPointer<UInt8>) -> Int {
    let n = key.count
    var h = WordTable.hash(key) & mask
    while true {
      let slot = Int(slots[h])
      if slot < 0 { return -1 }
      let start = starts[slot]
      if starts[slot + 1] - start == n {
        var equal = true
        for j in 0..<n where bytes[start + j] != key[j] {
          equal = false
          break
        }
        if equal { return codes[slot] }
      }
      h = (h + 1) & mask
    }
  }
}
