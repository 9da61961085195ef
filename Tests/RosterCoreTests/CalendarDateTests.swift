import PropertyBased
import RosterCore
import Testing

@Suite struct CalendarDateTests {
  @Test func rejectsImpossibleDates() {
    #expect(CalendarDate(year: 2023, month: 2, day: 29) == nil)
    #expect(CalendarDate(year: 2024, month: 2, day: 29) != nil)
    #expect(CalendarDate(year: 1900, month: 2, day: 29) == nil)
    #expect(CalendarDate(year: 2000, month: 2, day: 29) != nil)
    #expect(CalendarDate(year: 2024, month: 13, day: 1) == nil)
    #expect(CalendarDate(year: 2024, month: 4, day: 31) == nil)
  }

  @Test func ageTurnsOnTheBirthday() {
    let birth = CalendarDate(year: 2008, month: 3, day: 4)!
    #expect(birth.age(on: CalendarDate(year: 2026, month: 3, day: 3)!) == 17)
    #expect(birth.age(on: CalendarDate(year: 2026, month: 3, day: 4)!) == 18)
  }

  @Test func leapDayBirthdayTurnsOnFirstOfMarch() {
    let birth = CalendarDate(year: 2008, month: 2, day: 29)!
    #expect(birth.age(on: CalendarDate(year: 2026, month: 2, day: 28)!) == 17)
    #expect(birth.age(on: CalendarDate(year: 2026, month: 3, day: 1)!) == 18)
  }

  @Test func epochDaysRoundTrip() async {
    await propertyCheck(input: Gen.int(in: -50_000...60_000)) { days in
      let date = CalendarDate(daysSinceEpoch: days)
      #expect(date.daysSinceEpoch == days)
      #expect(CalendarDate(year: date.year, month: date.month, day: date.day) == date)
      #expect(CalendarDate(iso: date.description) == date)
    }
  }

  @Test func knownEpochDays() {
    #expect(CalendarDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
    #expect(CalendarDate(year: 2000, month: 3, day: 1)!.daysSinceEpoch == 11017)
    #expect(CalendarDate(year: 1949, month: 12, day: 31)!.daysSinceEpoch == -7306)
  }
}
