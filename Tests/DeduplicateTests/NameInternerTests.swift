import PropertyBased
import RosterCore
import Testing

@testable import Deduplicate

/// The name interner numbers keys exactly as a `[String: Int32]` would, byte-identical or only
/// canonically equivalent.
@Suite struct NameInternerTests {
  /// Numbers keys with a dictionary: the reference.
  static func reference(_ keys: [String]) -> [Int32] {
    var index: [String: Int32] = [:]
    return keys.map { key in
      if let i = index[key] { return i }
      let i = Int32(index.count)
      index[key] = i
      return i
    }
  }

  static func interned(_ keys: [String]) -> (numbers: [Int32], interner: NameInterner) {
    var interner = NameInterner()
    let numbers = keys.map { interner.intern($0) }
    return (numbers, interner)
  }

  @Test func numbersKeysInOrderOfFirstSight() {
    var names = NameInterner()
    #expect(names.intern("张伟") == 0)
    #expect(names.intern("李娜") == 1)
    #expect(names.intern("张伟") == 0)
    #expect(names.intern("阿依古丽·买买提") == 2)
    #expect(names.intern("ZHANG WEI") == 3)
    #expect(names.count == 4)
    #expect(names.index(of: "李娜") == 1)
    #expect(names.index(of: "王五") == nil)
    #expect(names.key(2) == "阿依古丽·买买提")
  }

  @Test func canonicallyEquivalentKeysShareANumber() {
    // é precomposed and e + combining acute; a CJK compatibility ideograph (U+F91F) and the
    // unified ideograph it stands for (U+862D); ガ and カ + combining voiced mark.
    let keys = ["张伟", "Caf\u{E9}", "李娜", "Cafe\u{301}", "\u{862D}花", "\u{F91F}花", "\u{30AC}", "\u{30AB}\u{3099}", "张伟"]
    #expect(NameInternerTests.interned(keys).numbers == NameInternerTests.reference(keys))
    #expect(NameInternerTests.interned(keys).numbers == [0, 1, 2, 1, 3, 3, 4, 4, 0])
    #expect(!NameInternerTests.interned(Array(keys.prefix(1))).interner.hasUnstableKeys)
    #expect(NameInternerTests.interned(Array(keys.prefix(2))).interner.hasUnstableKeys)
    // An unstable key finds its stable equivalent through a hash index, not by a scan of
    // every stable key (which, for each new unstable key, would be quadratic).
    #expect(!NameInternerTests.interned(Array(keys.prefix(1))).interner.indexesStableKeysByHash)
    #expect(NameInternerTests.interned(Array(keys.prefix(2))).interner.indexesStableKeysByHash)
  }

  @Test func aStableSpellingAfterAnUnstableOneGetsItsNumber() {
    // Short keys live in their slot, long ones (over 12 bytes) are compared with stored bytes.
    for tail in ["", "花花花花花"] {
      let keys = ["\u{F91F}" + tail, "张伟", "\u{862D}" + tail, "\u{862D}" + tail, "\u{F91F}" + tail]
      let (numbers, names) = NameInternerTests.interned(keys)
      #expect(numbers == [0, 1, 0, 0, 0], "tail \(tail)")
      #expect(names.index(of: "\u{862D}" + tail) == 0)
      #expect(names.index(of: "\u{F91F}" + tail) == 0)
      #expect(names.count == 2)
    }
  }

  @Test func stableKeysAddedAfterTheHashIndexAreFoundThroughIt() {
    var names = NameInterner()
    #expect(names.intern("Cafe\u{301}") == 0)  // unstable: the hash index is built (empty)
    #expect(names.intern("\u{862D}花") == 1)  // stable, added to the index
    #expect(names.intern("\u{F91F}花") == 1)  // its unstable equivalent finds it there
    #expect(names.intern("Caf\u{E9}") == 0)
    #expect(names.count == 2)
  }

  @Test func lookupsOfUnstableKeysFindTheirStableEquivalents() {
    var names = NameInterner()
    _ = names.intern("\u{862D}花")
    _ = names.intern("张伟")
    // Before any unstable key is interned: a scan of the stable keys.
    #expect(names.index(of: "\u{F91F}花") == 0)
    #expect(names.index(of: "Cafe\u{301}") == nil)
    #expect(!names.hasUnstableKeys && !names.indexesStableKeysByHash)
    // After one: through the dictionary, numbers unchanged.
    #expect(names.intern("Cafe\u{301}") == 2)
    #expect(names.indexesStableKeysByHash)
    #expect(names.index(of: "\u{F91F}花") == 0)
    #expect(names.index(of: "张伟") == 1)
    #expect(names.index(of: "Caf\u{E9}") == 2)
    #expect(names.intern("李娜") == 3)
  }

  @Test func keysOfEveryLengthAroundTheInlineLimit() {
    // Up to 12 bytes live in the table's slot, longer ones are compared with the stored bytes.
    let keys = (0...20).flatMap { n in [String(repeating: "a", count: n), String(repeating: "a", count: n) + "b"] }
      + ["张伟", "张伟伟伟", "张伟伟伟伟", "张伟伟伟伟伟伟伟伟伟", "张伟伟伟伟伟伟伟伟李", "", "张伟伟伟伟"]
    #expect(NameInternerTests.interned(keys).numbers == NameInternerTests.reference(keys))
    let (_, names) = NameInternerTests.interned(keys)
    for key in Set(keys) {
      #expect(names.index(of: key).map { names.key(Int($0)) } == key)
    }
  }

  /// Keys given as bytes are numbered and found as the same keys given as strings, stable or
  /// not, new or seen before.
  @Test func bytesAreInternedAsTheirStrings() async {
    let pieces = ["张", "伟", "a", "\u{E9}", "e\u{301}", "\u{862D}", "\u{F91F}", "|", "ID:", "花花花花花"]
    let key = Gen.int(in: 0...(pieces.count - 1)).array(of: 0...5).map { $0.map { pieces[$0] }.joined() }
    await propertyCheck(count: 200, input: key.array(of: 1...30)) { keys in
      var byString = NameInterner()
      var byBytes = NameInterner()
      for (i, key) in keys.enumerated() {
        let bytes = Array(key.utf8)
        if i % 3 == 2 {  // a lookup, not an insert
          let found = bytes.withUnsafeBufferPointer { byBytes.index(ofUTF8: $0) }
          #expect(found == byString.index(of: key), "\(key)")
        } else {
          let numbered = bytes.withUnsafeBufferPointer { byBytes.intern(utf8: $0) }
          #expect(numbered == byString.intern(key), "\(key)")
        }
      }
      #expect(byBytes.count == byString.count)
    }
  }

  @Test func grows() {
    let keys = (0..<20_000).map { "张\($0 % 7_000)伟" }
    #expect(NameInternerTests.interned(keys).numbers == NameInternerTests.reference(keys))
    let (_, names) = NameInternerTests.interned(keys)
    #expect(names.count == 7_000)
    #expect(names.index(of: "张6999伟") == 6_999)
  }

  @Test(arguments: [
    ("abc", true), ("张伟", true), ("·", true), ("\u{3400}", true), ("\u{9FFF}", true),
    ("\u{4DC0}", true), ("\u{33FF}", false), ("\u{A000}", false), ("\u{B8}", false),
    ("\u{E9}", false), ("\u{F91F}", false), ("\u{30AB}", false), ("\u{3000}", false),
    ("\u{E000}", true), ("\u{F8FF}", true), ("\u{F900}", false), ("\u{FB1D}", false),
    ("\u{FF10}", true), ("\u{FF9E}", true), ("\u{FFFD}", true), ("😀", false), ("𠈌", true),
    ("\u{20000}", true), ("\u{2F800}", false), ("\u{2FA1D}", false), ("\u{31350}", true),
    ("\u{40000}", false), ("张\u{301}", false), ("e\u{3099}", false),
  ])
  func stableCharacters(_ text: String, _ stable: Bool) {
    #expect(text.withUTF8Bytes(NameInterner.isNormalizationStable) == stable)
  }

  /// Keys drawn from characters that are stable, unstable, and canonically equivalent in pairs.
  static let alphabet: [String] = [
    "张", "伟", "李", "娜", "a", "Z", " ", "·", "\u{862D}", "\u{F91F}", "e", "\u{301}", "\u{E9}",
    "\u{30AB}", "\u{3099}", "\u{30AC}", "𠈌", "\u{2F800}", "\u{4E3D}", "花花花花花",
  ]
  static let key = Gen<String?>.element(of: alphabet).map { $0! }.array(of: 1...4).map { $0.joined() }

  @Test func agreesWithADictionaryOnRandomKeys() async {
    await propertyCheck(count: 300, input: NameInternerTests.key.array(of: 1...40)) { keys in
      let (numbers, names) = NameInternerTests.interned(keys)
      #expect(numbers == NameInternerTests.reference(keys))
      for key in keys { #expect(names.index(of: key) == numbers[keys.firstIndex(of: key)!]) }
    }
  }

  @Test func stableKeysAloneStayOnTheByteTable() async {
    let stable = Gen<String?>.element(of: ["张", "伟", "李", "娜", "a", "·", "\u{862D}"]).map { $0! }
      .array(of: 1...3).map { $0.joined() }
    await propertyCheck(count: 200, input: stable.array(of: 1...60)) { keys in
      let (numbers, names) = NameInternerTests.interned(keys)
      #expect(numbers == NameInternerTests.reference(keys))
      #expect(!names.hasUnstableKeys)
    }
  }
}

/// Place ranks order as the strings do.
@Suite struct PlaceRanksTests {
  @Test func ranksTheExample() {
    #expect(PlaceRanks(["西和县", "礼县", "西和县", ""]).ranks == [2, 1, 2, 0])
  }

  /// Place names of up to three pieces drawn from `pieces`.
  static func places(_ pieces: [String]) -> Generator<[String], some SendableSequenceType> {
    Gen<String?>.element(of: pieces).map { $0! }.array(of: 0...3).map { $0.joined() }.array(of: 1...30)
  }

  /// Checks `agree(rank i vs rank j, name i vs name j)` for every pair of names.
  static func everyPair(
    _ names: [String], _ agree: (Int32, Int32, String, String) -> Bool
  ) {
    let ranks = PlaceRanks(names).ranks
    for i in names.indices {
      for j in names.indices {
        #expect(agree(ranks[i], ranks[j], names[i], names[j]), "\(names[i]) vs \(names[j])")
      }
    }
  }

  /// Equal ranks for equal names, including canonically equivalent spellings.
  @Test func equalNamesShareARank() async {
    let pieces = ["西", "和", "a", "\u{E9}", "e\u{301}", "\u{F91F}", "\u{862D}", "𠈌", ""]
    await propertyCheck(count: 200, input: PlaceRanksTests.places(pieces)) { names in
      PlaceRanksTests.everyPair(names) { a, b, x, y in (a == b) == (x == y) }
    }
  }

  /// Ranks order as the strings do. (Spellings that are not in NFC are left out: the standard
  /// library's `<` is not a strict order between "e\u{301}" and "\u{E9}a" — neither is less.)
  @Test func ordersAsStrings() async {
    let pieces = ["西", "和", "县", "礼", "a", "\u{E9}", "\u{862D}", "𠈌", ""]
    await propertyCheck(count: 200, input: PlaceRanksTests.places(pieces)) { names in
      PlaceRanksTests.everyPair(names) { a, b, x, y in (a < b) == (x < y) }
    }
  }
}

@Suite struct RecordNamesTests {
  static func verified(_ source: SourceKind = .civilAffairs, name: String, key: String? = nil) -> VerifiedRecord {
    var s = SubjectRecord(provenance: Provenance(source: source, file: "a.csv", line: 2))
    s.name = name
    s.nameKey = key ?? name
    return VerifiedRecord(s)
  }

  /// Every record but those of a deaths list, by its name key (not its name): equivalent keys
  /// hash alike, a record without a name has none.
  @Test func hashesEachRecordsNameKey() {
    let records = [
      Self.verified(name: "張偉", key: "张伟"), Self.verified(name: "李娜"),
      Self.verified(.deaths, name: "王五"), Self.verified(name: ""),
      Self.verified(.disability, name: "张伟"), Self.verified(name: "\u{F91F}花"),
      Self.verified(name: "\u{862D}花"), Self.verified(name: "Caf\u{E9}"),
      Self.verified(name: "Cafe\u{301}"),
    ]
    let h = RecordNames(records).hash
    #expect(h[0] == h[4] && h[5] == h[6] && h[7] == h[8])
    #expect(h[2] == RecordNames.none && h[3] == RecordNames.none)
    #expect(Set([h[0], h[1], h[5], h[7]]).count == 4)
    for i in [0, 1, 4, 5, 6, 7, 8] { #expect(h[i] != RecordNames.none) }
  }

  /// Keys equal as strings hash alike, whatever their spelling; keys that differ get
  /// different hashes (for these, as for all but one pair in 2⁶⁴).
  @Test func hashesAsStringsCompare() async {
    let pieces = ["张", "伟", "a", "\u{E9}", "e\u{301}", "\u{862D}", "\u{F91F}", "\u{30AC}", "\u{30AB}\u{3099}", "·"]
    let key = Gen.int(in: 0...(pieces.count - 1)).array(of: 0...4).map { $0.map { pieces[$0] }.joined() }
    await propertyCheck(count: 300, input: key, key) { a, b in
      #expect((RecordNames.hash(a) == RecordNames.hash(b)) == (a == b), "\(a) / \(b)")
      #expect(RecordNames.hash(a) != RecordNames.none)
    }
  }

  /// What pairs with equal hashes are checked by: the keys as strings.
  @Test func sameNameKeyComparesKeysAsStrings() {
    let records = [
      Self.verified(name: "張偉", key: "张伟"), Self.verified(name: "张伟"), Self.verified(name: "李娜"),
    ]
    #expect(RecordNames.sameNameKey(0, 1, in: records))
    #expect(!RecordNames.sameNameKey(0, 2, in: records))
  }
}
