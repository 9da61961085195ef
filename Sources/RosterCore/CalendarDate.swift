/// A day in the proleptic Gregorian calendar, with no time zone: birth dates, death dates
/// and the run's reference date (`--as-of`).
///
/// ```swift
/// let birth = CalendarDate(year: 2008, month: 1, day: 1)!
/// let asOf = CalendarDate(year: 2026, month: 1, day: 1)!
/// birth.age(on: asOf) == 18
/// birth.description == "2008-01-01"
/// ```
public struct CalendarDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  /// `year << 9 | month << 5 | day`: four bytes, ordered like the date.
  @usableFromInline let packed: UInt32

  @inlinable public var year: Int { Int(packed >> 9) }
  @inlinable public var month: Int { Int((packed >> 5) & 0xF) }
  @inlinable public var day: Int { Int(packed & 0x1F) }

  /// Returns nil unless the triple is a real calendar date (years 1...9999).
  @inlinable public init?(year: Int, month: Int, day: Int) {
    guard year >= 1, year <= 9999, month >= 1, month <= 12,
      day >= 1, day <= CalendarDate.daysIn(month: month, year: year)
    else { return nil }
    packed = UInt32(year) << 9 | UInt32(month) << 5 | UInt32(day)
  }

  @usableFromInline init(unchecked year: Int, _ month: Int, _ day: Int) {
    packed = UInt32(year) << 9 | UInt32(month) << 5 | UInt32(day)
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let date = CalendarDate(iso: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(text)"))
    }
    self = date
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  /// Parses `YYYY-MM-DD` (the form every output uses).
  public init?(iso: some StringProtocol) {
    let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Creates the date `days` days after 1970-01-01 (negative before it).
  public init(daysSinceEpoch days: Int) {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    self.init(unchecked: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
  }

  /// Days since 1970-01-01 (negative before it).
  public var daysSinceEpoch: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// Completed years of age on `date` (a person born on 29 February turns a year older on
  /// 1 March in common years).
  public func age(on date: CalendarDate) -> Int {
    var age = date.year - year
    if (date.month, date.day) < (month, day) { age -= 1 }
    return age
  }

  /// The date `years` later, clamping 29 February to 28 February in common years.
  public func adding(years: Int) -> CalendarDate {
    let y = year + years
    let d = min(day, CalendarDate.daysIn(month: month, year: y))
    return CalendarDate(year: y, month: month, day: d)!
  }

  @inlinable public static func isLeap(_ year: Int) -> Bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
  }

  @inlinable public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 1, 3, 5, 7, 8, 10, 12: 31
    case 4, 6, 9, 11: 30
    case 2: isLeap(year) ? 29 : 28
    default: 0
    }
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    func pad(_ v: Int, _ width: Int) -> String {
      let s = String(v)
      return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
  }

  @inlinable public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
    a.packed < b.packed
  }
}
