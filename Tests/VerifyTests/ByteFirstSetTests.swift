import Testing

@testable import Verify

/// The jurisdiction's name sets answer as `Set<String>` does, byte-identical or not.
@Suite struct ByteFirstSetTests {
  @Test func answersAsASetOfStrings() {
    let set = ByteFirstSet(["西和县", "礼县", "Cafe\u{301}", "621225"])
    #expect(set.contains("西和县"))
    #expect(set.contains("621225"))
    #expect(!set.contains("西和"))
    #expect(!set.contains(""))
    // Canonically equivalent, different bytes (é precomposed vs e + combining accent).
    #expect(set.contains("Caf\u{E9}"))
    #expect(!ByteFirstSet([]).contains("西和县"))
    #expect(ByteFirstSet([]).isEmpty)
  }

  /// The byte check alone finds only byte-identical spellings: never a string not in the set.
  @Test func theByteCheckFindsOnlyIdenticalBytes() {
    let set = ByteFirstSet(["西和县", "Cafe\u{301}", "621225"])
    #expect(set.containsBytes("西和县") && set.containsBytes("Cafe\u{301}") && set.containsBytes("621225"))
    #expect(!set.containsBytes("Caf\u{E9}"))
    #expect(!set.containsBytes("西和") && !set.containsBytes(""))
  }

  @Test func agreesWithSetOfStringsOnRandomNames() {
    let pool = ["西和县", "礼县", "成县", "徽县", "两当县", "武都区", "康县", "文县", "宕昌县", "西和", "礼", "县"]
    var rng = SystemRandomNumberGenerator()
    for _ in 0..<200 {
      let members = Set(pool.filter { _ in Bool.random(using: &rng) })
      let set = ByteFirstSet(members)
      for name in pool { #expect(set.contains(name) == members.contains(name), "\(name) in \(members)") }
    }
  }
}
