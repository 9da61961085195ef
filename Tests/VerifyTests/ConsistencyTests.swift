import RosterCore
import Testing
import TestSupport
import Verify

@Suite struct ConsistencyTests {
  @Test func aRecordedBirthDateDisagreeingWithTheIDIsAWarning() {
    var r = normalized(birth: "19700505", categories: [.extremelyPoor])
    r.recordedBirthDate = CalendarDate(year: 1970, month: 5, day: 6)
    let v = verified(r)
    #expect(v.codes == [.birthDateMismatch])
    #expect(v.findings[0].severity == .warning)
    #expect(v.eligibleAs == [.extremelyPoor], "the ID wins; the record stays eligible")
  }

  @Test func anAgreeingBirthDateIsFine() {
    var r = normalized(birth: "19700505", categories: [.extremelyPoor])
    r.recordedBirthDate = CalendarDate(year: 1970, month: 5, day: 5)
    #expect(verified(r).codes.isEmpty)
  }

  @Test func aMonthOnlyBirthDateIsComparedByMonth() {
    var r = normalized(birth: "19700505", categories: [.extremelyPoor])
    r.recordedBirthDate = CalendarDate(year: 1970, month: 5, day: 1)
    r.recordedBirthDatePrecision = .month
    #expect(verified(r).codes.isEmpty)
    r.recordedBirthDate = CalendarDate(year: 1970, month: 6, day: 1)
    #expect(verified(r).codes == [.birthDateMismatch])
  }

  @Test func aRecordedSexDisagreeingWithTheIDIsAWarning() {
    var r = normalized(sequence: "071", categories: [.extremelyPoor])
    r.recordedSex = .female
    #expect(verified(r).codes == [.sexMismatch])
    r.recordedSex = .male
    #expect(verified(r).codes.isEmpty)
  }

  @Test func aCertificateForAnotherPersonIsAWarningWithMaskedIDs() {
    var r = normalized(.disability, grade: 1, hardship: .minimumLiving)
    r.certID = TestSupport.SyntheticID.make(birth: "19700506", sequence: "071")
    r.certType = 4
    r.disabilityType = 4
    r.certGrade = 1
    let v = verified(r)
    #expect(v.codes == [.certIDMismatch])
    #expect(!v.findings[0].message.contains(r.id))
    #expect(!v.findings[0].message.contains(r.certID))
  }

  @Test func certificateTypeAndGradeDigitsMustAgreeWithTheColumns() {
    var r = normalized(.disability, grade: 2, hardship: .minimumLiving)
    r.certID = r.id
    r.certType = 4
    r.disabilityType = 5
    r.certGrade = 1
    let v = verified(r)
    #expect(v.codes == [.certTypeMismatch, .certGradeMismatch])
  }
}


