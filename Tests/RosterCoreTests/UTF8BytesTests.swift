import Testing

import RosterCore

/// Strings are read as their UTF-8 bytes, whatever their contents or length.
@Suite struct UTF8BytesTests {
  @Test(arguments: ["", "a", "户主", "11010519491231002X", "阿依古丽·买买提 e\u{301} 😀", String(repeating: "张", count: 40)])
  func givesTheUTF8Bytes(_ text: String) {
    #expect(text.withUTF8Bytes { Array($0) } == Array(text.utf8))
  }

  @Test func aSubstringMadeIntoAStringReadsTheSame() {
    let whole = "县区:西和县"
    let part = String(whole.split(separator: ":")[1])
    #expect(part.withUTF8Bytes { Array($0) } == Array("西和县".utf8))
  }
}
