import PropertyBased
import RosterCore
import TestSupport
import Testing

@Suite struct VerifiedRecordTests {
  @Test func keepsWhatTheLedgerNeeds() {
    var s = SubjectRecord(provenance: Provenance(source: .civilAffairs, file: "a.csv", line: 7))
    s.name = "張偉"
    s.nameKey = "张伟"
    s.idRaw = "１１０１０５１９４９１２３１００２ｘ"
    s.id = "11010519491231002X"
    s.idValid = true
    s.findings = [Finding(.idNormalized), Finding(.childAgedOut)]
    s.relation = "户主"
    let v = VerifiedRecord(s)
    #expect(v.id == "11010519491231002X")
    #expect(v.idRaw == s.idRaw)
    #expect(v.nameKey == "张伟")
    #expect(v.name == "張偉")
    #expect(v.isHouseholdHead)
    #expect(v.reasons.codes == "ID_NORMALIZED;CHILD_AGED_OUT")
  }

  @Test func householdHeadsAreTheirRelationsWords() {
    func head(_ relation: String) -> Bool {
      var s = SubjectRecord(provenance: Provenance(source: .civilAffairs, file: "a.csv", line: 2))
      s.relation = relation
      return VerifiedRecord(s).isHouseholdHead
    }
    for word in ["户主", "本人", "户主本人", "本人（户主）", "系户主"] { #expect(head(word), "\(word)") }
    for word in ["", "配偶", "子", "本人之子", "户", "主", "户 主", "本"] { #expect(!head(word), "\(word)") }
  }

  /// The in-place readers of an array of records give what the properties give.
  @Test func inPlaceReadersMatchTheProperties() {
    var s = SubjectRecord(provenance: Provenance(source: .civilAffairs, file: "a.csv", line: 7))
    var records: [VerifiedRecord] = []
    for (name, key, id, valid) in [
      ("張偉", "张伟", "11010519491231002X", true), ("李娜", "李娜", "110105194912310021", true),
      ("王五", "王五", "6.21225E+17", false), ("", "", "", false),
    ] {
      s.name = name
      s.nameKey = key
      s.id = id
      s.idRaw = name == "李娜" ? " 110105 19491231 0021 " : id
      s.idValid = valid
      records.append(VerifiedRecord(s))
    }
    for i in records.indices {
      #expect(records.nameKey(at: i) == records[i].nameKey)
      #expect(records.id(at: i) == records[i].id)
      #expect(records.idRawIfDifferent(at: i) == records[i].idRawIfDifferent)
      #expect(records.withIDBytes(at: i) { Array($0) } == Array(records[i].id.utf8))
      #expect(records[i].withIDBytes { Array($0) } == Array(records[i].id.utf8))
    }
    #expect(records.nameKey(at: 0) == "张伟")
    #expect(records.id(at: 2) == "6.21225E+17")
    #expect(records.idRawIfDifferent(at: 1) == " 110105 19491231 0021 ")
    #expect(records.idRawIfDifferent(at: 0) == nil)
  }

  /// A province keeps six million of these in memory: 112 bytes each is 0.65 GB.
  @Test func staysCompact() {
    #expect(MemoryLayout<VerifiedRecord>.stride <= 112)
  }

  @Test func recordsWithAndWithoutRareStringsCompareByValue() {
    var s = SubjectRecord(provenance: Provenance(source: .civilAffairs, file: "a.csv", line: 7))
    s.name = "張偉"
    s.nameKey = "张伟"
    s.id = "11010519491231002X"
    s.idRaw = s.id
    s.idValid = true
    let a = VerifiedRecord(s)
    #expect(a == VerifiedRecord(s))
    #expect(a.hashValue == VerifiedRecord(s).hashValue)
    s.nameKey = s.name
    let b = VerifiedRecord(s)
    #expect(a != b)
    #expect(b.nameKey == "張偉")
    #expect(b.idRawIfDifferent == nil)
  }

  @Test func invalidIDsKeepTheirText() {
    var s = SubjectRecord(provenance: Provenance(source: .disability, file: "b.xml", line: 3))
    s.idRaw = "6.21225E+17"
    s.id = "6.21225E+17"
    s.idValid = false
    let v = VerifiedRecord(s)
    #expect(!v.idValid)
    #expect(v.id == "6.21225E+17")
    #expect(v.idRaw == "6.21225E+17")
  }

  @Test func validIDsRoundTripThroughTheirCompactForm() async {
    await propertyCheck(input: Gen.int(in: 0...99_999_999_999_999_999), Gen.int(in: 0...10)) {
      body, check in
      var digits = String(body)
      digits = String(repeating: "0", count: 17 - digits.count) + digits
      let id = digits + (check == 10 ? "X" : String(check))
      var s = SubjectRecord(provenance: Provenance(source: .civilAffairs, file: "a", line: 1))
      s.id = id
      s.idRaw = id
      s.idValid = true
      #expect(VerifiedRecord(s).id == id)
    }
  }

  /// `split` reads exactly 17 digits then a digit or X, whatever the text around them.
  @Test func splitAcceptsOnlyTheEighteenCharacterShape() async {
    let alphabet = Array("0123456789X x/９")
    await propertyCheck(input: Gen.int(in: 0...40), Gen.int(in: 14...20), Gen.int(in: 0...Int.max)) {
      noise, length, seed in
      var random = SeededRandom(seed)
      func next() -> Int { random.next(below: 1000) }
      // Mostly digits, sometimes any character of the alphabet.
      let text = String((0..<length).map { _ in next() < noise * 10 ? alphabet[next() % alphabet.count] : Character(String(next() % 10)) })
      let bytes = Array(text.utf8)
      let shaped =
        bytes.count == 18 && bytes[..<17].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        && ((bytes[17] >= 0x30 && bytes[17] <= 0x39) || bytes[17] == 0x58)
      let split = VerifiedRecord.split(text)
      #expect((split != nil) == shaped, "\(text)")
      if let (body, check) = split {
        #expect(body == UInt64(text.prefix(17)))
        #expect(check == bytes[17])
      }
    }
  }
}

extension VerifiedRecordTests {
  /// The eight-at-a-time reading of `split(bytes:)` against reading digit by digit, on
  /// 18 bytes drawn mostly from the edges of the digit range (one byte either side of "0" and
  /// "9", the extremes, X) so that every way a lane can wrap or carry is met.
  @Test func splitOfBytesAgreesWithReadingDigitByDigit() async {
    let edges: [UInt8] = [0x00, 0x01, 0x2E, 0x2F, 0x3A, 0x3B, 0x58, 0x78, 0x7F, 0x80, 0xEF, 0xFA, 0xFF]
    await propertyCheck(input: Gen.int(in: 0...Int.max), Gen.int(in: 0...6)) { seed, density in
      var random = SeededRandom(seed)
      // `density` in 0...6: from no odd byte (all digits) to about one in two.
      let bytes = (0..<18).map { _ -> UInt8 in
        random.next(below: 12) < density
          ? edges[random.next(below: edges.count)] : UInt8(0x30 + random.next(below: 10))
      }
      var naive: (UInt64, UInt8)? = nil
      if bytes[..<17].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
        (bytes[17] >= 0x30 && bytes[17] <= 0x39) || bytes[17] == 0x58
      {
        naive = (bytes[..<17].reduce(0) { $0 * 10 + UInt64($1 - 0x30) }, bytes[17])
      }
      let split = bytes.withUnsafeBufferPointer { VerifiedRecord.split(bytes: $0) }
      #expect(split?.0 == naive?.0 && split?.1 == naive?.1, "\(bytes)")
    }
  }

  @Test func splitReadsTheLargestAndSmallestBodies() {
    #expect(VerifiedRecord.split("999999999999999999")! == (99_999_999_999_999_999, 0x39))
    #expect(VerifiedRecord.split("00000000000000000X")! == (0, 0x58))
    #expect(VerifiedRecord.split("12345678901234567X")! == (12_345_678_901_234_567, 0x58))
    #expect(VerifiedRecord.split("1234567890123456:7") == nil)
    #expect(VerifiedRecord.split("/23456789012345678") == nil)
  }
}

@Suite struct ReasonSetTests {
  @Test func iteratesInCatalogOrder() {
    let set = ReasonSet([.probableDupIDTypo, .idNormalized, .deceased])
    #expect(Array(set) == [.idNormalized, .deceased, .probableDupIDTypo])
    #expect(set.count == 3)
  }

  @Test func effectsAreDerivedFromTheCatalog() {
    #expect(ReasonSet([.idCheckDigit]).rejects)
    #expect(!ReasonSet([.idNormalized]).rejects)
    #expect(ReasonSet([.childAgedOut]).excludes)
    #expect(ReasonSet([.sexMismatch]).needsReview)
  }

  @Test func holdsEveryCode() {
    let all = ReasonSet(Reason.allCases)
    #expect(all.count == Reason.allCases.count)
    #expect(Array(all) == Reason.allCases)
  }
}
