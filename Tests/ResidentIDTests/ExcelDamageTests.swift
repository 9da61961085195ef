import RosterCore
import ResidentID
import Testing

/// IDs damaged by Excel (§3.3): scientific notation, 15-digit precision loss, whole columns.
@Suite struct ExcelDamageTests {
  @Test(arguments: [
    "6.21225E+17", "6.21225e17", "6,21225E+17", "6.21225200801E+17", "6E+17", " 6.21225E+17 ",
    "=\"6.21225E+17\"", "'6.21225E+17", "１.２E+17",
  ])
  func scientificNotationIsUnrecoverable(typed: String) {
    let id = engine.parse(typed)
    #expect(!id.isValid)
    #expect(id.reasons.contains(.idExcelScientific))
    #expect(!id.reasons.contains(.idNotAnID))
    #expect(id.kind == nil)
  }

  @Test(arguments: ["6.2.1E+17", "E+17", "6.E17", "6.21225E", "abcE+17"])
  func notScientificNotation(typed: String) {
    #expect(!engine.parse(typed).reasons.contains(.idExcelScientific))
  }

  @Test func zeroedEndingFailingTheCheckIsExcelDamage() {
    let id = engine.parse("621225200801010000")
    #expect(!id.isValid)
    #expect(id.reasons == [.idExcelZeroed])
    #expect(!id.reasons.contains(.idCheckDigit))  // not a typo: no typo search
    #expect(id.sex == nil)  // the sex digit is lost
    #expect(id.birthDate == CalendarDate(year: 2008, month: 1, day: 1))  // the first 15 survive
  }

  @Test func zeroedEndingPassingTheCheckIsKeptWithAWarning() throws {
    // Find a real-looking ID ending in 000 whose check character is 0.
    // Positions 15–17 (the sequence's last two digits and the check) are 000.
    let raw = try #require(
      (0...279).lazy.map { "621225200801\(String(format2: 1 + $0 / 10))\($0 % 10)000" }
        .first { IDChecksum.hasValidCheck($0) })
    let id = engine.parse(raw)
    #expect(id.isValid)
    #expect(id.reasons == [.idZeroEndingConfirm])
    #expect(Reason.idZeroEndingConfirm.severity == .warning)
    #expect(id.sex == .female)
  }

  @Test func columnTallyFlagsManyZeroEndings() {
    var tally = IDColumnTally()
    let good = makeID(code: 621_225, year: 2008, month: 1, day: 1, sequence: 21)
    for _ in 0..<30 { tally.add(engine.parse(good)) }
    for _ in 0..<2 { tally.add(engine.parse("621225200801010000")) }
    tally.add(engine.parse("610104620927690"))  // legacy IDs are not counted
    tally.add(engine.parse("张三"))
    #expect(tally.eighteenCharacterIDs == 32)
    #expect(tally.zeroEndings == 2)
    #expect(tally.finding(rules: Rules.IDColumnRules()) == nil)  // 2 < minimumCount 3
    tally.add(engine.parse("621225200801020000"))
    let finding = tally.finding(rules: Rules.IDColumnRules())
    #expect(finding?.reason == .idExcelColumnDamaged)
    #expect(finding?.message.hasPrefix("3 of 33 18-digit IDs (9.1%) end in 000") == true)
  }

  @Test func columnRuleNeedsBothThresholds() {
    let rules = Rules.IDColumnRules(minimumCount: 3, minimumShare: 0.05)
    #expect(IDColumnTally.isColumnDamaged(zeroEndings: 3, eighteenCharacterIDs: 60, rules: rules))
    #expect(!IDColumnTally.isColumnDamaged(zeroEndings: 3, eighteenCharacterIDs: 61, rules: rules))
    #expect(!IDColumnTally.isColumnDamaged(zeroEndings: 2, eighteenCharacterIDs: 2, rules: rules))
    #expect(!IDColumnTally.isColumnDamaged(zeroEndings: 0, eighteenCharacterIDs: 0, rules: rules))
  }
}

extension String {
  /// Two digits, zero-padded.
  init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
