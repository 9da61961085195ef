@testable import Ingest
import PropertyBased
import Testing

/// The word-at-a-time UTF-8 check the CSV reader runs on every row, against the standard
/// library's decoder.
@Suite struct UTF8ValidationTests {
  /// Pieces that put sequences of every kind at every offset of an eight-byte word: ASCII,
  /// CJK (three bytes, leads E1…EF), leads E0 and ED at and past their bounds, two- and
  /// four-byte sequences, and broken ones (lone continuations, cut-off leads, overlongs,
  /// surrogates, bytes never valid).
  static let pieces: [[UInt8]] = [
    [0x41], [0x2C], [0x30, 0x31, 0x32], Array("张".utf8), Array("三".utf8), Array("镇".utf8),
    Array("，".utf8), [0xE0, 0xA0, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80],
    Array("·".utf8), Array("é".utf8), Array("𠈌".utf8), Array("😀".utf8), [0x80], [0xBF],
    [0xE4], [0xE4, 0xB8], [0xC0, 0x80], [0xC2], [0xF0, 0x9F], [0xF5, 0x80, 0x80, 0x80], [0xFF],
    [0xE4, 0x41, 0x80],
  ]
  static let input = Gen<Int>.int(in: 0...(pieces.count - 1)).array(of: 0...40)

  @Test func agreesWithTheStandardLibrary() async {
    await propertyCheck(count: 2000, input: Self.input) { picks in
      let bytes = picks.flatMap { Self.pieces[$0] }
      let expected = String(validating: bytes, as: UTF8.self) != nil
      let start = { (b: UnsafeBufferPointer<UInt8>) in b.baseAddress ?? UnsafePointer(bitPattern: 1)! }
      let got = bytes.withUnsafeBufferPointer { UTF8Validation.isValid(start($0), $0.count) }
      let wordwise = bytes.withUnsafeBufferPointer { UTF8Validation.isValidWordwise(start($0), $0.count) }
      #expect(got == expected, "\(bytes.map { String($0, radix: 16) })")
      #expect(wordwise == expected, "word-at-a-time: \(bytes.map { String($0, radix: 16) })")
    }
  }

  @Test func mostlyCJKRowsAtEveryLength() {
    let row = Array("陈静,621225194701152035,男,1947-01-15,事实无人抚养儿童,H100000,户主".utf8)
    for n in 0...row.count {
      let prefix = Array(row[..<n])
      let expected = String(validating: prefix, as: UTF8.self) != nil
      #expect(prefix.withUnsafeBufferPointer { UTF8Validation.isValid($0.baseAddress!, n) } == expected, "prefix \(n)")
      #expect(prefix.withUnsafeBufferPointer { UTF8Validation.isValidWordwise($0.baseAddress!, n) } == expected, "prefix \(n)")
    }
  }

  /// The vector kernel on this processor (SSSE3 on x86-64; elsewhere the word-at-a-time one
  /// answers): one bad byte at every position of rows 0 to 100 bytes long, each kind of break.
  @Test func oneBadSequenceAnywhereInALongRow() {
    let row = Array("陈静,621225194701152035,男,1947-01-15,事实无人抚养儿童,H100000,户主,西和县,汉源镇".utf8)
    let breaks: [[UInt8]] = [[0x80], [0xE4], [0xE4, 0xB8], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF]]
    for n in 0...min(100, row.count) {
      for at in stride(from: 0, through: n, by: 1) {
        for bad in breaks {
          let bytes = Array(row[..<at]) + bad + Array(row[at..<n])
          let expected = String(validating: bytes, as: UTF8.self) != nil
          let got = bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0.baseAddress!, $0.count) }
          if got != expected {
            Issue.record("length \(n), \(bad) at \(at): \(got) ≠ \(expected)")
            return
          }
        }
      }
    }
  }

  @Test func zeroBytesMarksExactlyTheZeroBytes() async {
    #expect(zeroBytes(0x4100_0042_0000_4343) == 0x0080_8000_8080_0000)
    let byte = Gen<UInt8?>.element(of: [0, 1, 0x7F, 0x80, 0xFF, 0x22]).map { $0! }
    await propertyCheck(count: 500, input: byte.array(of: 8...8)) { bytes in
      let x = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
      let expected = bytes.enumerated().reduce(UInt64(0)) {
        $1.element == 0 ? $0 | 0x80 << UInt64(8 * $1.offset) : $0
      }
      #expect(zeroBytes(x) == expected)
    }
  }
}
