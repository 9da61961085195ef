import RosterCore
import ResidentID
import Testing

/// The birth date inside an ID: a real date, not after the reference date, not before 1890.
@Suite struct BirthDateTests {
  @Test(arguments: [
    (1949, 2, 29), (2023, 2, 29), (1990, 13, 1), (1990, 0, 10), (1990, 4, 31), (1990, 1, 0),
    (1990, 1, 32),
  ])
  func impossibleDates(year: Int, month: Int, day: Int) {
    let id = engine.parse(makeID(code: 110_105, year: year, month: month, day: day, sequence: 2))
    #expect(!id.isValid)
    #expect(id.reasons == [.idBirthDateInvalid])
    #expect(id.birthDate == nil)
  }

  @Test func leapDay() {
    let id = engine.parse(makeID(code: 110_105, year: 2000, month: 2, day: 29, sequence: 2))
    #expect(id.isValid)
    #expect(id.birthDate == CalendarDate(year: 2000, month: 2, day: 29))
  }

  @Test func futureDependsOnTheReferenceDate() {
    let raw = makeID(code: 110_105, year: 2026, month: 1, day: 2, sequence: 2)
    let id = engine.parse(raw)
    #expect(id.reasons == [.idBirthDateFuture])
    #expect(!id.isValid)
    #expect(id.findings.first?.message == "the birth date 2026-01-02 is after the reference date")
    // Born on the reference date itself: fine.
    #expect(engine.parse(makeID(code: 110_105, year: 2026, month: 1, day: 1, sequence: 2)).isValid)
    // A day later, the same ID is fine.
    let later = IDEngine(referenceDate: CalendarDate(year: 2026, month: 1, day: 2)!)
    #expect(later.parse(raw).isValid)
  }

  @Test func before1890IsTooEarly() {
    let id = engine.parse(makeID(code: 110_105, year: 1889, month: 12, day: 31, sequence: 2))
    #expect(id.reasons == [.idBirthDateTooEarly])
    #expect(engine.parse(makeID(code: 110_105, year: 1890, month: 1, day: 1, sequence: 2)).isValid)
  }

  @Test func sexFromTheSequence() {
    #expect(
      engine.parse(makeID(code: 110_105, year: 1990, month: 1, day: 1, sequence: 1)).sex == .male)
    #expect(
      engine.parse(makeID(code: 110_105, year: 1990, month: 1, day: 1, sequence: 10)).sex == .female
    )
    #expect(
      engine.parse(makeID(code: 110_105, year: 1990, month: 1, day: 1, sequence: 0)).sex == .female)
  }
}
