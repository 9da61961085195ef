import Normalize
import RosterCore
import Testing

@Suite struct DateParserTests {
  static let march4 = DateParse.date(RecordedDate(CalendarDate(year: 2012, month: 3, day: 4)!))
  static let march = DateParse.date(RecordedDate(year: 2012, month: 3)!)

  @Test(arguments: [
    "2012-03-04", "2012-3-4", "2012/3/4", "2012/03/04", "2012.3.4", "2012.03.04", "20120304",
    "2012年3月4日", "2012年03月04日", "2012年3月4号", "2012年3月4",
    // Excel serial day numbers
    "40972", "40972.0", "40972.75",
    // a time after the date (Excel datetime exports)
    "2012-03-04 00:00:00", "2012/3/4 0:00", "2012-03-04T08:30:00", "2012-03-04 00:00:00.000",
    "2012年3月4日 10:00",
    // spaces, full-width digits and separators, invisible characters
    " 2012-03-04 ", "\u{3000}2012-03-04\u{3000}", "２０１２－０３－０４", "２０１２年３月４日",
    "２０１２／３／４", "２０１２．３．４", "\u{FEFF}2012-03-04", "2012-03-04\u{200B}",
    "2012 - 03 - 04", "2012\u{2014}03\u{2014}04",
  ])
  func readsEveryDayFormat(_ text: String) {
    #expect(DateParser.parse(text) == Self.march4, "\(text)")
  }

  @Test(arguments: [
    "2012-3", "2012-03", "2012/3", "2012.3", "2012.03", "2012年3月", "201203",
    "２０１２年３月", " 2012-03 ",
  ])
  func readsMonthOnlyDates(_ text: String) {
    #expect(DateParser.parse(text) == Self.march, "\(text)")
  }

  @Test(arguments: ["", " ", "\u{3000}", "\u{200B}"])
  func blankIsBlank(_ text: String) {
    #expect(DateParser.parse(text) == .blank)
  }

  @Test(arguments: [
    "2023-02-29", "2012/13/1", "2012-00-10", "2012-04-31", "2012年2月30日", "20230229", "201213",
    "2012-13", "2012年0月", "0000-01-01",
  ])
  func impossibleDatesAreNotRealDates(_ text: String) {
    #expect(DateParser.parse(text) == .unreadable(.notARealDate), "\(text)")
  }

  @Test(arguments: [
    "garbage", "2012-03-04x", "2012-03/04", "2012--03-04", "2012-03-04-", "-2012-03-04",
    "12-3-4", "04/03/2012", "3/4/2012", "2012-3-4-5", "1234567", "2012年3日", "2012年3月4日5",
    "2012 03 04", "T", "2012T03", "一九九零年", "2012-03-04 10", "2012-03-04 abc", "2012-",
    "2012.", "40972.", "40972.5.1", "2012/3-4", "123456789012",
  ])
  func garbageIsAnUnknownFormat(_ text: String) {
    #expect(DateParser.parse(text) == .unreadable(.unknownFormat), "\(text)")
  }

  @Test func aBareYearIsTooLittle() {
    #expect(DateParser.parse("2012") == .unreadable(.yearOnly))
    #expect(DateParser.parse("1800") == .unreadable(.yearOnly))
    #expect(DateParser.parse("2199") == .unreadable(.yearOnly))
  }

  /// Excel's 1900 date system: 1 = 1900-01-01; 60 = 1900-02-29, a day that never was (Excel's
  /// leap-year bug); 61 = 1900-03-01.
  @Test func excelSerialsAroundTheLeapYearBug() {
    func day(_ y: Int, _ m: Int, _ d: Int) -> DateParse {
      .date(RecordedDate(CalendarDate(year: y, month: m, day: d)!))
    }
    #expect(DateParser.parse("1") == day(1900, 1, 1))
    #expect(DateParser.parse("59") == day(1900, 2, 28))
    #expect(DateParser.parse("60") == .unreadable(.notARealDate))
    #expect(DateParser.parse("61") == day(1900, 3, 1))
    #expect(DateParser.parse("0") == .unreadable(.notARealDate))
    #expect(DateParser.parse("25569") == day(1970, 1, 1))
    #expect(DateParser.parse("36526") == day(2000, 1, 1))
    #expect(DateParser.parse("45292") == day(2024, 1, 1))
    #expect(DateParser.parse("1799") == day(1904, 12, 3))  // four digits, not a plausible year
    #expect(DateParser.excelSerial(of: CalendarDate(year: 2012, month: 3, day: 4)!) == 40972)
  }
}
