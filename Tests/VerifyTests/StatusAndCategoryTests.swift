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

  /// Findings made before verification stay, in front of the claims' findings.
  @Test func earlierFindingsAreKept() {
    var poor = normalized(categories: [.minimumLiving])
    poor.findings = [Finding(.idNormalized)]
    #expect(verified(poor).codes == [.idNormalized, .notPairingCategory])
    // Two child claims failing for the same reason give one finding, after the earlier one.
    var grown = normalized(birth: "19900101", categories: [.orphan, .deFactoUnsupported])
    grown.findings = [Finding(.idNormalized)]
    #expect(verified(grown).codes == [.idNormalized, .childAgedOut])
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
