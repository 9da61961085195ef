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

  /// The numbers of a cell and the separator after each (at most 8).
  private struct Tokens {
    var numbers = SIMD8<Int32>()
    var widths = SIMD8<Int32>()
    var seps = SIMD8<UInt8>(repeating: Sep.other.rawValue)
    var count = 0
    var current: Int32 = 0
    var width: Int32 = 0
    var sawDigit = false
    var bad = false

    @inline(__always) func number(_ i: Int) -> Int { Int(numbers[i]) }
    @inline(__always) func width(_ i: Int) -> Int { Int(widths[i]) }
    @inline(__always) func sep(_ i: Int) -> Sep { Sep(rawValue: seps[i]) ?? .other }

    @inline(__always) mutating func digit(_ d: UInt8) {
      if width >= 9 {
        bad = true
        return
      }
      current = current &* 10 &+ Int32(d)
      width += 1
      sawDigit = true
    }

    @inline(__always) mutating func finishNumber() {
      guard width > 0 else { return }
      if count >= 8 {
        bad = true
        return
      }
      numbers[count] = current
      widths[count] = width
      count += 1
      current = 0
      width = 0
    }

    mutating func separator(_ s: Sep) {
      if width > 0 {
        finishNumber()
        if !bad { seps[count - 1] = s.rawValue }
      } else if count == 0 {
        if s != .space { bad = true }  // a separator before any digit
      } else {
        // Two separators in a row: only spaces may join another separator.
        let previous = sep(count - 1)
        if s == .space {
          // keep the previous separator
        } else if previous == .space {
          seps[count - 1] = s.rawValue
        } else {
          bad = true
        }
      }
    }
  }

  public static func parse(_ text: String) -> DateParse {
    text.withUTF8Bytes { parse(bytes: $0) }
  }

  private static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) -> Tokens {
    var t = Tokens()
    var i = 0
    let n = bytes.count
    @inline(__always) func at(_ k: Int) -> UInt8 { k < n ? bytes[k] : 0 }
    while i < n && !t.bad {
      let b = bytes[i]
      i += 1
      switch b {
      case 0x30...0x39: t.digit(b &- 0x30)
      case 0x2D: t.separator(.dash)
      case 0x2F: t.separator(.slash)
      case 0x2E: t.separator(.dot)
      case 0x3A: t.separator(.colon)
      case 0x20, 0x09, 0x0A, 0x0D: t.separator(.space)
      case 0x54:  // ISO "T" between the day and a time
        if t.count == 2 && t.width > 0 { t.separator(.space) } else { t.bad = true }
      case 0xC2:  // U+00A0 NBSP
        if at(i) == 0xA0 { t.separator(.space) } else { t.bad = true }
        i += 1
      case 0xE2:  // U+200B-U+200D zero width (ignored), U+2010-U+2015 dashes
        let (b2, b3) = (at(i), at(i + 1))
        i += 2
        if b2 == 0x80 && b3 >= 0x8B && b3 <= 0x8D {
          continue
        } else if b2 == 0x80 && b3 >= 0x90 && b3 <= 0x95 {
          t.separator(.dash)
        } else {
          t.bad = true
        }
      case 0xE3:  // U+3000 ideographic space
        if at(i) == 0x80 && at(i + 1) == 0x80 { t.separator(.space) } else { t.bad = true }
        i += 2
      case 0xE5:  // 年 E5 B9 B4, 号 E5 8F B7
        let (b2, b3) = (at(i), at(i + 1))
        i += 2
        if b2 == 0xB9 && b3 == 0xB4 {
          t.separator(.year)
        } else if b2 == 0x8F && b3 == 0xB7 {
          t.separator(.day)
        } else {
          t.bad = true
        }
      case 0xE6:  // 月 E6 9C 88, 日 E6 97 A5
        let (b2, b3) = (at(i), at(i + 1))
        i += 2
        if b2 == 0x9C && b3 == 0x88 {
          t.separator(.month)
        } else if b2 == 0x97 && b3 == 0xA5 {
          t.separator(.day)
        } else {
          t.bad = true
        }
      case 0xEF:  // full-width digits and separators, U+FEFF
        let (b2, b3) = (at(i), at(i + 1))
        i += 2
        if b2 == 0xBC {
          switch b3 {
          case 0x90...0x99: t.digit(b3 &- 0x90)
          case 0x8D: t.separator(.dash)
          case 0x8F: t.separator(.slash)
          case 0x8E: t.separator(.dot)
          case 0x9A: t.separator(.colon)
          default: t.bad = true
          }
        } else if b2 == 0xBB && b3 == 0xBF {
          continue
        } else {
          t.bad = true
        }
      default:
        t.bad = true
      }
    }
    if !t.bad { t.finishNumber() }
    return t
  }

  static func parse(bytes: UnsafeBufferPointer<UInt8>) -> DateParse {
    usualDay(bytes) ?? parseTokens(bytes)
  }

  /// The usual ways of writing a whole date, read without tokenizing: `2012-03-04`,
  /// `2012/3/4`, `2012.3.4` (one separator twice), `20120304` and `2012年3月4日` (or `号`, or
  /// nothing, last). Nil for anything else, which ``parseTokens(_:)`` reads; for these it gives
  /// what that would (a property test compares them).
  @inline(__always) static func usualDay(_ b: UnsafeBufferPointer<UInt8>) -> DateParse? {
    let n = b.count
    guard n >= 8, n <= 17 else { return nil }
    var year = 0
    for i in 0..<4 {
      let d = b[i] &- 0x30
      guard d <= 9 else { return nil }
      year = year &* 10 &+ Int(d)
    }
    if n == 8 && b[4] &- 0x30 <= 9 {
      var rest = 0
      for i in 4..<8 {
        let d = b[i] &- 0x30
        guard d <= 9 else { return nil }
        rest = rest &* 10 &+ Int(d)
      }
      return day(year, rest / 100, rest % 100)
    }
    var i = 4
    /// One or two digits at `i`.
    func number() -> Int? {
      var v = 0
      let start = i
      while i < n && i - start < 3, b[i] &- 0x30 <= 9 {
        v = v &* 10 &+ Int(b[i] &- 0x30)
        i += 1
      }
      return (1...2).contains(i - start) ? v : nil
    }
    func at(_ k: Int, _ x: UInt8, _ y: UInt8, _ z: UInt8) -> Bool {
      k + 2 < n && b[k] == x && b[k + 1] == y && b[k + 2] == z
    }
    let separator = b[4]
    let chinese = at(4, 0xE5, 0xB9, 0xB4)  // 年
    if chinese {
      i += 3
    } else if separator == 0x2D || separator == 0x2F || separator == 0x2E {
      i += 1
    } else {
      return nil
    }
    guard let month = number() else { return nil }
    if chinese {
      guard at(i, 0xE6, 0x9C, 0x88) else { return nil }  // 月
      i += 3
    } else {
      guard i < n, b[i] == separator else { return nil }
      i += 1
    }
    guard let dayOfMonth = number() else { return nil }
    if chinese && i + 3 == n && (at(i, 0xE6, 0x97, 0xA5) || at(i, 0xE5, 0x8F, 0xB7)) { i += 3 }  // 日 号
    guard i == n else { return nil }
    return day(year, month, dayOfMonth)
  }

  /// Reads any form the parser knows, by tokenizing.
  static func parseTokens(_ bytes: UnsafeBufferPointer<UInt8>) -> DateParse {
    let t = tokenize(bytes)
    if t.bad { return .unreadable(.unknownFormat) }
    let count = t.count
    if count == 0 { return t.sawDigit ? .unreadable(.unknownFormat) : .blank }

    let n0 = t.number(0)
    let w0 = t.width(0)
    let s0 = t.sep(0)

    // One number (possibly with a fraction or a trailing time).
    let yearLike = w0 == 4 && (1800...2199).contains(n0)
    if count == 1 || (count == 2 && s0 == .dot && w0 <= 5 && !yearLike) {
      if count == 2 && !(t.sep(1) == .other || t.sep(1) == .space) {
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
    let w1 = t.width(1)
    guard w1 >= 1 && w1 <= 2 else { return .unreadable(.unknownFormat) }
    let s1 = t.sep(1)

    // Year and month: "2012-3", "2012年3月", "2012.3".
    if count == 2 {
      switch (s0, s1) {
      case (.dash, .other), (.slash, .other), (.dot, .other), (.year, .month), (.year, .other),
        (.dash, .space), (.slash, .space), (.dot, .space), (.year, .space):
        return month(n0, t.number(1))
      default:
        return .unreadable(.unknownFormat)
      }
    }

    // Year, month, day, then perhaps a time.
    guard t.width(2) >= 1 && t.width(2) <= 2 else { return .unreadable(.unknownFormat) }
    let s2 = t.sep(2)
    switch (s0, s1) {
    case (.dash, .dash), (.slash, .slash), (.dot, .dot), (.year, .month): break
    default: return .unreadable(.unknownFormat)
    }
    if count == 3 {
      guard s2 == .other || s2 == .day || s2 == .space else { return .unreadable(.unknownFormat) }
      return day(n0, t.number(1), t.number(2))
    }
    // A time after the date: separated by a space, hours:minutes[:seconds[.fraction]].
    guard s2 == .space || s2 == .day, count >= 5, count <= 7 else {
      return .unreadable(.unknownFormat)
    }
    for i in 3..<count {
      let s = t.sep(i)
      if i < count - 1 {
        if !(s == .colon || s == .dot) { return .unreadable(.unknownFormat) }
      } else if !(s == .other || s == .space) {
        return .unreadable(.unknownFormat)
      }
    }
    return day(n0, t.number(1), t.number(2))
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
