import PropertyBased
import RosterCore
import TestSupport
import Testing

@testable import Normalize

/// The vocabulary table finds exactly what a dictionary of the words finds: words of every
/// length around the probe's 3-, 4-, 8- and 16-byte boundaries, and look-alikes that share a
/// word's length, first and last bytes.
@Suite struct WordTableTests {
  /// Words from a small alphabet (ASCII and Chinese), so that many share their ends.
  static func word(_ random: inout SeededRandom, length: Int) -> String {
    let alphabet: [String] = ["a", "b", "1", "2", "级", "残", "疾", "在", "保"]
    var out = ""
    while out.utf8.count < length { out += alphabet[random.next(below: alphabet.count)] }
    return out
  }

  @Test func findsWhatADictionaryFinds() async {
    await propertyCheck(input: Gen.int(in: 1...Int.max), Gen.int(in: 1...40)) { seed, count in
      var random = SeededRandom(seed)
      var words: [String: Int] = [:]
      for i in 0..<count { words[WordTableTests.word(&random, length: 1 + i % 24)] = i }
      let table = WordTable(words)
      for (word, code) in words { #expect(table.code(word) == code, "\(word)") }
      // Look-alikes: the same length and ends, one character changed in the middle.
      for _ in 0..<count {
        let other = WordTableTests.word(&random, length: 1 + random.next(below: 24))
        #expect(table.code(other) == (words[other] ?? -1), "\(other)")
      }
    }
  }

  @Test func wordsLongerThanSixteenBytesAreComparedWhole() {
    // Same length, same first sixteen and last eight bytes, different middle.
    let a = "12345678abcdefgh" + "残疾" + "87654321"
    let b = "12345678abcdefgh" + "在保" + "87654321"
    let table = WordTable([a: 1])
    #expect(table.code(a) == 1)
    #expect(table.code(b) == -1)
    #expect(WordTable([a: 1, b: 2]).code(b) == 2)
  }

  @Test func shortWordsAndTheEmptyText() {
    let table = WordTable(["男": 1, "女": 2, "1": 3, "ab": 4, "abc": 5])
    #expect(table.code("男") == 1)
    #expect(table.code("女") == 2)
    #expect(table.code("1") == 3)
    #expect(table.code("ab") == 4)
    #expect(table.code("abc") == 5)
    #expect(table.code("acc") == -1)
    #expect(table.code("") == -1)
  }
}
