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

  /// `hasUTF8Bytes` answers as comparing with the string's UTF-8 view does, for arrays, slices
  /// and other collections; canonically equivalent spellings with other bytes are not equal.
  @Test(arguments: ["", "a", "户主", "11010519491231002X", "Cafe\u{301}", String(repeating: "张", count: 40)])
  func comparesBytes(_ text: String) {
    let bytes = Array(text.utf8)
    #expect(text.hasUTF8Bytes(bytes) && text.hasUTF8Bytes(bytes[...]) && text.hasUTF8Bytes(text.utf8))
    #expect(!text.hasUTF8Bytes(bytes + [0x41]) && !text.hasUTF8Bytes(Array(bytes.dropLast())) || bytes.isEmpty)
    if let last = bytes.last {
      #expect(!text.hasUTF8Bytes(bytes.dropLast() + [last ^ 1]))
    }
    #expect(!"Caf\u{E9}".hasUTF8Bytes(Array("Cafe\u{301}".utf8)))
    #expect(!text.hasUTF8Bytes(AnySequenceOfBytes(bytes + [0x20])))
    #expect(text.hasUTF8Bytes(AnySequenceOfBytes(bytes)))
  }
}

/// A collection without contiguous storage, for the fallback path.
struct AnySequenceOfBytes: Collection {
  let bytes: [UInt8]
  init(_ bytes: [UInt8]) { self.bytes = bytes }
  var startIndex: Int { 0 }
  var endIndex: Int { bytes.count }
  func index(after i: Int) -> Int { i + 1 }
  subscript(i: Int) -> UInt8 { bytes[i] }
}
