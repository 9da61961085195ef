import PropertyBased
import RosterCore
import TestSupport
import Testing

@testable import Normalize

/// The parser's fast path for the usual whole dates answers exactly as tokenizing does,
/// whenever it answers; and it does answer for the usual forms.
@Suite struct DateFastPathTests {
  static let pieces = [
    "2012", "1999", "0999", "2024", "20120304", "20230229", "-", "/", ".", "年", "月", "日", "号",
    "3", "03", "12", "13", "31", "29", "0", "123", " ", "x", "：",
  ]

  static func parseBoth(_ text: String) -> (fast: DateParse?, tokens: DateParse) {
    var copy = text
    return copy.withUTF8 { (DateParser.usualDay($0), DateParser.parseTokens($0)) }
  }

  @Test func agreesWithTokenizingWheneverItAnswers() async {
    await propertyCheck(input: Gen.int(in: 0...Int.max), Gen.int(in: 1...7)) { seed, count in
      var random = SeededRandom(seed)
      // A year first most of the time, so that the fast path is often tried in earnest.
      var text = random.next(below: 4) == 0 ? "" : ["2012", "1999", "0999"][random.next(below: 3)]
      for _ in 0..<count { text += Self.pieces[random.next(below: Self.pieces.count)] }
      let (fast, tokens) = Self.parseBoth(text)
      if let fast { #expect(fast == tokens, "\(text)") }
    }
  }

  /// Dates of the usual shapes built from parts, real or not (month 0–13, day 0–32, padded or
  /// not, every separator): the fast path answers each, as tokenizing does.
  @Test func usualShapesBuiltFromParts() async {
    await propertyCheck(input: Gen.int(in: 0...Int.max)) { seed in
      var random = SeededRandom(seed)
      let year = String(random.next(below: 10_000)).leftPadded(to: 4)
      let month = random.next(below: 14)
      let day = random.next(below: 33)
      func part(_ v: Int) -> String { random.next(below: 2) == 0 ? String(v) : String(v).leftPadded(to: 2) }
      let text: String
      switch random.next(below: 5) {
      case 0: text = year + String(month).leftPadded(to: 2) + String(day).leftPadded(to: 2)
      case 1: text = year + "年" + part(month) + "月" + part(day) + ["", "日", "号"][random.next(below: 3)]
      default:
        let separator = ["-", "/", "."][random.next(below: 3)]
        text = year + separator + part(month) + separator + part(day)
      }
      let (fast, tokens) = Self.parseBoth(text)
      #expect(fast != nil, "\(text)")
      #expect(fast == tokens, "\(text)")
    }
  }

  @Test func answersForTheUsualForms() {
    for text in [
      "2012-03-04", "2012/3/4", "2012.3.4", "2012.03.4", "20120304", "2012年3月4日", "2012年03月04号",
      "2012年3月4", "2023-02-29", "2012/13/1", "0999-01-01",
    ] {
      let (fast, tokens) = Self.parseBoth(text)
      #expect(fast != nil, "\(text)")
      #expect(fast == tokens, "\(text)")
    }
    // Forms left to tokenizing.
    for text in ["2012-3", "2012-03-04 10:00", " 2012-03-04", "2012-3/4", "40972", "2012年3月", "１２"] {
      #expect(Self.parseBoth(text).fast == nil, "\(text)")
    }
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    String(repeating: "0", count: max(0, width - count)) + self
  }
}
