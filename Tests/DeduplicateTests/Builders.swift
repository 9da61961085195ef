import Deduplicate
import RosterCore
import TestSupport

/// Builds a record the way the Verify stage leaves it: normalized, with claims decided.
func record(
  _ source: SourceKind = .civilAffairs, file: String? = nil, line: Int, name: String,
  id: String, valid: Bool = true, categories: CategorySet = [], eligible: CategorySet = [],
  household: String = "", relation: String = "", township: String = "城关镇",
  village: String = "新村", birth: CalendarDate? = nil, grade: Int? = nil,
  hardship: Hardship? = nil, status: SupportStatus? = .active, findings: [Finding] = []
) -> SubjectRecord {
  let defaultFile = source == .civilAffairs ? "civil.csv" : source == .disability ? "cjr.xml" : "deaths.csv"
  var r = SubjectRecord(provenance: Provenance(source: source, file: file ?? defaultFile, line: line))
  r.name = name
  r.nameKey = name
  r.idRaw = id
  r.id = id
  r.idValid = valid
  r.idKind = valid ? .resident : nil
  if valid, id.count == 18 {
    let digits = Array(id)
    r.birthDate = CalendarDate(
      year: Int(String(digits[6..<10]))!, month: Int(String(digits[10..<12]))!,
      day: Int(String(digits[12..<14]))!)
    r.sex = Int(String(digits[16]))! % 2 == 1 ? .male : .female
  }
  if let birth { r.birthDate = birth }
  r.categories = categories
  r.eligibleAs = eligible
  r.householdKey = household
  r.relation = relation
  r.county = "西和县"
  r.township = township
  r.village = village
  r.disabilityGrade = grade
  r.hardship = hardship
  r.status = status
  r.findings = findings
  if !valid { r.findings.append(Finding(.idCheckDigit, field: .idNumber)) }
  return r
}

/// Valid synthetic IDs used across the tests.
enum IDs {
  static let orphan = SyntheticID.make(birth: "20120304", sequence: "012")
  static let head = SyntheticID.make(birth: "19500101", sequence: "031")
  static let spouse = SyntheticID.make(birth: "19520202", sequence: "042")
  static let son = SyntheticID.make(birth: "19800303", sequence: "051")
  static let disabled = SyntheticID.make(birth: "19700505", sequence: "071")
  static let other = SyntheticID.make(birth: "19650606", sequence: "081")
}

func run(_ records: [SubjectRecord], eligibility: Rules.Eligibility = Rules.Eligibility())
  -> (DeduplicationResult, [SubjectRecord])
{
  var records = records
  let result = Deduplicator(eligibility: eligibility).run(records)
  result.apply(to: &records)
  return (result, records)
}

extension SubjectRecord {
  func has(_ reason: Reason) -> Bool { findings.contains { $0.reason == reason } }
}
