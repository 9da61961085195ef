import Normalize
import RosterCore
import RuleBook
import Testing

@Suite struct RecordNormalizerTests {
  let normalizer = RecordNormalizer(
    rules: RuleBook.baseline(), identity: PlaceholderIdentityResolver())
  let provenance = Provenance(source: .civilAffairs, file: "民政.csv", line: 7)

  func raw(_ values: [Field: String]) -> RawRecord {
    var r = RawRecord(provenance: provenance)
    for (field, value) in values { r[field] = value }
    return r
  }

  @Test func normalizesEveryField() {
    var input = raw([
      .name: " 張　偉 ", .idNumber: " 62122520080101002X ", .sex: "男", .birthDate: "2008年1月1日",
      .category: "孤儿、低保", .householdID: "６２１２２５２００８０１０１００２ｘ", .relation: "本人",
      .county: "西和县", .township: "洛峪镇", .village: " 张河村 ", .status: "在保",
      .supportMode: "分散供养", .phone: "138 0013 8000", .disabilityCert: "62122520080101002X42",
      .disabilityType: "肢体残疾", .disabilityGrade: "二级", .hardship: "低保", .deathDate: "",
    ])
    let s = normalizer.normalize(input)
    #expect(s.provenance == provenance)
    #expect(s.name == "張偉")
    #expect(s.nameKey == "张伟")
    #expect(s.idRaw == " 62122520080101002X ")
    #expect(s.id == "62122520080101002X")  // placeholder: trimmed only
    #expect(!s.idValid)
    #expect(s.recordedSex == .male)
    #expect(s.recordedBirthDate == CalendarDate(year: 2008, month: 1, day: 1))
    #expect(s.recordedBirthDatePrecision == .day)
    #expect(s.birthDate == s.recordedBirthDate)  // no ID engine: as recorded
    #expect(s.sex == .male)
    #expect(s.categories == [.orphan, .minimumLiving])
    #expect(s.householdKey == "62122520080101002X")
    #expect(s.relation == "本人")
    #expect(s.county == "西和县")
    #expect(s.township == "洛峪镇")
    #expect(s.village == "张河村")
    #expect(s.status == .active)
    #expect(s.supportMode == .home)
    #expect(s.hardship == .minimumLiving)
    #expect(s.phone == "13800138000")
    #expect(s.disabilityCert == "62122520080101002X42")
    #expect(s.disabilityType == 4)
    #expect(s.disabilityGrade == 2)
    #expect(s.deathDate == nil)
    #expect(s.findings.isEmpty)
  }

  @Test func unknownValuesAreFindingsNamingFieldAndValue() {
    let s = normalizer.normalize(
      raw([
        .name: "李娜", .sex: "男孩", .category: "孤儿、留守儿童", .status: "在保中",
        .supportMode: "寄养", .hardship: "困难", .disabilityType: "八", .disabilityGrade: "五级",
        .birthDate: "2023-02-29", .deathDate: "昨天",
      ]))
    #expect(s.recordedSex == nil)
    #expect(s.categories == [.orphan])
    #expect(s.status == nil && s.supportMode == nil && s.hardship == nil)
    #expect(s.disabilityType == nil && s.disabilityGrade == nil)
    #expect(s.recordedBirthDate == nil && s.deathDate == nil)
    let messages = s.findings.map {
      "\($0.reason.code) \($0.field?.rawValue ?? "-"): \($0.message)"
    }
    #expect(
      messages == [
        "DATE_UNREADABLE birth_date: birth_date \"2023-02-29\": not a real date",
        "VALUE_UNRECOGNIZED sex: sex \"男孩\" is not a word of the rules' vocabulary.sexes",
        "VALUE_UNRECOGNIZED category: category \"留守儿童\" is not a word of the rules' vocabulary.categories",
        "VALUE_UNRECOGNIZED status: status \"在保中\" is not a word of the rules' vocabulary.statuses",
        "VALUE_UNRECOGNIZED support_mode: support_mode \"寄养\" is not a word of the rules' vocabulary.support_modes",
        "VALUE_UNRECOGNIZED hardship: hardship \"困难\" is not a word of the rules' vocabulary.hardship",
        "VALUE_UNRECOGNIZED disability_type: disability_type \"八\" is not a word of the rules' vocabulary.disability_types",
        "VALUE_UNRECOGNIZED disability_grade: disability_grade \"五级\" is not a word of the rules' vocabulary.disability_grades",
        "DATE_UNREADABLE death_date: death_date \"昨天\": not a date format the program reads (write YYYY-MM-DD)",
      ])
  }

  @Test func anIDInTheWrongColumnIsMaskedInTheMessage() {
    let s = normalizer.normalize(raw([.name: "李娜", .sex: "62122520080101002X"]))
    #expect(
      s.findings.map(\.message) == [
        "sex \"621225********002X\" is not a word of the rules' vocabulary.sexes"
      ])
  }

  @Test func aMissingNameIsAFinding() {
    let s = normalizer.normalize(raw([.name: " \u{3000}", .idNumber: "62122520080101002X"]))
    #expect(s.findings.map(\.reason) == [.nameMissing])
    #expect(s.findings.first?.field == .name)
  }

  @Test func aDeathsListNeedsNoName() {
    var input = RawRecord(provenance: Provenance(source: .deaths, file: "死亡.csv", line: 2))
    input[.idNumber] = "62122520080101002X"
    input[.deathDate] = "2025-06"
    let s = normalizer.normalize(input)
    #expect(s.findings.isEmpty)
    #expect(s.recordedDeath == RecordedDate(year: 2025, month: 6))
  }

  @Test func aMonthOnlyBirthDateKeepsItsPrecisionButIsNotABirthDate() {
    let s = normalizer.normalize(raw([.name: "李娜", .birthDate: "2008年1月"]))
    #expect(s.recordedBirthDate == CalendarDate(year: 2008, month: 1, day: 1))
    #expect(s.recordedBirthDatePrecision == .month)
    #expect(s.recordedBirth == RecordedDate(year: 2008, month: 1))
    #expect(s.birthDate == nil)
  }

  @Test func aRejectedRowKeepsItsRejection() {
    var input = raw([.name: "李娜"])
    input.rejection = Finding(.rowUnterminatedQuote, message: "quote opened on line 7")
    let s = normalizer.normalize(input)
    #expect(s.isRejected)
    #expect(s.findings.first?.reason == .rowUnterminatedQuote)
  }

  /// The ID engine plugs in through `IdentityResolver`; what it sets wins over the recorded
  /// birth date and sex.
  @Test func theIdentityResolverFillsTheIdentity() {
    struct Fake: IdentityResolver {
      func resolveIdentity(idRaw: String, certRaw: String, into record: inout SubjectRecord) {
        record.id = "11010519491231002X"
        record.idValid = true
        record.idKind = .resident
        record.birthDate = CalendarDate(year: 1949, month: 12, day: 31)
        record.sex = .female
        record.findings.append(Finding(.idNormalized, field: .idNumber))
      }
    }
    let normalizer = RecordNormalizer(rules: RuleBook.baseline(), identity: Fake())
    let s = normalizer.normalize(
      raw([.name: "王芳", .idNumber: "110105194912310021", .sex: "男", .birthDate: "1950-01-01"]))
    #expect(s.id == "11010519491231002X" && s.idValid && s.idKind == .resident)
    #expect(s.birthDate == CalendarDate(year: 1949, month: 12, day: 31))
    #expect(s.sex == .female)
    #expect(s.recordedSex == .male)
    #expect(s.recordedBirthDate == CalendarDate(year: 1950, month: 1, day: 1))
    #expect(s.findings.map(\.reason) == [.idNormalized])
  }
}
