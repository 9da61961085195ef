import Foundation
import Ingest
import RosterCore
import Testing
import TestSupport

/// A row that cannot be read becomes a rejected record with its line and reason, and the rows
/// after it are read normally — for every kind of broken row.
@Suite struct BrokenRowTests {
  static let header = "姓名,身份证号,性别,出生日期,对象类别\n"

  /// Checks that the good rows around a broken one were read with their lines.
  static func expectGoodRows(_ records: [RawRecord], _ expected: [(line: Int, name: String)]) {
    let good = records.filter { $0.rejection == nil }
    #expect(good.map(\.provenance.line) == expected.map(\.line))
    #expect(good.map { $0[.name] } == expected.map(\.name))
  }

  static func expectAccounted(_ report: FileReport, physicalLines: Int) {
    #expect(report.physicalLines == physicalLines)
    #expect(report.headerLines + report.recordLines + report.blankLines == report.physicalLines)
  }

  @Test func tooManyFields() throws {
    let text = Self.header + """
      张三,62122520080101002X,男,2008-01-01,孤儿
      李四,11010519491231002X,女,1949-12-31,特困,人员,多余
      王五,622627199003070016,男,1990-03-07,特困人员,,,
      赵六,621225195501010011,男,1955-01-01,特困人员

      """
    let (records, report) = try readAll(text)
    #expect(records.count == 4)
    let bad = records[1]
    #expect(bad.rejection?.reason == .rowTooManyFields)
    #expect(bad.provenance.line == 3)
    #expect(bad[.name] == "李四")  // best effort
    #expect(bad.rejection?.message.contains("7 fields") == true)
    #expect(bad.rejection?.message.contains("11010519491231002X") == false)
    // Trailing empty fields are tolerated.
    Self.expectGoodRows(records, [(2, "张三"), (4, "王五"), (5, "赵六")])
    #expect(report.rejectedRows.map(\.line) == [3])
    #expect(report.rejectedCount == 1)
    Self.expectAccounted(report, physicalLines: 5)
  }

  @Test func unterminatedQuoteFollowedByRowsThatLookComplete() throws {
    let text = Self.header + """
      张三,62122520080101002X,男,2008-01-01,孤儿
      李四,"11010519491231002X,女,1949-12-31,特困人员
      王五,622627199003070016,男,1990-03-07,特困人员
      赵六,621225195501010011,男,1955-01-01,特困人员
      钱七,"621225195501010011",男,1955-01-01,特困人员

      """
    let (records, report) = try readAll(text)
    #expect(records.count == 5)
    #expect(records[1].rejection?.reason == .rowUnterminatedQuote)
    #expect(records[1].provenance.line == 3)
    #expect(records[1][.name] == "李四")
    #expect(records[1][.idNumber] == "11010519491231002X")
    #expect(records[1].rejection?.message.contains("column 2 (身份证号)") == true)
    Self.expectGoodRows(records, [(2, "张三"), (4, "王五"), (5, "赵六"), (6, "钱七")])
    #expect(records[4][.idNumber] == "621225195501010011")
    Self.expectAccounted(report, physicalLines: 6)
  }

  @Test func unterminatedQuoteAtTheEndOfTheFile() throws {
    let text = Self.header + "张三,62122520080101002X,男,2008-01-01,孤儿\n李四,\"1101,女\n"
    let (records, report) = try readAll(text)
    #expect(records.map { $0.rejection?.reason } == [nil, .rowUnterminatedQuote])
    #expect(records[1].provenance.line == 3)
    Self.expectAccounted(report, physicalLines: 3)
  }

  @Test func unterminatedQuoteClosedByALaterQuotedField() throws {
    // The stray quote would pair with the quote opening 钱七's ID: text follows that quote,
    // so the pairing is wrong.
    let text = Self.header + """
      李四,"11010519491231002X,女
      王五,62262719900307
      钱七,"621225195501010011",男

      """
    let (records, report) = try readAll(text)
    #expect(records.first?.rejection?.reason == .rowUnterminatedQuote)
    Self.expectGoodRows(records, [(3, "王五"), (4, "钱七")])
    Self.expectAccounted(report, physicalLines: 4)
  }

  @Test func quotedFieldOverTheLineLimit() throws {
    var options = IngestOptions()
    options.maxQuotedFieldLines = 3
    var text = Self.header + "张三,\"62122520080101002X\n"
    for i in 0..<6 { text += "text\(i)\n" }
    text += "赵六,621225195501010011\n"
    let (records, report) = try readAll(text, options: options)
    #expect(records[0].rejection?.reason == .rowUnterminatedQuote)
    #expect(records[0].provenance.line == 2)
    #expect(records.last?[.name] == "赵六")
    #expect(records.last?.provenance.line == 9)
    #expect(records.last?.rejection == nil)
    Self.expectAccounted(report, physicalLines: 9)
  }

  @Test func quotedFieldOverTheByteLimit() throws {
    var options = IngestOptions()
    options.maxQuotedFieldBytes = 1000
    options.chunkSize = 256
    let text = Self.header + "张三,\"" + String(repeating: "x", count: 5000) + "\n赵六,621225195501010011\n"
    let (records, report) = try readAll(text, options: options)
    #expect(records.map { $0.rejection?.reason } == [.rowUnterminatedQuote, nil])
    #expect(records[1].provenance.line == 3)
    Self.expectAccounted(report, physicalLines: 3)
  }

  @Test func multiLineQuotedFieldsThatAreFine() throws {
    let text = Self.header + """
      张三,62122520080101002X,男,"2008-01-01
      (补录)","孤儿,
      父母双亡"
      赵六,621225195501010011,男,1955-01-01,特困人员

      """
    let (records, report) = try readAll(text)
    #expect(records.allSatisfy { $0.rejection == nil })
    #expect(records.map(\.provenance.line) == [2, 5])
    #expect(records[0][.birthDate] == "2008-01-01\n(补录)")
    #expect(records[0][.category] == "孤儿,\n父母双亡")
    Self.expectAccounted(report, physicalLines: 5)
  }

  @Test func invalidUTF8() throws {
    var bytes = Array((Self.header + "张三,62122520080101002X,男\n").utf8)
    bytes += Array("李四,".utf8) + [0xFF, 0xC3, 0x28] + Array(",女\n".utf8)
    bytes += Array("王五,622627199003070016,男\n".utf8)
    let (records, report) = try readAll(bytes: bytes)
    #expect(records.map { $0.rejection?.reason } == [nil, .rowEncoding, nil])
    #expect(records[1].provenance.line == 3)
    #expect(records[1][.name] == "李四")
    #expect(records[1].rejection?.message.contains("column 2 (身份证号)") == true)
    #expect(report.encoding == .utf8)
    Self.expectAccounted(report, physicalLines: 4)
  }

  @Test func invalidGB18030() throws {
    let good1 = gb18030(Self.header + "张三,62122520080101002X,男\n")
    let bad = gb18030("李四,") + [0x80, 0xFF] + gb18030(",女\n")
    let good2 = gb18030("王五,622627199003070016,男\n")
    let (records, report) = try readAll(bytes: good1 + bad + good2)
    #expect(report.encoding == .gb18030)
    #expect(records.map { $0.rejection?.reason } == [nil, .rowEncoding, nil])
    #expect(records[2][.name] == "王五")
    #expect(records[1].rejection?.message.contains("GB18030") == true)
  }

  @Test func invalidUTF16() throws {
    func utf16le(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } }
    var bytes: [UInt8] = [0xFF, 0xFE] + utf16le("姓名\t身份证号\n张三\t62122520080101002X\n李四\t")
    bytes += [0x00, 0xD8]  // an unpaired high surrogate
    bytes += utf16le("1101\n王五\t622627199003070016\n")
    let (records, report) = try readAll(bytes: bytes)
    #expect(report.encoding == .utf16LE)
    #expect(records.map { $0.rejection?.reason } == [nil, .rowEncoding, nil])
    #expect(records.map(\.provenance.line) == [2, 3, 4])
  }

  @Test func rowLongerThanTheLimit() throws {
    var options = IngestOptions()
    options.maxRowBytes = 4096
    options.chunkSize = 1024
    let text = Self.header + "张三,62122520080101002X\n" + String(repeating: "长", count: 10_000)
      + "\n王五,622627199003070016\n"
    let (records, report) = try readAll(text, options: options)
    #expect(records.map { $0.rejection?.reason } == [nil, .rowTooLong, nil])
    #expect(records.map(\.provenance.line) == [2, 3, 4])
    Self.expectAccounted(report, physicalLines: 4)
  }

  @Test func blankLinesAndSeparatorOnlyLinesAreSkippedAndCounted() throws {
    let text = "\n\n" + Self.header + "\n,,,,\n张三,62122520080101002X\n  \n\n"
    let (records, report) = try readAll(text)
    #expect(records.count == 1)
    #expect(records[0].provenance.line == 6)
    #expect(report.headerLine == 3)
    #expect(report.blankLines == 6)
    Self.expectAccounted(report, physicalLines: 8)
  }

  @Test func crOnlyLineEndings() throws {
    let text = "姓名,身份证号\r张三,62122520080101002X\r李四,\"1101\r0519\"\r"
    let (records, report) = try readAll(text)
    #expect(report.lineEnding == .cr)
    #expect(records.map { $0[.name] } == ["张三", "李四"])
    #expect(records[1][.idNumber] == "1101\r0519")
    #expect(records.map(\.provenance.line) == [2, 3])
  }

  @Test func noFinalNewline() throws {
    let (records, report) = try readAll("姓名,身份证号\r\n张三,62122520080101002X")
    #expect(records.map { $0[.idNumber] } == ["62122520080101002X"])
    Self.expectAccounted(report, physicalLines: 2)
  }

  @Test func excelWrappersInAllTheirForms() throws {
    let text = #"""
      姓名,身份证号,备注
      a,="62122520080101002X",="x,y"
      b,"=""11010519491231002X""","=""say """"hi"""""""
      c,=62122520080101002X,="

      """#
    let (records, _) = try readAll(text)
    #expect(records.map { $0[.idNumber] } == ["62122520080101002X", "11010519491231002X", "=62122520080101002X"])
    #expect(records[0].extras == ["x,y"])
    #expect(records[1].extras == ["say \"hi\""])
    #expect(records[2].rejection?.reason == .rowUnterminatedQuote)
  }
}

/// GB18030 bytes of `s` (through the C library's iconv, as the reader decodes them).
func gb18030(_ s: String) -> [UInt8] {
  let cd = iconv_open("GB18030", "UTF-8")
  defer { iconv_close(cd) }
  var input = Array(s.utf8)
  var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
  var inLeft = input.count
  var outLeft = output.count
  input.withUnsafeMutableBufferPointer { inBuf in
    output.withUnsafeMutableBufferPointer { outBuf in
      var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!)
        .assumingMemoryBound(to: CChar.self)
      var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
        .assumingMemoryBound(to: CChar.self)
      _ = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
    }
  }
  return Array(output.prefix(output.count - outLeft))
}

@Suite struct DetectionTests {
  @Test func utf16WithoutBOM() throws {
    let text = "姓名\t身份证号\r\nZhang San\t62122520080101002X\r\n"
    let le = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let be = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    let (r1, rep1) = try readAll(bytes: le)
    let (r2, rep2) = try readAll(bytes: be)
    #expect(rep1.encoding == .utf16LE && rep2.encoding == .utf16BE)
    #expect(!rep1.byteOrderMark)
    #expect(r1.map { $0[.idNumber] } == ["62122520080101002X"])
    #expect(r1 == r2)
  }

  @Test func anXMLFileNamedCSVIsReadAsXML() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let file = dir.file("导出.csv")
    try "<r><p name=\"a\" id_number=\"1\"/></r>".write(to: file, atomically: true, encoding: .utf8)
    let (records, report) = try RosterReader.readAll(
      path: file.path, source: .civilAffairs, matcher: Baseline.matcher)
    #expect(report.format == .xml)
    #expect(records.map { $0[.idNumber] } == ["1"])
  }

  @Test func headerOnlyFileHasNoRecords() throws {
    let (records, report) = try readAll("姓名,身份证号\r\n")
    #expect(records.isEmpty)
    #expect(report.physicalLines == 1 && report.headerLines == 1)
  }
}
