import RosterCore
import Testing

@Suite struct IDMaskTests {
  @Test func masksTheMiddleOfAnEighteenCharacterID() {
    #expect(IDMask.mask("62122520080101002X") == "621225********002X")
  }
  @Test func masksFifteenDigitIDs() {
    #expect(IDMask.mask("610104620927690") == "610104*****7690")
  }
  @Test func shortValuesKeepOnlyTheLastCharacter() {
    #expect(IDMask.mask("12345") == "****5")
    #expect(IDMask.mask("") == "")
  }
}
