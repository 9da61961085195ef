import PropertyBased
import RosterCore
import TestSupport
import Testing

/// Bytes packed into a word hold exactly those bytes, zero-padded, at every length: the text
/// cache tells texts apart by these words.
@Suite struct PackedBytesTests {
  @Test func wordsHoldExactlyTheBytes() async {
    await propertyCheck(input: Gen.int(in: 0...8), Gen.int(in: 0...Int.max)) { k, seed in
      var random = SeededRandom(seed)
      let bytes = (0..<8).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      var expected: UInt64 = 0
      for i in 0..<k { expected |= UInt64(bytes[i]) << (8 * UInt64(i)) }
      let word = bytes.withUnsafeBufferPointer { PackedBytes.word($0.baseAddress!, k) }
      #expect(word == expected, "\(k) \(bytes)")
    }
  }

  @Test func aChineseWord() {
    let word = Array("户主".utf8).withUnsafeBufferPointer { PackedBytes.word($0.baseAddress!, 6) }
    #expect(word == 0xBB_B8_E4_B7_88_E6)
  }
}
