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
