import RosterCore
import Testing
import Verify

@Suite struct DeathTests {
  @Test func statusDeadExcludes() {
    let r = verified(normalized(categories: [.extremelyPoor], status: .dead))
    #expect(r.codes.contains(.deceased))
    #expect(r.eligibleAs.isEmpty)
  }

  @Test func theDeathsListExcludesWhenTheDeathIsOnOrBeforeTheReferenceDate() {
    let r = normalized(categories: [.orphan], status: .active)
    var deaths = DeathIndex()
    deaths.add(id: r.id, date: asOf, at: Provenance(source: .deaths, file: "deaths.csv", line: 4))
    let v = verified(r, deaths: deaths)
    #expect(v.codes.contains(.deceased))
    #expect(v.findings.first { $0.reason == .deceased }!.message.contains("deaths.csv:4"))
  }

  @Test func aDeathAfterTheReferenceDateDoesNotCountYet() {
    let r = normalized(birth: "20120101", categories: [.orphan])
    var deaths = DeathIndex()
    deaths.add(id: r.id, date: CalendarDate(year: 2026, month: 11, day: 27)!,
               at: Provenance(source: .deaths, file: "deaths.csv", line: 4))
    #expect(verified(r, deaths: deaths).eligibleAs == [.orphan])
  }

  /// Whoever needs to know that a roster's ID is on the deaths list learns it from the verified
  /// record: also when the death is dated later, the status already says 死亡, or the row was
  /// rejected; never for an unlisted or invalid ID.
  @Test func verifiedRecordsSayWhetherTheDeathsListNamesThem() {
    let listed = normalized(birth: "20120101", categories: [.orphan])
    var deaths = DeathIndex()
    deaths.add(id: listed.id, date: CalendarDate(year: 2026, month: 11, day: 27)!,
               at: Provenance(source: .deaths, file: "deaths.csv", line: 4))
    #expect(verified(listed, deaths: deaths).onDeathsList)
    var dead = listed
    dead.status = .dead
    #expect(verified(dead, deaths: deaths).onDeathsList)
    var rejected = listed
    rejected.findings.append(Finding(.rowEncoding))
    #expect(verified(rejected, deaths: deaths).onDeathsList)
    var invalid = listed
    invalid.idValid = false
    #expect(!verified(invalid, deaths: deaths).onDeathsList)
    #expect(!verified(normalized(categories: [.orphan])).onDeathsList)
  }

  @Test func aDeathDateColumnCounts() {
    var r = normalized(categories: [.extremelyPoor])
    r.deathDate = CalendarDate(year: 2025, month: 1, day: 1)
    #expect(verified(r).codes == [.deceased])
  }

  @Test func deathListEntriesSayWhetherTheyMatched() {
    let verifier = Verifier(rules: baselineRules, asOf: asOf)
    var a = normalized(.deaths)
    var b = normalized(.deaths)
    var c = normalized(.deaths)
    c.deathDate = CalendarDate(year: 2027, month: 1, day: 1)
    verifier.verifyDeathEntry(&a, onRoster: true)
    verifier.verifyDeathEntry(&b, onRoster: false)
    verifier.verifyDeathEntry(&c, onRoster: true)
    #expect(a.codes == [.deathListMatched])
    #expect(b.codes == [.deathListUnmatched])
    #expect(c.codes == [.deathListFutureDate])
  }
}
