import Foundation
import TestSupport
import Testing

/// `rostercheck id`, run as a user runs it. The golden CSVs were produced by the binary and
/// checked by hand; after an intended change regenerate them with
/// `swift run rostercheck id --as-of 2026-01-01 Tests/EndToEndTests/Fixtures/NAME.txt > Tests/EndToEndTests/Fixtures/NAME.expected.csv`.
@Suite struct IDCommandTests {
  static func fixture(_ name: String) -> URL { RepoPaths.fixture(name, in: "EndToEndTests") }

  static func golden(_ name: String) throws -> String {
    try String(contentsOf: fixture(name), encoding: .utf8)
  }

  /// UTF-8 with BOM, CRLF line ends, no final line break: every outcome of the engine.
  @Test func fileMatchesGoldenCSV() throws {
    let result = try BuiltBinary.run(
      ["id", "--as-of", "2026-01-01", IDCommandTests.fixture("ids-crlf-bom.txt").path])
    #expect(result.status == 0)
    #expect(result.stdoutText == (try IDCommandTests.golden("ids-crlf-bom.expected.csv")))
    #expect(result.stderrText.contains("37 lines, 22 valid, 15 invalid"))
  }

  @Test func standardInputGivesTheSameRows() throws {
    let input = try Data(contentsOf: IDCommandTests.fixture("ids-crlf-bom.txt"))
    let result = try BuiltBinary.run(["id", "--as-of", "2026-01-01"], stdin: input)
    #expect(result.status == 0)
    #expect(result.stdoutText == (try IDCommandTests.golden("ids-crlf-bom.expected.csv")))
  }

  /// GB18030 input (Excel's CSV on Chinese Windows), and a line in no known encoding.
  @Test func gb18030FileMatchesGoldenCSV() throws {
    let result = try BuiltBinary.run(
      ["id", "--as-of", "2026-01-01", IDCommandTests.fixture("ids-gb18030.txt").path])
    #expect(result.status == 0)
    #expect(result.stdoutText == (try IDCommandTests.golden("ids-gb18030.expected.csv")))
    #expect(result.stderrText.contains("ROW_ENCODING"))
  }

  /// The README's first command.
  @Test func sampleDataRuns() throws {
    let sample = RepoPaths.path("SampleData/ids.txt")
    let lines =
      try String(contentsOf: sample, encoding: .utf8).split(
        separator: "\n", omittingEmptySubsequences: false
      ).count - 1
    let result = try BuiltBinary.run(["id", sample.path])
    #expect(result.status == 0)
    let rows = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      rows.first == "input,normalized,status,reasons,kind,birth_date,sex,region_code,region_name")
    #expect(rows.count == lines + 2)  // header + one row per line + the final empty piece
  }

  @Test func asOfDecidesWhatIsInTheFuture() throws {
    let id = "621225203001010038\n"  // born 2030-01-01
    let before = try BuiltBinary.run(["id", "--as-of", "2029-12-31"], stdin: Data(id.utf8))
    #expect(before.stdoutText.contains(",invalid,ID_BIRTH_DATE_FUTURE,"))
    let after = try BuiltBinary.run(["id", "--as-of", "2030-01-01"], stdin: Data(id.utf8))
    #expect(after.stdoutText.contains(",valid,,resident,2030-01-01,"))
  }

  @Test func byteOrderMarkForExcel() throws {
    let result = try BuiltBinary.run(["id", "--bom"], stdin: Data("11010519491231002X\n".utf8))
    #expect(Array(result.stdout.prefix(3)) == [0xEF, 0xBB, 0xBF])
  }

  @Test func excelDamagedColumnIsReported() throws {
    var text = ""
    for day in 1...9 { text += "62122520080101\(day)000\n" }
    for _ in 0..<20 { text += "11010519491231002X\n" }
    let result = try BuiltBinary.run(["id", "--as-of", "2026-01-01"], stdin: Data(text.utf8))
    #expect(result.status == 0)
    #expect(result.stderrText.contains("warning: ID_EXCEL_COLUMN_DAMAGED: 9 of 29 18-digit IDs"))
  }

  /// A county that tolerates fewer zero endings sets its own thresholds in its rules file.
  @Test func columnThresholdsComeFromTheRulesFile() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let rules = dir.file("strict.yml")
    try "extends: \(RepoPaths.path("Rules/baseline.yml").path)\nid_column:\n  minimum_count: 1\n  minimum_share: 0.01\n"
      .write(to: rules, atomically: true, encoding: .utf8)
    var text = "621225200801011000\n"
    for _ in 0..<20 { text += "11010519491231002X\n" }
    let baseline = try BuiltBinary.run(["id", "--as-of", "2026-01-01"], stdin: Data(text.utf8))
    #expect(!baseline.stderrText.contains("ID_EXCEL_COLUMN_DAMAGED"))
    let strict = try BuiltBinary.run(["id", "--as-of", "2026-01-01", "--rules", rules.path], stdin: Data(text.utf8))
    #expect(strict.status == 0)
    #expect(strict.stderrText.contains("ID_EXCEL_COLUMN_DAMAGED: 1 of 21"))
  }

  @Test func missingFileIsAClearError() throws {
    let result = try BuiltBinary.run(["id", "/nonexistent/ids.txt"])
    #expect(result.status != 0)
    #expect(result.stdoutText.isEmpty)
    #expect(result.stderrText.contains("/nonexistent/ids.txt: cannot open the file"))
  }

  @Test func badAsOfDateIsAClearError() throws {
    let result = try BuiltBinary.run(["id", "--as-of", "2026/01/01"], stdin: Data())
    #expect(result.status != 0)
    #expect(result.stderrText.contains("--as-of 2026/01/01: not a date; write it as YYYY-MM-DD"))
  }

  @Test func emptyInputGivesTheHeaderOnly() throws {
    let result = try BuiltBinary.run(["id"], stdin: Data())
    #expect(result.status == 0)
    #expect(
      result.stdoutText
        == "input,normalized,status,reasons,kind,birth_date,sex,region_code,region_name\n")
  }
}
