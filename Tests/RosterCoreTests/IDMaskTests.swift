import PropertyBased
import Testing

@testable import RosterCore

@Suite struct IDMaskTests {
  @Test func masksTheMiddleOfAnEighteenCharacterID() {
    #expect(IDMask.mask("62122520080101002X") == "621225********002X")
  }
  @Test func masksFifteenDigitIDs() {
    #expect(IDMask.mask("610104620927690") == "610104*****7690")
  }
  @Test func shortValuesKeepOnlyTheLastCharacter() {
    #expect(IDMask.mask("12345") == "****5")
    #expect(IDMask.mask("1") == "*")
    #expect(IDMask.mask("") == "")
  }
  /// The byte path (ASCII) masks as the character path does, at every length.
  @Test func bytesAndCharactersMaskAlike() async {
    let text = Gen<Character?>.element(of: ["1", "X", "x", " ", "\r", "\n", "\r\n", "张", "é", "e\u{301}"])
      .map { $0! }.string(of: 0...24)
    await propertyCheck(count: 500, input: text) { id in
      #expect(IDMask.mask(id) == IDMask.maskCharacters(id))
    }
    for n in 0...20 {
      let id = String(repeating: "7", count: n)
      #expect(IDMask.mask(id) == IDMask.maskCharacters(id))
    }
  }
  /// Masking into a byte buffer gives the bytes of `mask`, after what the buffer held.
  @Test func appendMaskedAppendsTheMasksBytes() async {
    let text = Gen<Character?>.element(of: ["1", "X", "0", " "]).map { $0! }.string(of: 0...24)
    await propertyCheck(count: 300, input: text) { id in
      var out = Array("see ".utf8)
      Array(id.utf8).withUnsafeBufferPointer { IDMask.appendMasked($0, to: &out) }
      #expect(String(decoding: out, as: UTF8.self) == "see " + IDMask.mask(id))
    }
  }
}

@Suite struct IDScrubTests {
  @Test func masksIDsInsideText() {
    #expect(IDMask.scrub("see 62122520080101002X, line 4") == "see 621225********002X, line 4")
    #expect(IDMask.scrub("old 610104620927690.") == "old 610104*****7690.")
  }
  @Test func leavesOtherNumbersAlone() {
    #expect(IDMask.scrub("phone 13912345678, 4225 households") == "phone 13912345678, 4225 households")
    #expect(IDMask.scrub("1234567890123456789012") == "1234567890123456789012")
  }
}

@Suite struct HTMLTextTests {
  @Test func escapesMarkupAndMasksIDs() {
    #expect(HTMLText.escape("<b>62122520080101002X</b> & 'x'") == "&lt;b&gt;621225********002X&lt;/b&gt; &amp; &#39;x&#39;")
  }
}

/// Unit and group IDs are these hashes: a change would rename every unit between runs.
@Suite struct StableHashTests {
  @Test func hashesAsTheyAlwaysHave() {
    #expect(StableHash.hex("11010519491231002X") == "D48357283D7784B7")
    #expect(StableHash.hex("") == "EFD01F60BA992926")
    #expect(StableHash.hex("张伟") == "2E137F336D527A51")
    #expect(StableHash.hex("621225201105200873", prefix: "P-") == "P-32797424E41F60D7")
  }

  @Test func aPrefixComesFirst() {
    for text in ["", "a", "HH1", "ID:11010519491231002X", "NO:西和县|0012"] {
      for prefix in ["", "G-", "前缀"] {
        #expect(StableHash.hex(text, prefix: prefix) == prefix + StableHash.hex(text))
      }
    }
  }

  /// Hashing bytes is hashing the text they spell: unit and group IDs made either way agree.
  @Test func bytesHashAsTheirText() async {
    let text = Gen<Character?>.element(of: ["1", "X", ":", "G", "张", "é"]).map { $0! }.string(of: 0...30)
    await propertyCheck(count: 300, input: text) { s in
      Array(s.utf8).withUnsafeBufferPointer { bytes in
        #expect(StableHash.fnv1a64(bytes: bytes) == StableHash.fnv1a64(s))
        #expect(StableHash.hex(bytes: bytes, prefix: "G-") == StableHash.hex(s, prefix: "G-"))
      }
    }
  }
}
