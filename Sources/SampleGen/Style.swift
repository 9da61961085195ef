/// The columns a civil-affairs sheet can have.
enum CivilColumn: UInt8 {
  case seq, name, id, sex, birth, category, household, relation, county, township, village, status
  case support, phone, phone2, nation, updated, remark
}

/// How one county writes its files: encodings, headers and their order, word styles. Drawn per
/// county from the seed, so the files of a province differ the way real offices' files do.
struct CountyStyle {
  enum Encoding: String { case gb18030, utf8BOM = "utf-8 with BOM", utf16 = "utf-16le (tab-separated)" }
  var civilEncoding = Encoding.gb18030
  var crlf = true
  var columns: [(CivilColumn, String)] = []
  /// 0: letters + township/village/number (HB010230017), 1: 16 digits with the county code,
  /// 2: the head's ID (户主身份证号).
  var householdStyle = 0
  var householdPrefix = "H"
  var countyText = ""
  /// 0 ISO, 1 slashes, 2 dots, 3 compact, 4 年月日, 5 Excel serial; month-only under 出生年月.
  var birthStyle = 0
  var monthOnlyBirth = false
  var sexCodes = false
  var civilHasRemark: Bool { columns.contains { $0.0 == .remark } }
  var hasSupportColumn: Bool { columns.contains { $0.0 == .support } }
  var civilSeparator: UInt8 { civilEncoding == .utf16 ? 0x09 : 0x2C }

  /// 0 one element per line, 1 one record per line, 2 attributes.
  var xmlStyle = 1
  var xmlRoot = "残疾人名单"
  var xmlRecord = "记录"
  var xmlTags: [String] = []  // name, sex, id, cert, type, grade, hardship, county, township, village, phone, birth
  var xmlHasCounty = true
  var xmlHasBirth = false
  var hardshipYesNo = false
  var typeStyle = 0
  var gradeStyle = 0

  static func draw(county: CountySpec, rng: inout SampleRandom) -> CountyStyle {
    var s = CountyStyle()
    let e = rng.unit()
    s.civilEncoding = e < 0.84 ? .gb18030 : e < 0.96 ? .utf8BOM : .utf16
    if county.index == 0 { s.civilEncoding = .gb18030 }
    s.crlf = s.civilEncoding == .utf16 || rng.chance(0.9)
    s.householdStyle = rng.pick(cumulative: [0.55, 0.8, 1.0])
    s.householdPrefix = rng.pick(["H", "HB", "XH", "HH", "D"])
    s.countyText = county.shortName != nil && rng.chance(0.15) ? county.shortName! : county.name

    func header(_ options: [(String, Double)]) -> String {
      options[rng.pick(cumulative: cumulative(options.map(\.1)))].0
    }
    var cols: [(CivilColumn, String)] = []
    if rng.chance(0.7) { cols.append((.seq, "序号")) }
    cols.append((.name, header([("姓名", 70), ("对象姓名", 15), ("关爱对象姓名", 5)])))
    cols.append((.id, header([("身份证号", 35), ("身份证号码", 30), ("公民身份号码", 20), ("证件号码", 10), ("身份证", 5)])))
    if rng.chance(0.95) { cols.append((.sex, "性别")) }
    if rng.chance(0.85) {
      let month = rng.chance(0.15)
      s.monthOnlyBirth = month && rng.chance(0.5)
      cols.append((.birth, month ? "出生年月" : "出生日期"))
    }
    cols.append((.category, header([("对象类别", 30), ("人员类别", 30), ("救助类别", 20), ("类别", 20)])))
    cols.append((.household, s.householdStyle == 2 ? header([("户主身份证号", 60), ("户主身份证号码", 40)]) : "户编号"))
    if rng.chance(0.95) { cols.append((.relation, "与户主关系")) }
    cols.append((.county, header([("县区", 30), ("县(市、区)", 30), ("县（市、区）", 20), ("所属县区", 20)])))
    cols.append((.township, header([("乡镇", 40), ("乡镇(街道)", 30), ("乡镇（街道）", 15), ("乡镇街道", 15)])))
    cols.append((.village, header([("村", 25), ("村(社区)", 30), ("村（社区）", 15), ("村社区", 10), ("行政村", 20)])))
    cols.append((.status, header([("状态", 20), ("保障状态", 50), ("在保状态", 30)])))
    if rng.chance(0.9) { cols.append((.support, header([("供养方式", 60), ("供养形式", 25), ("养育方式", 15)]))) }
    let phone = header([("联系电话", 60), ("电话", 20), ("手机号", 20)])
    if rng.chance(0.9) { cols.append((.phone, phone)) }
    if rng.chance(0.05) { cols.append((.phone2, phone == "联系电话" ? "手机号" : "联系电话")) }
    if rng.chance(0.2) { cols.append((.nation, "民族")) }
    if rng.chance(0.15) { cols.append((.updated, "更新日期")) }
    if rng.chance(0.6) || county.index == 0 { cols.append((.remark, "备注")) }
    // Some offices put the address first, or sex after the birth date.
    if rng.chance(0.15) {
      let address = cols.filter { [.county, .township, .village].contains($0.0) }
      cols.removeAll { [.county, .township, .village].contains($0.0) }
      let at = cols.first?.0 == .seq ? 1 : 0
      cols.insert(contentsOf: address, at: at)
    }
    if rng.chance(0.1), let a = cols.firstIndex(where: { $0.0 == .sex }),
      let b = cols.firstIndex(where: { $0.0 == .birth })
    {
      cols.swapAt(a, b)
    }
    s.columns = cols
    s.birthStyle = rng.pick(cumulative: cumulative([40, 15, 5, 15, 12, 5]))
    s.sexCodes = rng.chance(0.08)

    s.xmlStyle = rng.pick(cumulative: [0.3, 0.9, 1.0])
    if county.index == 0 { s.xmlStyle = 0 }
    if s.xmlStyle == 2 {
      s.xmlRoot = rng.chance(0.5) ? "persons" : "残疾人名单"
      s.xmlRecord = "person"
      s.xmlTags = [
        "name", "sex", "id_number", "disability_cert", "disability_type", "disability_grade", "hardship",
        "county", "township", "village", "phone", "birth_date",
      ]
    } else {
      s.xmlRoot = rng.chance(0.7) ? "残疾人名单" : "持证残疾人"
      s.xmlRecord = rng.chance(0.8) ? "记录" : "残疾人"
      s.hardshipYesNo = rng.chance(0.1)
      s.xmlTags = [
        "姓名", "性别", header([("身份证号", 50), ("身份证号码", 30), ("公民身份号码", 20)]),
        header([("残疾人证号", 70), ("残疾证号", 30)]), header([("残疾类别", 70), ("残疾类型", 30)]), "残疾等级",
        s.hardshipYesNo ? "是否低保" : header([("困难情况", 60), ("困难类型", 40)]),
        header([("县区", 60), ("所属县区", 40)]), header([("乡镇", 70), ("乡镇街道", 30)]),
        header([("村", 50), ("行政村", 30), ("村社区", 20)]), header([("联系电话", 70), ("手机号", 30)]), "出生日期",
      ]
    }
    s.xmlHasCounty = rng.chance(0.85)
    s.xmlHasBirth = rng.chance(0.3)
    s.typeStyle = rng.pick(cumulative: [0.6, 0.85, 1.0])
    s.gradeStyle = rng.pick(cumulative: [0.6, 0.8, 0.9, 1.0])
    return s
  }
}
