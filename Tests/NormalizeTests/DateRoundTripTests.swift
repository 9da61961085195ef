import Normalize
import PropertyBased
import RosterCore
import Testing

/// Property: any valid date written in any supported format reads back as that date.
@Suite struct DateRoundTripTests {
  /// Days from 1000-01-01 to 9999-12-31.
  static let days = Gen.int(in: -354_285...2_932_896).map { CalendarDate(daysSinceEpoch: $0) }
  /// From 1900-03-01 (after Excel's leap-year bug) to 2173-10-14 (serial 99999).
  static let excelDays = Gen.int(in: -25_508...74_430).map { CalendarDate(daysSinceEpoch: $0) }

  static func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return String(repeating: "0", count: max(0, width - s.count)) + s
  }

  static func fullWidth(_ text: String) -> String {
    String(
      String.UnicodeScalarView(
        text.unicodeScalars.map { s in
          (0x21...0x7E).contains(s.value) ? Unicode.Scalar(s.value + 0xFEE0)! : s
        }))
  }

  /// Every way the program accepts a full date.
  static func formats(_ d: CalendarDate) -> [String] {
    let (y, m, day) = (pad(d.year, 4), d.month, d.day)
    let iso = "\(y)-\(pad(m, 2))-\(pad(day, 2))"
    return [
      iso,
      "\(y)-\(m)-\(day)",
      "\(y)/\(m)/\(day)",
      "\(y)/\(pad(m, 2))/\(pad(day, 2))",
      "\(y).\(m).\(day)",
      "\(y)\(pad(m, 2))\(pad(day, 2))",
      "\(y)年\(m)月\(day)日",
      "\(y)年\(pad(m, 2))月\(pad(day, 2))号",
      "\(iso) 00:00:00",
      "\(y)/\(m)/\(day) 0:00",
      "  \(iso)\u{3000}",
      fullWidth(iso),
      fullWidth("\(y)年\(m)月\(day)日"),
    ]
  }

  @Test func everyDayFormatRoundTrips() async {
    await propertyCheck(count: 300, input: Self.days) { date in
      for text in Self.formats(date) {
        #expect(DateParser.parse(text) == .date(RecordedDate(date)), "\(text)")
      }
    }
  }

  @Test func monthFormatsRoundTrip() async {
    await propertyCheck(count: 200, input: Self.days) { date in
      let (y, m) = (Self.pad(date.year, 4), date.month)
      let month = RecordedDate(year: date.year, month: date.month)!
      var texts = [
        "\(y)-\(m)", "\(y)-\(Self.pad(m, 2))", "\(y)/\(m)", "\(y)年\(m)月",
        "\(y)\(Self.pad(m, 2))",
      ]
      // "2012.3" is year and month only for years 1800–2199; "2200.1" is an Excel serial.
      if (1800...2199).contains(date.year) { texts.append("\(y).\(m)") }
      for text in texts {
        #expect(DateParser.parse(text) == .date(month), "\(text)")
      }
    }
  }

  @Test func excelSerialsRoundTrip() async {
    await propertyCheck(count: 300, input: Self.excelDays) { date in
      let serial = DateParser.excelSerial(of: date)
      let text = String(serial)
      if text.count == 4, (1800...2199).contains(serial) {
        #expect(DateParser.parse(text) == .unreadable(.yearOnly))
      } else {
        #expect(DateParser.parse(text) == .date(RecordedDate(date)), "\(text)")
        #expect(DateParser.parse(text + ".0") == .date(RecordedDate(date)), "\(text).0")
      }
    }
  }

  /// Any day-month-year triple that is not a calendar date is reported as such, never
  /// shifted to a neighbouring day.
  @Test func impossibleTriplesAreNeverRead() async {
    await propertyCheck(
      count: 300, input: Gen.int(in: 1000...9999), Gen.int(in: 0...13), Gen.int(in: 0...32)
    ) { y, m, d in
      let text = "\(y)-\(m)-\(d)"
      if let date = CalendarDate(year: y, month: m, day: d) {
        #expect(DateParser.parse(text) == .date(RecordedDate(date)))
      } else {
        #expect(DateParser.parse(text) == .unreadable(.notARealDate), "\(text)")
      }
    }
  }
}
