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

/// Sets above the size compared member by member are hashed: both answer alike.
@Suite struct ByteFirstSetSizeTests {
  @Test(arguments: [0, 1, ByteFirstSet.linearLimit, ByteFirstSet.linearLimit + 1, 40])
  func smallAndLargeSetsAnswerAlike(size: Int) {
    let members = (0..<size).map { "\(["西和", "礼", "成", "徽", "两当"][$0 % 5])县\($0)" }
    let set = ByteFirstSet(Set(members))
    for m in members {
      #expect(set.containsBytes(m) && set.contains(m))
      #expect(!set.containsBytes(m + "村") && !set.containsBytes("乡" + m))
      // Same length, one character different.
      #expect(!set.containsBytes("东" + m.dropFirst()) && !set.containsBytes(m.dropLast() + "X"))
    }
    #expect(!set.containsBytes("") && !set.contains("") && !set.containsBytes("西和县"))
  }
}
