import Ingest
import PropertyBased
import RosterCore
import Testing

/// Property-based tests of the CSV reader: what is written comes back unchanged, and no input
/// crashes it or loses a line.
@Suite struct CSVPropertyTests {
  /// Characters that stress the reader: separators, quotes, newlines, spaces, `=`, CJK,
  /// a 4-byte CJK character and emoji.
  static let alphabet: [Character] = [
    "a", "Z", "0", "9", "X", ",", "\t", "\"", "\n", "\r\n", "\r", " ", "=", "'", "张", "三", "䶮", "𠈌",
    "😀", "👨‍👩‍👧", "，", "（", "）", "\u{3000}",
  ]
  static let value = Gen<Character?>.element(of: alphabet).map { $0! }.string(of: 0...12)
  static let columns = 8
  static let row = value.array(of: columns)
  static let table = row.array(of: 1...12)
  static let headers = ["姓名", "身份证号", "性别", "出生日期", "备注", "村", "乡镇", "县区"]
  static let fields: [Field?] = [.name, .idNumber, .sex, .birthDate, nil, .village, .township, .county]

  static func quote(_ v: String, _ sep: Character) -> String {
    if v.contains(sep) || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.contains("\r\n")
      || v.hasPrefix("=")
    {
      return "\"" + v.replacing("\"", with: "\"\"") + "\""
    }
    return v
  }

  /// Values whose inner lines hold as many separators as half a row are read as a broken
  /// quote on purpose (see BrokenRowTests); values in Excel's `="…"` form are unwrapped.
  static func inDomain(_ v: String, _ sep: Character) -> Bool {
    if v.hasPrefix("=\"") && v.hasSuffix("\"") && v.count >= 3 { return false }
    let threshold = max(2, (columns - 1) / 2)
    let lines = v.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    return !lines.dropFirst().contains { line in line.filter { $0 == sep }.count >= threshold }
  }

  /// A row is blank (skipped) when all its values are empty or spaces.
  static func isBlank(_ row: [String]) -> Bool { row.allSatisfy { $0.allSatisfy { $0 == " " } } }

  @Test(arguments: [Separator.comma, .tab])
  func writtenValuesReadBackUnchanged(_ separator: Separator) async {
    let sep: Character = separator == .comma ? "," : "\t"
    await propertyCheck(count: 300, input: Self.table, Gen.int(in: 0...3)) { table, variant in
      let rows = table.map { row in row.map { Self.inDomain($0, sep) ? $0 : "v" } }
      let eol = variant & 1 == 0 ? "\n" : "\r\n"
      var text = Self.headers.joined(separator: String(sep)) + eol
      for row in rows { text += row.map { Self.quote($0, sep) }.joined(separator: String(sep)) + eol }
      var options = IngestOptions()
      options.separator = separator
      if variant >= 2 { options.chunkSize = 64 }
      let bytes: [UInt8] = variant == 3 ? gb18030(text) : Array(text.utf8)
      if variant == 3 { options.encoding = .gb18030 }
      do {
        let (records, report) = try readAll(bytes: bytes, options: options)
        let expected = rows.filter { !Self.isBlank($0) }
        #expect(records.count == expected.count)
        for (record, row) in zip(records, expected) {
          #expect(record.rejection == nil)
          for (i, field) in Self.fields.enumerated() {
            if let field { #expect(record[field] == row[i]) } else { #expect(record.extra(at: 0) == row[i]) }
          }
        }
        #expect(report.headerLines + report.recordLines + report.blankLines == report.physicalLines)
      } catch {
        Issue.record("\(error)")
      }
    }
  }

  /// Physical lines of decoded text: LF-terminated lines, plus an unterminated last one.
  static func physicalLines(_ units: [UInt16]) -> Int {
    guard !units.isEmpty else { return 0 }
    return units.filter { $0 == 0x0A }.count + (units.last == 0x0A ? 0 : 1)
  }

  static let special = Array("\",\t\n\r= ".utf8) + Array("张三😀".utf8)
  static let noise = Gen.int(in: 0...511)
    .map { $0 < 256 ? UInt8($0) : special[Int($0) % special.count] }
    .array(of: 0...600)

  @Test(arguments: [TextEncoding.utf8, .gb18030, .utf16LE])
  func randomBytesNeverCrashAndEveryLineIsAccounted(_ encoding: TextEncoding) async {
    await propertyCheck(count: 300, input: Self.noise, Gen.int(in: 0...1)) { noise, small in
      let header = "姓名,身份证号,备注\n"
      var bytes: [UInt8]
      var units: [UInt16]
      switch encoding {
      case .utf16LE:
        bytes = [0xFF, 0xFE] + header.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + noise
        units = header.utf16.map { $0 }
        var i = 0
        while i + 1 < noise.count {
          units.append(UInt16(noise[i]) | UInt16(noise[i + 1]) << 8)
          i += 2
        }
        if noise.count % 2 == 1 { units.append(0xFFFD) }
      default:
        bytes = (encoding == .gb18030 ? gb18030(header) : Array(header.utf8)) + noise
        units = bytes.map { UInt16($0) }
      }
      var options = IngestOptions()
      options.encoding = encoding
      if small == 1 {
        options.chunkSize = 64
        options.maxRowBytes = 256
        options.maxQuotedFieldBytes = 100
        options.maxQuotedFieldLines = 3
      }
      do {
        let (records, report) = try readAll(bytes: bytes, options: options)
        let lines = Self.physicalLines(units)
        #expect(report.physicalLines == lines)
        #expect(report.headerLines + report.recordLines + report.blankLines == lines)
        let starts = records.map(\.provenance.line)
        #expect(starts == starts.sorted() && Set(starts).count == starts.count)
        #expect(starts.allSatisfy { $0 >= 2 && $0 <= lines })
        #expect(report.recordCount == records.count)
        #expect(report.rejectedCount == records.filter { $0.rejection != nil }.count)
        #expect(records.allSatisfy { $0.rejection.map { $0.reason.stage == .ingest } ?? true })
      } catch {
        Issue.record("\(error)")
      }
    }
  }

  static let anyBytes = Gen<UInt8>.value(in: 0...255).array(of: 0...400)

  @Test func arbitraryBytesWithoutAHeaderNeverCrash() async {
    await propertyCheck(count: 300, input: Self.anyBytes) { bytes in
      do {
        let (records, report) = try readAll(bytes: bytes)
        #expect(report.recordCount == records.count)
      } catch is IngestError {
        // No id_number column: a clear error, not a crash.
      } catch {
        Issue.record("unexpected error \(error)")
      }
    }
  }

  @Test func arbitraryBytesAsXMLNeverCrash() async {
    let pieces = Gen<String?>.element(of: [
      "<r>", "</r>", "<p name=\"a\" id_number=\"1\"/>", "<p>", "</p>", "<身份证号>", "</身份证号>", "x",
      "&amp;", "&x;", "<!DOCTYPE r [<!ENTITY x \"y\">]>", "<![CDATA[", "]]>", "\n", "\"", "<", ">",
    ]).map { $0! }.array(of: 0...40)
    await propertyCheck(count: 300, input: pieces) { pieces in
      let text = "<?xml version=\"1.0\"?>" + pieces.joined()
      do {
        let (records, report) = try readAll(text, file: "x.xml", options: IngestOptions(format: .xml))
        #expect(report.recordCount == records.count)
      } catch is IngestError {
      } catch {
        Issue.record("unexpected error \(error)")
      }
    }
  }
}
