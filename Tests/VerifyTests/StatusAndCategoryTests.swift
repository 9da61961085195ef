import RosterCore
import Testing
import Verify

@Suite struct StatusAndCategoryTests {
  @Test func activeTekunIsEligible() {
    #expect(verified(normalized(categories: [.extremelyPoor])).eligibleAs == [.extremelyPoor])
  }

  @Test func inactiveStatusExcludes() {
    let r = verified(normalized(categories: [.extremelyPoor], status: .inactive))
    #expect(r.eligibleAs.isEmpty)
    #expect(r.codes == [.statusInactive])
  }

  @Test func aBlankStatusCountsAsActive() {
    #expect(verified(normalized(categories: [.extremelyPoor], status: nil)).eligibleAs == [.extremelyPoor])
  }

  @Test func minimumLivingAloneIsNotAPairingCategory() {
    let r = verified(normalized(categories: [.minimumLiving]))
    #expect(r.eligibleAs.isEmpty)
    #expect(r.codes == [.notPairingCategory])
    #expect(r.findings[0].severity == .info)
  }

  @Test func aCivilRecordWithoutCategoryIsUnknown() {
    let r = verified(normalized(categories: []))
    #expect(r.codes == [.categoryUnknown])
    #expect(r.eligibleAs.isEmpty)
  }

  @Test func rejectedRecordsAreNotChecked() {
    var r = normalized(categories: [.orphan])
    r.findings = [Finding(.idCheckDigit)]
    let v = verified(r)
    #expect(v.codes == [.idCheckDigit])
    #expect(v.eligibleAs.isEmpty)
  }
}
