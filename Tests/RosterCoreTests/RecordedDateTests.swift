import RosterCore
import Testing

@Suite struct RecordedDateTests {
  let march4 = CalendarDate(year: 2012, month: 3, day: 4)!

  @Test func aMonthOnlyDateAgreesWithEveryDayOfItsMonth() {
    let march = RecordedDate(year: 2012, month: 3)!
    #expect(march.agrees(with: march4))
    #expect(march.agrees(with: CalendarDate(year: 2012, month: 3, day: 31)!))
    #expect(!march.agrees(with: CalendarDate(year: 2012, month: 4, day: 1)!))
    #expect(!march.agrees(with: CalendarDate(year: 2011, month: 3, day: 4)!))
    #expect(march.earliest == CalendarDate(year: 2012, month: 3, day: 1)!)
    #expect(march.latest == CalendarDate(year: 2012, month: 3, day: 31)!)
    #expect(RecordedDate(year: 2012, month: 2)!.latest.day == 29)
    #expect(march.description == "2012-03")
  }

  @Test func aFullDateAgreesOnlyWithItself() {
    let d = RecordedDate(march4)
    #expect(d.agrees(with: march4))
    #expect(!d.agrees(with: CalendarDate(year: 2012, month: 3, day: 5)!))
    #expect(d.earliest == d.latest)
    #expect(d.description == "2012-03-04")
  }

  @Test func storedPartsRoundTrip() {
    #expect(RecordedDate(date: march4, precision: .month) == RecordedDate(year: 2012, month: 3)!)
    #expect(RecordedDate(year: 2012, month: 13) == nil)
  }
}
