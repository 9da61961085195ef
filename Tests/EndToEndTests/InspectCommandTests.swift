import Foundation
import Testing
import TestSupport

/// `rostercheck inspect`, run the way a data specialist runs it.
@Suite struct InspectCommandTests {
  static func fixture(_ name: String) -> String { RepoPaths.fixture(name, in: "IngestTests").path }

  @Test func textReportOfAGB18030File() throws {
    let file = Self.fixture("roster-gb18030-crlf.csv")
    let result = try BuiltBinary.run(["inspect", file])
    #expect(result.status == 0)
    let text = result.stdoutText
    #expect(text.hasPrefix(file + "\n"))
    #expect(text.contains("format:   CSV, GB18030 (detected), comma-separated, CRLF line endings"))
    #expect(text.contains("source:   civil-affairs (民政), guessed from the columns"))
    #expect(text.contains("columns:  14, header on line 1"))
    #expect(text.contains("乡镇（街道）  → township"))
    #expect(text.contains("身份证号") && text.contains("→ id_number"))
    #expect(text.contains("备注") && text.contains("→ (unknown: kept with the record, not checked)"))
    #expect(text.contains("unknown columns: 备注"))
    #expect(text.contains("records:  5 (5 read, 0 rejected); 2 blank lines; 9 lines in all"))
    #expect(result.stderrText.isEmpty)
  }

  @Test func rejectedRowsWithLinesAndReasons() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let file = dir.file("broken.csv")
    try """
      姓名,身份证号,性别
      张三,62122520080101002X,男
      李四,"11010519491231002X,女
      王五,622627199003070016,男,多余
      赵六,621225195501010011,男

      """.write(to: file, atomically: true, encoding: .utf8)
    let result = try BuiltBinary.run(["inspect", file.path])
    #expect(result.status == 0)
    let text = result.stdoutText
    #expect(text.contains("records:  4 (2 read, 2 rejected)"))
    #expect(text.contains("line 3  ROW_UNTERMINATED_QUOTE  the quoted field in column 2 (身份证号) is never closed"))
    #expect(text.contains("line 4  ROW_TOO_MANY_FIELDS  the row has 4 fields but the header has 3"))
    #expect(!text.contains("11010519491231002X"))

    let json = try BuiltBinary.run(["inspect", "--json", file.path])
    #expect(json.status == 0)
    let root = try #require(try JSONSerialization.jsonObject(with: json.stdout) as? [String: Any])
    let files = try #require(root["files"] as? [[String: Any]])
    let f = try #require(files.first)
    #expect(f["ok"] as? Bool == true)
    #expect(f["records"] as? Int == 4)
    #expect(f["rejected"] as? Int == 2)
    #expect(f["encoding"] as? String == "utf-8")
    #expect(f["separator"] as? String == "comma")
    #expect(f["line_endings"] as? String == "lf")
    let rows = try #require(f["rejected_rows"] as? [[String: Any]])
    #expect(rows.map { $0["line"] as? Int } == [3, 4])
    #expect(rows.map { $0["code"] as? String } == ["ROW_UNTERMINATED_QUOTE", "ROW_TOO_MANY_FIELDS"])
    let columns = try #require(f["columns"] as? [[String: Any]])
    #expect(columns.map { $0["field"] as? String } == ["name", "id_number", "sex"])
  }

  @Test func jsonOfSeveralFilesIncludingOneThatCannotBeRead() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let noID = dir.file("no-id.csv")
    try "姓名,证号\n张三,1\n".write(to: noID, atomically: true, encoding: .utf8)
    let xml = Self.fixture("roster-elements.xml")
    let result = try BuiltBinary.run(["inspect", "--json", "--source", "disability", xml, noID.path])
    #expect(result.status == 1)
    let root = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    let files = try #require(root["files"] as? [[String: Any]])
    #expect(files.count == 2)
    #expect(files[0]["format"] as? String == "xml")
    #expect(files[0]["record_element"] as? String == "记录")
    #expect(files[0]["source"] as? String == "disability")
    #expect(files[0]["source_guessed"] as? Bool == false)
    #expect(files[0]["records"] as? Int == 5)
    #expect(files[1]["ok"] as? Bool == false)
    let error = try #require(files[1]["error"] as? String)
    #expect(error.contains("no column maps to id_number"))
    #expect(error.contains("\"姓名\", \"证号\""))
    #expect(error.contains("身份证号, 身份证号码"))
  }

  @Test func encodingOverrideAndUTF16() throws {
    let file = Self.fixture("roster-utf16le-bom-tab.txt")
    let result = try BuiltBinary.run(["inspect", "--encoding", "utf-16le", file])
    #expect(result.status == 0)
    #expect(result.stdoutText.contains("format:   CSV, UTF-16LE with BOM (as given), tab-separated, CRLF line endings"))
    let bad = try BuiltBinary.run(["inspect", "--encoding", "latin-9", file])
    #expect(bad.status != 0)
    #expect(bad.stderrText.contains("--encoding must be"))
  }

  @Test func unsafeXMLIsReportedWithoutLibxmlNoise() throws {
    for name in ["billion-laughs.xml", "xxe-relative.xml", "truncated.xml"] {
      let result = try BuiltBinary.run(["inspect", Self.fixture(name)])
      #expect(result.status == 0, "\(name)")
      #expect(result.stderrText.isEmpty, "\(name): \(result.stderrText)")
      #expect(result.stdoutText.contains("STOPPED:"), "\(name)")
      #expect(!result.stdoutText.contains("TOPSECRET"))
    }
    let laughs = try BuiltBinary.run(["inspect", Self.fixture("billion-laughs.xml")])
    #expect(laughs.stdoutText.contains("XML_FORBIDDEN_ENTITY line 3:"))
    let truncated = try BuiltBinary.run(["inspect", Self.fixture("truncated.xml")])
    #expect(truncated.stdoutText.contains("records:  3 (2 read, 1 rejected)"))
    #expect(truncated.stdoutText.contains("XML_MALFORMED"))
  }

  @Test func aCountyRulesFileAddsItsHeaderAliases() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let file = dir.file("local.csv")
    try "救助对象姓名,身份证号,户号\n张三,11010519491231002X,H1\n".write(to: file, atomically: true, encoding: .utf8)
    let baseline = try BuiltBinary.run(["inspect", "--json", file.path])
    let county = try BuiltBinary.run([
      "inspect", "--json", "--rules", RepoPaths.path("Rules/xihe-county.yml").path, file.path,
    ])
    #expect(county.status == 0)
    #expect(baseline.stdoutText.contains("\"unknown_columns\" : [\n        \"救助对象姓名\""))
    #expect(county.stdoutText.contains("\"field\" : \"name\",\n          \"header\" : \"救助对象姓名\""))
  }

  @Test func aBrokenRulesFileIsReportedWithItsFileAndKey() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let rules = dir.file("bad.yml")
    try "extends: baseline.yml\nheader_aliases:\n  nmae: [x]\n".write(to: rules, atomically: true, encoding: .utf8)
    let result = try BuiltBinary.run(["inspect", "--rules", rules.path, Self.fixture("roster-utf8-lf.csv")])
    #expect(result.status != 0)
    #expect(result.stderrText.contains("bad.yml"))
    #expect(result.stderrText.contains("nmae"))
  }
}
