import Ingest
import RosterCore

/// The baseline header aliases of the data contract (§2.3), for the Ingest tests (the rules
/// files are read by RuleBook, which these tests do not depend on).
enum Baseline {
  static let aliases: [Field: [String]] = [
    .name: ["姓名", "对象姓名", "关爱对象姓名", "户主姓名", "name"],
    .idNumber: ["身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "id_number", "idcard"],
    .sex: ["性别", "sex"],
    .birthDate: ["出生日期", "出生年月", "birth_date"],
    .category: ["对象类别", "人员类别", "救助类别", "类别", "category"],
    .householdID: ["户编号", "户主身份证号", "户主身份证号码", "household_id"],
    .relation: ["与户主关系", "relation"],
    .county: ["县区", "县(市、区)", "所属县区", "county"],
    .township: ["乡镇", "乡镇(街道)", "乡镇街道", "township"],
    .village: ["村", "村(社区)", "村社区", "行政村", "village"],
    .status: ["状态", "保障状态", "在保状态", "status"],
    .supportMode: ["供养方式", "供养形式", "养育方式", "support_mode"],
    .phone: ["联系电话", "电话", "手机号", "phone"],
    .disabilityCert: ["残疾人证号", "残疾证号", "disability_cert"],
    .disabilityType: ["残疾类别", "残疾类型", "disability_type"],
    .disabilityGrade: ["残疾等级", "disability_grade"],
    .hardship: ["困难类型", "困难情况", "是否低保", "hardship"],
    .deathDate: ["死亡日期", "注销日期", "death_date"],
  ]

  static let matcher = HeaderMatcher(aliases: aliases)
}

/// Reads a whole roster given as text (UTF-8) or bytes.
func readAll(
  _ text: String, file: String = "test.csv", options: IngestOptions = IngestOptions()
) throws -> (records: [RawRecord], report: FileReport) {
  try readAll(bytes: Array(text.utf8), file: file, options: options)
}

func readAll(
  bytes: [UInt8], file: String = "test.csv", options: IngestOptions = IngestOptions()
) throws -> (records: [RawRecord], report: FileReport) {
  let reader = try RosterReader(
    bytes: bytes, file: file, source: .civilAffairs, matcher: Baseline.matcher, options: options)
  var records: [RawRecord] = []
  while let r = try reader.next() { records.append(r) }
  return (records, reader.report)
}
