import RosterCore

/// What a date cell holds.
public enum DateParse: Sendable, Hashable {
  /// Empty (or only spaces).
  case blank
  /// A date, to the day or (出生年月) to the month.
  case date(RecordedDate)
  /// Not a date the program reads; the problem says why.
  case unreadable(DateProblem)

  /// The date, when there is one.
  public var recorded: RecordedDate? {
    if case .date(let d) = self { return d }
    return nil
  }
}

/// Why a date cell could not be read.
public enum DateProblem: String, Sendable, Hashable, CaseIterable {
  /// Year, month and day were found but are not a calendar date (`2023-02-29`, `2012/13/1`).
  case notARealDate = "not a real date"
  /// Only a year (`2012`): too little to check an age.
  case yearOnly = "only a year; write year, month and day"
  /// Not in any known date format.
  case unknownFormat = "not a date format the program reads (write YYYY-MM-DD)"
}

/// Reads the date formats found in rosters (§2.3 of the data contract), on UTF-8 bytes, with no
/// Foundation or regular expressions:
///
/// | written | read as |
/// |---|---|
/// | `2012-03-04`, `2012/3/4`, `2012.3.4`, `2012年3月4日` (also `号`) | 2012-03-04 |
/// | `20120304` | 2012-03-04 |
/// | `2012-3`, `2012/3`, `2012.3`, `2012年3月`, `201203` | March 2012 (month precision) |
/// | `40972`, `40972.0` (an Excel serial day number) | 2012-03-04 |
/// | `2012-03-04 00:00:00`, `2012/3/4 0:00` (a time after the date) | 2012-03-04 (time ignored) |
///
/// Full-width digits and separators are folded; surrounding spaces are ignored. Excel serials
/// are 1–5 digit numbers counted from 1900-01-01 = 1 with Excel's 1900 leap-year bug (serial 60 is
/// the non-existent 1900-02-29, unreadable; serials after it are one day late, corrected). A
/// bare four-digit number from 1800 to 2199 is taken as a year only, not as a serial (and with a
/// dot, `2012.3`, as year and month).
/// Day-first or two-digit-year forms (`04/03/2012`, `12-3-4`) are ambiguous and unreadable.
///
/// ```swift
/// DateParser.parse("2012年3月4日") == .date(RecordedDate(CalendarDate(year: 2012, month: 3, day: 4)!))
/// DateParser.parse("2012-03") == .date(RecordedDate(year: 2012, month: 3)!)
/// DateParser.parse("40972") == .date(RecordedDate(CalendarDate(year: 2012, month: 3, day: 4)!))
/// DateParser.parse("2023-02-29") == .unreadable(.notARealDate)
/// ```
public enum DateParser {
  private enum Sep: UInt8 {
    case dash, slash, dot, year, month, day, space, colon, other
  }

  public static func parse(_ text: String) -> DateParse {
    // Tokenize: up to 8 numbers with the separator after each.
    var numbers: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
    var widths: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
    var seps: (Sep, Sep, Sep, Sep, Sep, Sep, Sep, Sep) = (
      .other, .other, .other, .other, .other, .other, .other, .other
    )
    var count = 0  // numbers completed
    var current = 0
    var width = 0
    var sawAnything = false
    var bad = false

    func set<T>(_ tuple: inout (T, T, T, T, T, T, T, T), _ i: Int, _ value: T) {
      switch i {
      case 0: tuple.0 = value
      case 1: tuple.1 = value
      case 2: tuple.2 = value
      case 3: tuple.3 = value
      case 4: tuple.4 = value
      case 5: tuple.5 = value
      case 6: tuple.6 = value
      default: tuple.7 = value
      }
    }
    func get<T>(_ tuple: (T, T, T, T, T, T, T, T), _ i: Int) -> T {
      switch i {
      case 0: tuple.0
      case 1: tuple.1
      case 2: tuple.2
      case 3: tuple.3
      case 4: tuple.4
      case 5: tuple.5
      case 6: tuple.6
      default: tuple.7
      }
    }

    func finishNumber() {
      guard width > 0 else { return }
      if count >= 8 {
        bad = true
      } else {
        set(&numbers, count, current)
        set(&widths, count, width)
        count += 1
      }
      current = 0
      width = 0
    }
    func separator(_ s: Sep) {
      if width > 0 {
        finishNumber()
        set(&seps, count - 1, s)
      } else if count == 0 {
        if s != .space { bad = true }  // a separator before any digit
      } else {
        // Two separators in a row: only spaces may join another separator.
        let previous = get(seps, count - 1)
        if s == .space {
          // keep the previous separator
        } else if previous == .space {
          set(&seps, count - 1, s)
        } else {
          bad = true
        }
      }
    }
    func digit(_ d: Int) {
      if width >= 9 {
        bad = true
        return
      }
      current = current * 10 + d
      width += 1
      sawAnything = true
    }

    var utf8 = text.utf8.makeIterator()
    while !bad, let b = utf8.next() {
      switch b {
      case 0x30...0x39: digit(Int(b - 0x30))
      case 0x2D: separator(.dash)
      case 0x2F: separator(.slash)
      case 0x2E: separator(.dot)
      case 0x3A: separator(.colon)
      case 0x20, 0x09, 0x0A, 0x0D: separator(.space)
      case 0x54:  // ISO "T" between the day and a time
        if count == 2 && width > 0 { separator(.space) } else { bad = true }
      case 0xC2:  // U+00A0 NBSP
        if utf8.next() == 0xA0 { separator(.space) } else { bad = true }
      case 0xE2:  // U+200B-U+200D zero width (ignored), U+2010-U+2015 dashes
        let b2 = utf8.next()
        let b3 = utf8.next()
        if b2 == 0x80, let b3, b3 >= 0x8B && b3 <= 0x8D {
          continue
        } else if b2 == 0x80, let b3, b3 >= 0x90 && b3 <= 0x95 {
          separator(.dash)
        } else {
          bad = true
        }
      case 0xE3:  // U+3000 ideographic space
        if utf8.next() == 0x80, utf8.next() == 0x80 { separator(.space) } else { bad = true }
      case 0xE5:  // 年 E5 B9 B4, 号 E5 8F B7
        let b2 = utf8.next()
        let b3 = utf8.next()
        if b2 == 0xB9 && b3 == 0xB4 {
          separator(.year)
        } else if b2 == 0x8F && b3 == 0xB7 {
          separator(.day)
        } else {
          bad = true
        }
      case 0xE6:  // 月 E6 9C 88, 日 E6 97 A5
        let b2 = utf8.next()
        let b3 = utf8.next()
        if b2 == 0x9C && b3 == 0x88 {
          separator(.month)
        } else if b2 == 0x97 && b3 == 0xA5 {
          separator(.day)
        } else {
          bad = true
        }
      case 0xEF:  // full-width digits and separators, U+FEFF
        let b2 = utf8.next()
        let b3 = utf8.next()
        if b2 == 0xBC, let b3 {
          switch b3 {
          case 0x90...0x99: digit(Int(b3 - 0x90))
          case 0x8D: separator(.dash)
          case 0x8F: separator(.slash)
          case 0x8E: separator(.dot)
          case 0x9A: separator(.colon)
          default: bad = true
          }
        } else if b2 == 0xBB && b3 == 0xBF {
          continue
        } else {
          bad = true
        }
      default:
        bad = true
      }
    }
    if bad { return .unreadable(.unknownFormat) }
    finishNumber()
    if count == 0 { return sawAnything ? .unreadable(.unknownFormat) : .blank }

    let n0 = numbers.0
    let w0 = widths.0
    let s0 = seps.0

    // One number (possibly with a fraction or a trailing time).
    let yearLike = w0 == 4 && (1800...2199).contains(n0)
    if count == 1 || (count == 2 && s0 == .dot && w0 <= 5 && !yearLike) {
      if count == 2 && !(seps.1 == .other || seps.1 == .space) {
        return .unreadable(.unknownFormat)
      }
      if count == 1 && !(s0 == .other || s0 == .space) { return .unreadable(.unknownFormat) }
      switch w0 {
      case 8:
        return day(n0 / 10000, (n0 / 100) % 100, n0 % 100)
      case 6:
        return month(n0 / 100, n0 % 100)
      case 1...5:
        if yearLike { return .unreadable(.yearOnly) }
        return excelSerial(n0)
      default:
        return .unreadable(.unknownFormat)
      }
    }
    // An Excel serial with a fraction of a day ("40972.5") was handled above; a year from 1800
    // to 2199 with a dot is year.month below ("2012.3").

    guard w0 == 4 else { return .unreadable(.unknownFormat) }
    let w1 = widths.1
    guard w1 >= 1 && w1 <= 2 else { return .unreadable(.unknownFormat) }
    let s1 = seps.1

    // Year and month: "2012-3", "2012年3月", "2012.3".
    if count == 2 {
      switch (s0, s1) {
      case (.dash, .other), (.slash, .other), (.dot, .other), (.year, .month), (.year, .other),
        (.dash, .space), (.slash, .space), (.dot, .space):
        return month(n0, numbers.1)
      default:
        return .unreadable(.unknownFormat)
      }
    }

    // Year, month, day, then perhaps a time.
    guard widths.2 >= 1 && widths.2 <= 2 else { return .unreadable(.unknownFormat) }
    let s2 = seps.2
    let separatorsAgree: Bool
    switch (s0, s1) {
    case (.dash, .dash), (.slash, .slash), (.dot, .dot): separatorsAgree = true
    case (.year, .month): separatorsAgree = true
    default: separatorsAgree = false
    }
    guard separatorsAgree else { return .unreadable(.unknownFormat) }
    if count == 3 {
      guard s2 == .other || s2 == .day || s2 == .space else { return .unreadable(.unknownFormat) }
      return day(n0, numbers.1, numbers.2)
    }
    // A time after the date: separated by a space, hours:minutes[:seconds[.fraction]].
    guard s2 == .space || (s2 == .day && count > 3) else { return .unreadable(.unknownFormat) }
    guard count <= 7 else { return .unreadable(.unknownFormat) }
    for i in 3..<count {
      let w = get(widths, i)
      let s = get(seps, i)
      let last = i == count - 1
      guard w >= 1 && w <= 9 else { return .unreadable(.unknownFormat) }
      if !last && !(s == .colon || s == .dot) { return .unreadable(.unknownFormat) }
      if last && !(s == .other || s == .space) { return .unreadable(.unknownFormat) }
    }
    guard count >= 5 else { return .unreadable(.unknownFormat) }  // at least hh:mm
    return day(n0, numbers.1, numbers.2)
  }

  private static func day(_ y: Int, _ m: Int, _ d: Int) -> DateParse {
    guard y >= 1000, let date = CalendarDate(year: y, month: m, day: d) else {
      return .unreadable(.notARealDate)
    }
    return .date(RecordedDate(date))
  }

  private static func month(_ y: Int, _ m: Int) -> DateParse {
    guard y >= 1000, let r = RecordedDate(year: y, month: m) else {
      return .unreadable(.notARealDate)
    }
    return .date(r)
  }

  /// Excel's serial day number (1900 date system): 1 = 1900-01-01; 60 = the non-existent
  /// 1900-02-29 of Excel's leap-year bug; from 61 on, one day less.
  public static func excelSerial(_ serial: Int) -> DateParse {
    guard serial >= 1, serial != 60 else { return .unreadable(.notARealDate) }
    // 1899-12-31 is day 0 for serials before the bug; 1899-12-30 after it.
    let epoch1899Dec31 = -25_568  // days from 1970-01-01
    let days = serial < 60 ? epoch1899Dec31 + serial : epoch1899Dec31 - 1 + serial
    let date = CalendarDate(daysSinceEpoch: days)
    return .date(RecordedDate(date))
  }

  /// The Excel serial of `date` (inverse of ``excelSerial(_:)``), for dates from 1900-03-01.
  public static func excelSerial(of date: CalendarDate) -> Int {
    date.daysSinceEpoch + 25_568 + 1
  }
}
