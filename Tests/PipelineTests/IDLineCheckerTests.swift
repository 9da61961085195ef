import RosterCore
import Pipeline
import PropertyBased
import Testing

/// The rows of `rostercheck id`, line by line (bytes in, bytes out).
@Suite struct IDLineCheckerTests {
  static let asOf = CalendarDate(year: 2026, month: 1, day: 1)!

  func rows(_ lines: [[UInt8]]) -> (String, IDCheckSummary) {
    var checker = IDLineChecker(asOf: IDLineCheckerTests.asOf)
    var out: [UInt8] = []
    for line in lines { line.withUnsafeBufferPointer { checker.appendRow(line: $0, to: &out) } }
    return (String(decoding: out, as: UTF8.self), checker.summary(rules: Rules.IDColumnRules()))
  }

  @Test func validID() {
    let (csv, summary) = rows([Array("11010519491231002X".utf8)])
    #expect(
      csv
        == "11010519491231002X,11010519491231002X,valid,,resident,1949-12-31,female,110105,北京市朝阳区\n"
    )
    #expect(summary.lines == 1 && summary.valid == 1 && summary.invalid == 0)
  }

  @Test func carriageReturnIsNotPartOfTheValue() {
    let (csv, _) = rows([Array("610104620927690\r".utf8)])
    #expect(
      csv
        == "610104620927690,610104196209276908,valid,ID_LEGACY_15,resident-legacy15,1962-09-27,female,610104,陕西省西安市莲湖区\n"
    )
  }

  @Test func byteOrderMarkOnTheFirstLineOnly() {
    let (csv, _) = rows([[0xEF, 0xBB, 0xBF] + Array("11010519491231002X".utf8)])
    #expect(csv.hasPrefix("11010519491231002X,11010519491231002X,valid,,"))
  }

  @Test func fieldsAreQuoted() {
    let (csv, _) = rows([Array("=\"6,21E+17\"".utf8)])
    #expect(
      csv == "\"=\"\"6,21E+17\"\"\",\"6,21E+17\",invalid,ID_NORMALIZED;ID_EXCEL_SCIENTIFIC,,,,,\n")
  }

  @Test func gb18030Line() {
    // "张三" in GB18030.
    let (csv, summary) = rows([[0xD5, 0xC5, 0xC8, 0xFD]])
    #expect(csv == "张三,张三,invalid,ID_NOT_AN_ID,,,,,\n")
    #expect(summary.gb18030 == 1)
  }

  @Test func undecodableLine() {
    let (csv, summary) = rows([[0xFF, 0x31]])
    #expect(csv.hasPrefix("\u{FFFD}1,\u{FFFD}1,invalid,ROW_ENCODING;ID_NOT_AN_ID,"))
    #expect(summary.undecodable == 1)
  }

  @Test func certificateRow() {
    let (csv, _) = rows([Array("11010519491231002X42B1".utf8)])
    #expect(
      csv
        == "11010519491231002X42B1,11010519491231002X42B1,valid,CERT_REISSUED,disability-cert,1949-12-31,female,110105,北京市朝阳区\n"
    )
  }

  @Test func certificateWithABadIDPartIsInvalid() {
    let (csv, _) = rows([Array("11010519491231002142".utf8)])
    #expect(csv.contains(",invalid,ID_CHECK_DIGIT,disability-cert,"))
  }

  @Test func everyLineGetsARow() {
    let lines: [[UInt8]] = [[], Array(" ".utf8), Array("abc".utf8), [0x0D], Array("1".utf8)]
    let (csv, summary) = rows(lines)
    #expect(csv.split(separator: "\n").count == lines.count)
    #expect(summary.lines == 5 && summary.invalid == 5)
  }

  /// Any bytes at all (invalid UTF-8, GB18030, CR, quotes, commas): exactly one row, nine fields.
  @Test func anyLineGivesExactlyOneRow() async {
    let bytes = Gen.element(
      of: [
        0x31, 0x32, 0x58, 0x78, 0x2C, 0x22, 0x0D, 0x20, 0x3D, 0x27, 0xE5, 0xBC, 0xA0, 0xD5, 0xC5,
        0xFF, 0x80, 0xEF, 0xBB, 0xBF, 0x2E, 0x45, 0x2B,
      ] as [UInt8]
    ).array(of: 0...30)
    await propertyCheck(count: 500, input: bytes) { line in
      let (csv, summary) = rows([line.compactMap { $0 }])
      #expect(summary.lines == 1)
      #expect(csv.utf8.filter { $0 == 0x0A }.count == 1 && csv.hasSuffix("\n"))
      #expect(IDLineCheckerTests.fieldCount(csv) == 9, "\(csv)")
    }
  }

  /// Fields in one CSV row (RFC 4180 quoting).
  static func fieldCount(_ row: String) -> Int {
    var count = 1
    var quoted = false
    for ch in row.unicodeScalars {
      if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { count += 1 }
    }
    return count
  }
}
