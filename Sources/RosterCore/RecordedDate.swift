/// How much of a recorded date is known.
///
/// Rosters often keep 出生年月 (year and month only): `2012-03`, `2012年3月`, `201203`.
public enum DatePrecision: String, CaseIterable, Sendable, Hashable, Codable {
  /// Year, month and day.
  case day
  /// Year and month only.
  case month
}

/// A date as a roster records it: a calendar day, or only a month.
///
/// A month-only date is stored as the first day of its month with precision `.month`. It
/// **agrees** with every day of that month (a recorded 出生年月 `2012-03` agrees with an ID
/// born 2012-03-04), and as a point in time it spans the whole month: `earliest` is its first
/// day and `latest` its last, so a check such as "death after the reference date" can decide
/// conservatively.
///
/// ```swift
/// let march = RecordedDate(year: 2012, month: 3)!
/// march.agrees(with: CalendarDate(year: 2012, month: 3, day: 4)!) == true
/// march.latest == CalendarDate(year: 2012, month: 3, day: 31)!
/// march.description == "2012-03"
/// ```
public struct RecordedDate: Sendable, Hashable, Codable, CustomStringConvertible {
  /// The day, or the first day of the month for `.month` precision.
  public let date: CalendarDate
  public let precision: DatePrecision

  /// A full date.
  public init(_ date: CalendarDate) {
    self.date = date
    self.precision = .day
  }

  /// A month-only date; nil unless year is 1...9999 and month 1...12.
  public init?(year: Int, month: Int) {
    guard let first = CalendarDate(year: year, month: month, day: 1) else { return nil }
    self.date = first
    self.precision = .month
  }

  /// Re-creates a recorded date from its stored parts (`date` is taken as the first day of its
  /// month when `precision` is `.month`).
  public init(date: CalendarDate, precision: DatePrecision) {
    if precision == .month {
      self.date = CalendarDate(year: date.year, month: date.month, day: 1)!
    } else {
      self.date = date
    }
    self.precision = precision
  }

  /// The first day the recorded date can mean.
  public var earliest: CalendarDate { date }

  /// The last day the recorded date can mean.
  public var latest: CalendarDate {
    precision == .day
      ? date
      : CalendarDate(
        year: date.year, month: date.month,
        day: CalendarDate.daysIn(month: date.month, year: date.year))!
  }

  /// True when `day` is a day this recorded date can mean: equal for `.day` precision, in the
  /// same year and month for `.month` precision.
  public func agrees(with day: CalendarDate) -> Bool {
    switch precision {
    case .day: date == day
    case .month: date.year == day.year && date.month == day.month
    }
  }

  /// `YYYY-MM-DD`, or `YYYY-MM` for a month-only date.
  public var description: String {
    let full = date.description
    return precision == .day ? full : String(full.prefix(7))
  }
}
