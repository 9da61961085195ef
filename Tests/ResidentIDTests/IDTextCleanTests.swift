import PropertyBased
import Testing

@testable import ResidentID

/// The shortcut for values of digits and capital letters gives what the full cleaning gives.
@Suite struct IDTextCleanTests {
  static let pieces = [
    "0", "7", "9", "X", "B", "A", "Z", "x", "b", "１", "Ｘ", " ", "\u{3000}", "-", "\"", "=", "'", "’",
    "\u{200B}", "张", "😀",
  ]
  static let values = Gen<Int>.int(in: 0...(pieces.count - 1)).array(of: 0...24)
    .map { $0.map { pieces[$0] }.joined() }

  @Test func shortcutAgreesWithTheFullCleaning() async {
    await propertyCheck(count: 500, input: Self.values) { value in
      var copy = value
      let fast = copy.withUTF8 { IDText.clean($0) }
      let full = copy.withUTF8 { IDText.cleanScalars($0) }
      #expect(fast.bytes == full.bytes && fast.artefacts == full.artefacts, "\(value)")
    }
    // The shortcut's own cases, each checked against the full cleaning too.
    for value in ["62122520080101002442", "62122520080101002X42B1", "", "ABC"] {
      var copy = value
      let fast = copy.withUTF8 { IDText.clean($0) }
      #expect(fast.bytes == Array(value.utf8) && fast.artefacts.isEmpty)
      #expect(copy.withUTF8 { IDText.cleanScalars($0) }.bytes == fast.bytes)
    }
  }
}
