import PropertyBased
import Testing

@testable import Ingest

/// The table decoder of GB18030 gives what glibc's iconv gives, byte for byte, including the
/// U+FFFD and the positions of invalid input.
@Suite struct GB18030DecoderTests {
  /// All the text a window decodes from `bytes`, with the positions of its U+FFFD for bad input.
  static func decode(
    _ bytes: [UInt8], encoding: TextEncoding = .gb18030, table: Bool = true, chunk: Int
  ) throws -> (text: [UInt8], invalid: [Int]) {
    let window = try DecodedWindow(
      source: MemoryByteSource(bytes), encoding: encoding, chunk: chunk, maxRow: 1 << 16,
      gb18030Table: table)
    var text: [UInt8] = []
    var invalid: [Int] = []
    while try window.fill() {
      invalid += window.invalid[window.invalidHead...].map { $0 - window.pos + text.count }
      window.invalid = []
      window.invalidHead = 0
      text += UnsafeBufferPointer(start: window.buf + window.pos, count: window.end - window.pos)
      window.pos = window.end
    }
    return (text, invalid)
  }

  /// Bytes shaped like GB18030: ASCII, lead bytes, trail bytes, four-byte digits, invalid ones.
  static let pieces: [[UInt8]] = [
    [0x41], [0x0A], [0x2C], [0x80], [0xFF], [0x81], [0xFE], [0x7F], [0x40], [0x30], [0x39],
    [0xD5, 0xC5], [0xC8, 0xFD], [0x81, 0x30, 0x81, 0x30], [0x95, 0x32, 0x82, 0x36],
    [0x84, 0x31, 0xA4, 0x39], [0xFE, 0x39, 0xFE, 0x39], [0x82, 0x35, 0x8F, 0x33], [0xA1, 0xA1],
    [0xFE, 0x50], [0xFE, 0x51], [0xA2, 0xE3], [0x81, 0x30], [0x81, 0x30, 0x81],
  ]
  static let input = Gen<Int>.int(in: 0...(pieces.count - 1)).array(of: 0...80)
    .map { $0.flatMap { pieces[$0] } }

  @Test func tableDecoderMatchesIconv() async throws {
    await propertyCheck(count: 400, input: Self.input, Gen.int(in: 0...2)) { bytes, c in
      let chunk = [64, 65, 1 << 16][c]
      do {
        let viaTable = try Self.decode(bytes, table: true, chunk: chunk)
        let viaIconv = try Self.decode(bytes, table: false, chunk: chunk)
        #expect(viaTable.text == viaIconv.text)
        #expect(viaTable.invalid == viaIconv.invalid)
      } catch {
        Issue.record("\(error)")
      }
    }
  }

  @Test func everyTwoByteCodeMatchesIconv() throws {
    var bytes: [UInt8] = []
    for lead in 0x81...0xFE {
      for trail in 0x40...0xFE where trail != 0x7F { bytes += [UInt8(lead), UInt8(trail), 0x0A] }
    }
    let viaTable = try Self.decode(bytes, table: true, chunk: 1 << 16)
    let viaIconv = try Self.decode(bytes, table: false, chunk: 1 << 16)
    #expect(viaTable.text == viaIconv.text)
    #expect(viaTable.invalid == viaIconv.invalid)
  }
}

/// The UTF-16 decoder gives what the standard library gives (each unpaired surrogate one
/// U+FFFD), at any chunk boundary, and remembers where each U+FFFD for bad input went.
@Suite struct UTF16DecoderTests {
  /// Code units shaped like UTF-16 text: ASCII, CJK, both surrogates, paired and not.
  static let units = Gen<Int>.int(in: 0...7).array(of: 0...120).map { picks -> [UInt16] in
    picks.flatMap { pick -> [UInt16] in
      switch pick {
      case 0: [0x41]
      case 1: [0x0A]
      case 2: [0x5F20]  // 张
      case 3: [0x00E9]
      case 4: [0xD83D, 0xDE00]  // 😀
      case 5: [0xD83D]  // high alone
      case 6: [0xDE00]  // low alone
      default: [0x0000]
      }
    }
  }

  @Test(arguments: [false, true]) func matchesTheStandardLibrary(bigEndian: Bool) async throws {
    await propertyCheck(count: 300, input: Self.units, Gen.int(in: 0...2)) { units, c in
      let bytes = units.flatMap { u -> [UInt8] in
        bigEndian ? [UInt8(u >> 8), UInt8(u & 0xFF)] : [UInt8(u & 0xFF), UInt8(u >> 8)]
      }
      let chunk = [64, 65, 1 << 16][c]
      do {
        let (text, invalid) = try GB18030DecoderTests.decode(
          bytes, encoding: bigEndian ? .utf16BE : .utf16LE, chunk: chunk)
        let expected = String(decoding: units, as: UTF16.self)
        #expect(text == Array(expected.utf8))
        // Every U+FFFD in the output stands for bad input (the input has none of its own).
        var replacements: [Int] = []
        var offset = 0
        for scalar in expected.unicodeScalars {
          if scalar == "\u{FFFD}" { replacements.append(offset) }
          offset += scalar.utf8.count
        }
        #expect(invalid == replacements)
      } catch {
        Issue.record("\(error)")
      }
    }
  }
}
