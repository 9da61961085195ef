import RosterCore
import Testing
import Verify

@Suite struct DisabilityTests {
  @Test func grade2WithMinimumLivingIsEligible() {
    let r = verified(normalized(.disability, grade: 2, hardship: .minimumLiving))
    #expect(r.eligibleAs == [.severelyDisabled])
  }

  @Test func grade3IsNotSevere() {
    let r = verified(normalized(.disability, grade: 3, hardship: .minimumLiving))
    #expect(r.eligibleAs.isEmpty)
    #expect(r.codes == [.disabilityGradeIneligible])
  }

  @Test func theMessageNamesTheGradeAndTheEligibleOnes() {
    let r = verified(normalized(.disability, grade: 3, hardship: .minimumLiving))
    #expect(r.findings.map(\.message) == ["grade 3; eligible: 1, 2"])
    var rules = baselineRules
    rules.eligibility.eligibleDisabilityGrades = [3, 1, 2]
    let local = verified(normalized(.disability, grade: 4, hardship: .minimumLiving), rules: rules)
    #expect(local.findings.map(\.message) == ["grade 4; eligible: 1, 2, 3"])
    let odd = verified(normalized(.disability, grade: 12, hardship: .minimumLiving))
    #expect(odd.findings.map(\.message) == ["grade 12; eligible: 1, 2"])
  }

  @Test func aMissingGradeCannotBeSevere() {
    let r = verified(normalized(.disability, hardship: .extremelyPoor))
    #expect(r.codes == [.disabilityGradeIneligible])
  }

  @Test func lowIncomeOrNoHardshipDoesNotQualify() {
    #expect(verified(normalized(.disability, grade: 1, hardship: .lowIncome)).codes == [.noQualifyingHardship])
    #expect(verified(normalized(.disability, grade: 1)).codes == [.noQualifyingHardship])
    #expect(verified(normalized(.disability, grade: 1, hardship: Hardship.none)).codes == [.noQualifyingHardship])
  }

  @Test func extremelyPoorHardshipQualifies() {
    #expect(verified(normalized(.disability, grade: 1, hardship: .extremelyPoor)).eligibleAs == [.severelyDisabled])
  }

  @Test func eligibleGradesComeFromTheRules() {
    var rules = baselineRules
    rules.eligibility.eligibleDisabilityGrades = [1, 2, 3]
    #expect(verified(normalized(.disability, grade: 3, hardship: .minimumLiving), rules: rules).eligibleAs == [.severelyDisabled])
  }

  @Test func aCivilRecordNamingTheCategoryIsChecked() {
    let r = verified(normalized(categories: [.severelyDisabled], grade: 1, hardship: .minimumLiving))
    #expect(r.eligibleAs == [.severelyDisabled])
  }
}
