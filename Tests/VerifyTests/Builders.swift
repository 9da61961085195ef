import RosterCore
import TestSupport
import Verify

let asOf = CalendarDate(year: 2026, month: 11, day: 26)!

let baselineRules = Rules(
  unsuitable: [
    Rules.UnsuitableCondition(
      field: .supportMode, values: ["institutional"], label: "集中供养/机构养育：不适宜一对一入户结对")
  ])

/// A normalized record with a valid ID born on `birth` (YYYYMMDD).
func normalized(
  _ source: SourceKind = .civilAffairs, birth: String = "19700505", sequence: String = "071",
  categories: CategorySet = [], county: String = "西和县", status: SupportStatus? = .active,
  grade: Int? = nil, hardship: Hardship? = nil
) -> SubjectRecord {
  var r = SubjectRecord(provenance: Provenance(source: source, file: "f", line: 2))
  let id = SyntheticID.make(birth: birth, sequence: sequence)
  r.name = "张三"
  r.nameKey = "张三"
  r.idRaw = id
  r.id = id
  r.idValid = true
  r.idKind = .resident
  let chars = Array(birth)
  r.birthDate = CalendarDate(
    year: Int(String(chars[0..<4]))!, month: Int(String(chars[4..<6]))!, day: Int(String(chars[6..<8]))!)
  r.sex = Int(sequence)! % 2 == 1 ? .male : .female
  r.regionCode = "621225"
  r.categories = categories
  r.county = county
  r.status = status
  r.disabilityGrade = grade
  r.hardship = hardship
  return r
}

func verified(_ r: SubjectRecord, rules: Rules = baselineRules, asOf date: CalendarDate = asOf,
              jurisdiction: Rules.Jurisdiction? = nil, deaths: DeathIndex = DeathIndex()) -> SubjectRecord {
  var r = r
  Verifier(rules: rules, asOf: date, jurisdiction: jurisdiction, deaths: deaths).verify(&r)
  return r
}

extension SubjectRecord {
  var codes: [Reason] { findings.map(\.reason) }
}
