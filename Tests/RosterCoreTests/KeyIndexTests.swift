import PropertyBased
import Testing

import RosterCore

/// The person index answers as a `[UInt64: Int32]` does.
@Suite struct KeyIndexTests {
  @Test func insertsOnceAndFinds() {
    var index = KeyIndex()
    #expect(index.insertIfAbsent(62_122_520_120_304_001, 0) == nil)
    #expect(index.insertIfAbsent(62_122_520_120_304_001, 7) == 0)
    #expect(index[62_122_520_120_304_001] == 0)
    #expect(index.insertIfAbsent(0, 1) == nil)
    #expect(index[0] == 1)
    #expect(index[1] == nil)
    #expect(index.count == 2)
  }

  @Test func growsAndKeepsEveryKey() {
    var index = KeyIndex(capacity: 4)
    var reference: [UInt64: Int32] = [:]
    for i in 0..<100_000 {
      // Keys that differ in their high digits only, and keys that differ in their low ones.
      let key = i % 2 == 0 ? UInt64(i) * 1_000_000_000 : 11_010_519_491_231_000 + UInt64(i)
      #expect(index.insertIfAbsent(key, Int32(i)) == reference[key])
      if reference[key] == nil { reference[key] = Int32(i) }
    }
    #expect(index.count == reference.count)
    for (key, value) in reference where index[key] != value { Issue.record("\(key)") }
    #expect(index[99_999_999_999_999_999] == nil)
  }

  @Test func agreesWithADictionary() async {
    let key = Gen.uint64(in: 0...50)
    await propertyCheck(count: 300, input: key.array(of: 0...200)) { keys in
      var index = KeyIndex(capacity: 2)
      var reference: [UInt64: Int32] = [:]
      for (i, key) in keys.enumerated() {
        #expect(index.insertIfAbsent(key &* 1_000_003, Int32(i)) == reference[key &* 1_000_003])
        if reference[key &* 1_000_003] == nil { reference[key &* 1_000_003] = Int32(i) }
      }
      for k in 0...UInt64(50) { #expect(index[k &* 1_000_003] == reference[k &* 1_000_003]) }
    }
  }
}
