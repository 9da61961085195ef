import PropertyBased
import RosterCore
import Testing

@testable import Emit

/// The byte-level helpers behind findings.csv and its spools agree with the plain definitions.
@Suite struct FindingBytesTests {
  static let alphabet = Array("ab 备注,\"\t\n\r0")

  /// Any message: the eight-at-a-time scan finds a comma or quote, and a tab, LF or CR,
  /// exactly when one is there, wherever it is (before, in and after the eight-byte blocks).
  @Test func specialBytesAreFoundWhereverTheyAre() async {
    let text = Gen<Character?>.element(of: Self.alphabet).map { $0! }.array(of: 0...40).map { String($0) }
    await propertyCheck(count: 300, input: text) { message in
      var naive = FindingsOutput.SpecialBytes()
      if message.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 }) { naive.insert(.commaOrQuote) }
      if message.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { naive.insert(.lineBreak) }
      #expect(message.withUTF8Bytes { FindingsOutput.specialBytes($0) } == naive, "\(message.debugDescription)")
    }
  }

  /// The tail of a finding: the message as is when plain, on one line and quoted otherwise.
  @Test func tailsAreEscapedAsCSV() {
    func tail(_ message: String) -> String {
      var bytes: [UInt8] = []
      FindingsOutput.appendTail(Finding(.dupSameSource, field: .idNumber, message: message), to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    }
    #expect(tail("the same person as a.csv:2") == "DUP_SAME_SOURCE,info,id_number,the same person as a.csv:2")
    #expect(tail("one, two") == "DUP_SAME_SOURCE,info,id_number,\"one, two\"")
    #expect(tail("say \"x\"") == "DUP_SAME_SOURCE,info,id_number,\"say \"\"x\"\"\"")
    #expect(tail("first\r\nsecond\tthird") == "DUP_SAME_SOURCE,info,id_number,first second third")
    #expect(tail("\"a\"\n\"") == "DUP_SAME_SOURCE,info,id_number,\"\"\"a\"\" \"\"\"")
    #expect(tail("") == "DUP_SAME_SOURCE,info,id_number,")
  }

  @Test(arguments: [0, 7, 10, 99, 1_000_000, Int.max, -1, -305, Int.min])
  func decimalsAreWrittenAsStringsAre(_ value: Int) {
    var bytes: [UInt8] = [0x41]
    FindingBatch.appendDecimal(value, to: &bytes)
    #expect(String(decoding: bytes, as: UTF8.self) == "A" + String(value))
  }
}
