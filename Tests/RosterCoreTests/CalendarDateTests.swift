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

@Suite struct SHA256BlockTests {
  /// The block path must agree with the byte path for every split of the input.
  @Test func bufferUpdatesMatchByteUpdates() {
    let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    let expected = SHA256.digest(data)
    for split in [0, 1, 63, 64, 65, 127, 500, 999, 1000] {
      var h = SHA256()
      data[..<split].withUnsafeBytes { h.update(bytes: $0) }
      data[split...].withUnsafeBytes { h.update(bytes: $0) }
      #expect(h.finalize() == expected, "split \(split)")
    }
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }
}
