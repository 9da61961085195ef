import PropertyBased
import RosterCore
import Testing
import Verify

@Suite struct DeathIndexTests {
  let at = Provenance(source: .deaths, file: "deaths.csv", line: 2)

  @Test func findsIDsEndingInADigitOrXAndNothingElse() {
    var deaths = DeathIndex()
    deaths.add(id: "11010519491231002X", date: nil, at: at)
    deaths.add(id: "110105194912310029", date: nil, at: at)
    #expect(deaths.contains("11010519491231002X"))
    #expect(deaths.contains("110105194912310029"))
    #expect(!deaths.contains("110105194912310020"))
    #expect(!deaths.contains("11010519491231002x"))
    #expect(!deaths.contains("11010519491231002"))
    #expect(deaths.count == 2)
  }

  @Test func keepsTextThatIsNotAnEighteenCharacterID() {
    var deaths = DeathIndex()
    deaths.add(id: "110105491231002", date: nil, at: at)
    deaths.add(id: "H0100000458", date: nil, at: at)
    #expect(deaths.contains("110105491231002"))
    #expect(deaths.contains("H0100000458"))
    #expect(!deaths.contains("110105491231003"))
    #expect(deaths.count == 2)
  }

  @Test func keepsTheEarliestDateOfAnIDListedTwice() {
    var deaths = DeathIndex()
    let id = "11010519491231002X"
    deaths.add(id: id, date: CalendarDate(year: 2025, month: 3, day: 1), at: at)
    deaths.add(id: id, date: CalendarDate(year: 2024, month: 1, day: 9), at: at)
    deaths.add(id: id, date: CalendarDate(year: 2025, month: 6, day: 1), at: at)
    #expect(deaths.entry(for: id)?.date == CalendarDate(year: 2024, month: 1, day: 9))
    #expect(deaths.count == 1)
  }

  /// Thousands of deaths (their filter bits shared with IDs not listed): every listed ID is
  /// found, and an ID is found only when listed.
  @Test func findsExactlyTheListedIDsAmongMany() {
    var rng = SystemRandomNumberGenerator()
    func randomID() -> String {
      let body = String(UInt64.random(in: 10_000_000_000_000_000...99_999_999_999_999_999, using: &rng))
      return body + String(Int.random(in: 0...9, using: &rng))
    }
    let listed = Set((0..<20_000).map { _ in randomID() })
    var deaths = DeathIndex()
    for id in listed { deaths.add(id: id, date: nil, at: at) }
    #expect(listed.allSatisfy { deaths.contains($0) })
    for _ in 0..<20_000 {
      let id = randomID()
      #expect(deaths.contains(id) == listed.contains(id), "\(id)")
    }
    #expect(!DeathIndex().contains(randomID()))
  }

  /// Distinct IDs never share an entry (the packed key is one-to-one).
  @Test func distinctIDsStayDistinct() async {
    await propertyCheck(input: Gen.int(in: 0...99_999_999_999_999_999), Gen.int(in: 0...10)) {
      body, check in
      let digits = String(body)
      let id = String(repeating: "0", count: 17 - digits.count) + digits + (check == 10 ? "X" : String(check))
      var deaths = DeathIndex()
      deaths.add(id: id, date: nil, at: at)
      #expect(deaths.contains(id))
      let other = String(id.dropLast()) + (check == 10 ? "0" : "X")
      #expect(!deaths.contains(other))
    }
  }
}
