import RosterCore
import Testing
import Verify

@Suite struct ChildAgeTests {
  let orphan = normalized(birth: "20081126", categories: [.orphan])

  @Test func theDayBeforeThe18thBirthdayIsEligible() {
    let r = verified(orphan, asOf: CalendarDate(year: 2026, month: 11, day: 25)!)
    #expect(r.eligibleAs == [.orphan])
    #expect(r.codes.isEmpty)
  }

  @Test func theDayOfThe18thBirthdayIsAgedOut() {
    let r = verified(orphan, asOf: CalendarDate(year: 2026, month: 11, day: 26)!)
    #expect(r.eligibleAs.isEmpty)
    #expect(r.codes == [.childAgedOut])
    #expect(r.findings[0].message.contains("age 18"))
  }

  @Test func deFactoUnsupportedChildrenFollowTheSameLimit() {
    let r = verified(normalized(birth: "20000101", categories: [.deFactoUnsupported]))
    #expect(r.codes == [.childAgedOut])
  }

  /// The message names the claim, the age, the reference date and the limit — also for ages
  /// beyond the messages made in advance (0–130).
  @Test func theMessageNamesClaimAgeDateAndLimit() {
    let day = CalendarDate(year: 2026, month: 11, day: 26)!
    #expect(verified(orphan, asOf: day).findings.map(\.message) == ["孤儿: age 18 on 2026-11-26 (limit 18)"])
    let old = normalized(birth: "18950101", categories: [.deFactoUnsupported])
    #expect(verified(old, asOf: day).findings.map(\.message) == ["事实无人抚养儿童: age 131 on 2026-11-26 (limit 18)"])
    var rules = baselineRules
    rules.eligibility.childAgeLimit = 16
    let young = normalized(birth: "20100101", categories: [.deFactoUnsupported])
    #expect(
      verified(young, rules: rules, asOf: day).findings.map(\.message) == ["事实无人抚养儿童: age 16 on 2026-11-26 (limit 16)"])
  }

  @Test func theLimitComesFromTheRules() {
    var rules = baselineRules
    rules.eligibility.childAgeLimit = 19
    let r = verified(orphan, rules: rules)
    #expect(r.eligibleAs == [.orphan])
  }

  @Test func anAgedOutOrphanWhoIsAlsoTekunStaysEligibleAsTekun() {
    let r = verified(normalized(birth: "20000101", categories: [.orphan, .extremelyPoor]))
    #expect(r.eligibleAs == [.extremelyPoor])
    #expect(r.codes == [.childAgedOut])
  }
}
