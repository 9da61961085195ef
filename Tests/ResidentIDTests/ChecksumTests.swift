import RosterCore
import PropertyBased
import ResidentID
import Testing

/// ISO 7064 MOD 11-2 (GB 11643-1999 §8) and what is built on it.
@Suite struct ChecksumTests {
  @Test func workedExampleOfTheStandard() {
    #expect(IDChecksum.checkCharacter(for: "11010519491231002") == "X")
    let id = engine.parse("11010519491231002X")
    #expect(id.isValid)
    #expect(id.kind == .resident)
    #expect(id.reasons == [])
    #expect(id.birthDate == CalendarDate(year: 1949, month: 12, day: 31))
    #expect(id.sex == .female)
    #expect(id.regionCode == "110105")
    #expect(id.regionName == "北京市朝阳区")
  }

  @Test(arguments: [
    ("11010519491231002", "X"), ("44052418800101001", "4"), ("62122520080101002", "4"),
    ("61010419620927690", "8"),
  ])
  func checkCharacters(body: String, check: String) {
    #expect(IDChecksum.checkCharacter(for: body).map(String.init) == check)
  }

  @Test func checkCharacterNeedsSeventeenDigits() {
    #expect(IDChecksum.checkCharacter(for: "1101051949123100") == nil)
    #expect(IDChecksum.checkCharacter(for: "1101051949123100X") == nil)
  }

  @Test func wrongCheckCharacterIsReported() {
    let id = engine.parse("110105194912310021")
    #expect(!id.isValid)
    #expect(id.reasons == [.idCheckDigit])
    #expect(id.findings.first?.message == "the check character should be X, the number has 1")
  }

  @Test func everyGeneratedValidIDValidates() async {
    await propertyCheck(count: 500, input: validIDs) { id in
      let parsed = engine.parse(id)
      #expect(parsed.isValid, "\(parsed.reasons)")
      #expect(parsed.normalized == id)
      #expect(IDChecksum.hasValidCheck(id))
    }
  }

  @Test func everySingleDigitSubstitutionIsCaught() async {
    await propertyCheck(count: 60, input: validIDs) { id in
      var chars = Array(id)
      for i in 0..<17 {
        let original = chars[i]
        for d in "0123456789" where d != original {
          chars[i] = d
          let typo = String(chars)
          #expect(!IDChecksum.hasValidCheck(typo), "\(typo)")
          #expect(!engine.parse(typo).isValid, "\(typo)")
        }
        chars[i] = original
      }
    }
  }

  @Test func adjacentTranspositionsOfDifferentDigitsAreCaught() async {
    await propertyCheck(count: 60, input: validIDs) { id in
      var chars = Array(id)
      for i in 0..<16 where chars[i] != chars[i + 1] {
        chars.swapAt(i, i + 1)
        #expect(!IDChecksum.hasValidCheck(String(chars)))
        chars.swapAt(i, i + 1)
      }
    }
  }

  @Test func correctionsFindTheOriginalOfAnyTypo() async {
    await propertyCheck(
      count: 60, input: validIDs, Gen.int(in: 0...16), Gen.int(in: 1...9)
    ) { id, position, shift in
      var chars = Array(id.utf8)
      chars[position] = (chars[position] - 48 + UInt8(shift)) % 10 + 48
      let typo = String(decoding: chars, as: UTF8.self)
      let candidates = engine.corrections(of: typo)
      #expect(candidates.contains(id))
      #expect(candidates.allSatisfy { engine.parse($0).isValid })
    }
  }

  @Test func correctionsOfASwap() {
    // 11010519491231002X with "00" → fine; swap "31" → "13" at positions 12–13.
    let candidates = engine.corrections(of: "11010519491213002X")
    #expect(candidates.contains("11010519491231002X"))
  }

  @Test func correctionsOfAWrongCheckCharacter() {
    #expect(
      IDChecksum.checkPassingNeighbours(of: "110105194912310021").contains("11010519491231002X"))
  }

  @Test func neighboursNeedAnEighteenCharacterID() {
    #expect(IDChecksum.checkPassingNeighbours(of: "610104620927690").isEmpty)
    #expect(IDChecksum.checkPassingNeighbours(of: "11010519491231002").isEmpty)
    #expect(engine.corrections(of: "张三").isEmpty)
  }
}
