import RosterCore
import ResidentID
import Testing

/// Every row of the data contract's §3.3 table, "How IDs get damaged, and what to do".
@Suite struct CorruptionTableTests {
  /// Row 1: full-width digits and letters, lowercase x, spaces, hyphens, leading ', zero-width
  /// characters, NBSP, U+3000 → normalize silently, record an info finding.
  @Test func typingArtefacts() {
    // The contract's example. (Its 17 digits call for the check character 4, not X, so it also
    // fails the check; the normalization itself is what this row is about.)
    let example = engine.parse("６２１２２５２００８０１０１００２ｘ")
    #expect(example.normalized == "62122520080101002X")
    #expect(example.reasons.contains(.idNormalized))
    #expect(example.reasons == [.idNormalized, .idCheckDigit])
    // The same typing with the right check character: valid, with only the info finding.
    let typed = engine.parse("\u{FEFF}'６２１２２５ ２００８０１０１\u{00A0}００２-４\u{200B}\u{3000}")
    #expect(typed.normalized == "621225200801010024")
    #expect(typed.isValid)
    #expect(typed.reasons == [.idNormalized])
    #expect(Reason.idNormalized.severity == .info)
    #expect(Reason.idNormalized.effect == .none)
  }

  /// Row 2: Excel scientific notation → unrecoverable, reject with a clear reason.
  @Test func scientificNotation() {
    let id = engine.parse("6.21225E+17")
    #expect(id.reasons == [.idExcelScientific])
    #expect(Reason.idExcelScientific.effect == .reject)
    #expect(id.findings.first?.message.contains("scientific notation") == true)
  }

  /// Row 3: 15-digit precision loss (…000). Check fails → rejected as damaged, not as a typo;
  /// check passes → kept with a warning; many in a file → the whole column was damaged.
  @Test func precisionLoss() {
    let damaged = engine.parse("621225200801010000")
    #expect(damaged.reasons == [.idExcelZeroed])
    #expect(Reason.idExcelZeroed.effect == .reject)
    #expect(engine.corrections(of: "621225200801010000").isEmpty == false)  // possible, but…
    #expect(!damaged.reasons.contains(.idCheckDigit))  // …the finding is not a typo

    let passing = engine.parse("621225200801011000")
    #expect(IDChecksum.hasValidCheck("621225200801011000") == passing.isValid)
    if passing.isValid {
      #expect(passing.reasons == [.idZeroEndingConfirm])
    }
    let kept = engine.parse(zeroEndingValidID())
    #expect(kept.isValid)
    #expect(kept.reasons == [.idZeroEndingConfirm])
    #expect(Reason.idZeroEndingConfirm.severity == .warning)

    var tally = IDColumnTally()
    for day in 1...9 { tally.add(engine.parse("62122520080101\(day)000")) }
    for _ in 0..<20 { tally.add(engine.parse("11010519491231002X")) }
    #expect(tally.finding(rules: Rules.IDColumnRules())?.reason == .idExcelColumnDamaged)
  }

  /// Row 4: one mistyped digit, two adjacent digits swapped → the check fails; look for the
  /// real person (the corrections feed §5's probable duplicates).
  @Test func typos() {
    let original = "11010519491231002X"
    let substituted = engine.parse("11010519491231007X")
    #expect(substituted.reasons == [.idCheckDigit])
    #expect(engine.corrections(of: "11010519491231007X").contains(original))
    let swapped = engine.parse("11010591491231002X")
    #expect(swapped.reasons.contains(.idCheckDigit))
    #expect(engine.corrections(of: "11010591491231002X").contains(original))
  }

  private func zeroEndingValidID() -> String {
    for n in 0..<1000 {
      let candidate = makeID(
        code: 110_105, year: 1990 + n % 30, month: 1 + n % 12, day: 1 + n % 28, sequence: 100)
      if candidate.hasSuffix("000") { return candidate }
      let raw = String(candidate.prefix(15)) + "000"
      if IDChecksum.hasValidCheck(raw) { return raw }
    }
    return ""
  }
}
