import Ingest
import RosterCore
import Testing

@Suite struct HeaderMatchingTests {
  @Test(arguments: [
    ("身份证号", Field.idNumber), (" 身份证号码 ", .idNumber), ("身份证　号码", .idNumber),
    ("公民身份号码", .idNumber), ("ID_Number", .idNumber), ("IDCARD", .idNumber), ("idcard", .idNumber),
    ("身份证\u{200B}号", .idNumber), ("\u{FEFF}姓名", .name), ("Name", .name), ("户主姓名", .name),
    ("乡镇（街道）", .township), ("乡镇(街道)", .township), ("乡镇 ( 街道 )", .township),
    ("县（市、区）", .county), ("县(市、区)", .county), ("村（社区）", .village),
    ("ｓｅｘ", .sex), ("出生年月", .birthDate), ("birth_date", .birthDate), ("死亡日期", .deathDate),
    ("残疾人证号", .disabilityCert), ("是否低保", .hardship), ("support_mode", .supportMode),
  ])
  func aliasVariants(_ header: String, _ field: Field) {
    #expect(Baseline.matcher.field(for: header) == field)
  }

  @Test(arguments: ["备注", "身份证号码2", "序号", "", "id number x"])
  func unknownHeaders(_ header: String) {
    #expect(Baseline.matcher.field(for: header) == nil)
  }

  @Test func contractNamesAlwaysMatch() {
    let matcher = HeaderMatcher(aliases: [:])
    for field in Field.allCases { #expect(matcher.field(for: field.rawValue) == field) }
  }

  @Test func firstFieldWinsAnAliasConflict() {
    let matcher = HeaderMatcher(aliases: [.name: ["编号"], .householdID: ["编号"]])
    #expect(matcher.field(for: "编号") == .name)
  }

  @Test func unknownColumnsAreKeptAndReportedOnce() throws {
    let text = "序号,姓名,身份证号,备注,,\n1,张三,62122520080101002X,孤儿院,,\n2,李四,11010519491231002X,,,\n"
    let (records, report) = try readAll(text)
    #expect(report.layout.unknownColumns == ["序号", "备注"])
    // Extras run up to the last unknown column that holds text; the rest read as blank.
    #expect(records.map(\.extras) == [["1", "孤儿院"], ["2"]])
    #expect(records.map { [$0.extra(at: 0), $0.extra(at: 1), $0.extra(at: 2)] } == [["1", "孤儿院", ""], ["2", "", ""]])
    let unknown = report.findings.filter { $0.finding.reason == .fileUnknownColumn }
    #expect(unknown.count == 2)
    #expect(unknown.allSatisfy { $0.provenance.line == 1 })
    #expect(unknown[0].finding.message.contains("序号"))
    #expect(report.columns.map(\.field) == [nil, .name, .idNumber, nil])
  }

  @Test func duplicateColumnsFirstNonEmptyWins() throws {
    let text = "姓名,身份证号,公民身份号码\n张三,62122520080101002X,11010519491231002X\n李四,,11010519491231002X\n"
    let (records, report) = try readAll(text)
    #expect(records.map { $0[.idNumber] } == ["62122520080101002X", "11010519491231002X"])
    let dup = report.findings.filter { $0.finding.reason == .fileDuplicateColumn }
    #expect(dup.count == 1)
    #expect(dup.first?.finding.field == .idNumber)
    #expect(report.columns[2].duplicateOf == 2)
  }

  @Test func noIDColumnListsHeadersAndAliases() throws {
    let text = "姓名,证号,性别\n张三,62122520080101002X,男\n"
    do {
      _ = try readAll(text, file: "乡镇.csv")
      Issue.record("expected an error")
    } catch let error as IngestError {
      #expect(error.reason == .fileNoIDColumn)
      #expect(error.line == 1)
      let message = error.description
      #expect(message.hasPrefix("乡镇.csv line 1: "))
      #expect(message.contains("\"姓名\", \"证号\", \"性别\""))
      #expect(message.contains("身份证号, 身份证号码, 公民身份号码, 证件号码, 身份证, id_number, idcard"))
      #expect(message.contains("FILE_NO_ID_COLUMN"))
    }
  }

  @Test func emptyFileIsAnError() throws {
    #expect(throws: IngestError.self) { _ = try readAll("") }
    #expect(throws: IngestError.self) { _ = try readAll("\n\n\r\n") }
  }

  @Test func xmlWithoutIDFieldIsAnError() throws {
    let xml = "<r><p name=\"a\" code=\"1\"/><p name=\"b\" code=\"2\"/></r>"
    do {
      _ = try readAll(xml, file: "x.xml")
      Issue.record("expected an error")
    } catch let error as IngestError {
      #expect(error.reason == .fileNoIDColumn)
      #expect(error.description.contains("\"name\", \"code\""))
    }
  }

  @Test func xmlElementsAndAttributesMixAndNonRecordsAreSkipped() throws {
    let xml = """
      <导出>
        <说明>民政 2026</说明>
        <记录 序号="1"><姓名>张三</姓名><身份证号>62122520080101002X</身份证号></记录>
        <记录 序号="2" 姓名="李四"><身份证号>11010519491231002X</身份证号><备注>a &amp; b</备注></记录>
        <记录 序号="3"><姓名>王&lt;五&gt;</姓名><身份证号><![CDATA[622627199003070016]]></身份证号></记录>
      </导出>
      """
    let (records, report) = try readAll(xml, file: "x.xml")
    #expect(report.recordElement == "记录")
    #expect(report.skippedElements == ["说明": 1])
    #expect(records.map { $0[.name] } == ["张三", "李四", "王<五>"])
    #expect(records.map { $0[.idNumber] } == ["62122520080101002X", "11010519491231002X", "622627199003070016"])
    #expect(report.layout.unknownColumns == ["序号", "备注"])
    #expect(records[1].extras == ["2", "a & b"])
    #expect(records[0].extras == ["1"])  // XML extras stop at the last column seen so far
    #expect(records.map(\.provenance.line) == [3, 4, 5])
  }

  @Test func xmlAttributeAmpersands() throws {
    let xml = "<r><p name=\"a &amp; b &#38; c &lt;\" id_number=\"1\"/></r>"
    let (records, _) = try readAll(xml, file: "x.xml")
    #expect(records.first?[.name] == "a & b & c <")
  }

  @Test func sourceGuess() {
    #expect(SourceKind.guess(from: [.name, .idNumber, .category]) == .civilAffairs)
    #expect(SourceKind.guess(from: [.name, .idNumber, .disabilityCert]) == .disability)
    #expect(SourceKind.guess(from: [.name, .idNumber, .deathDate]) == .deaths)
  }
}

/// XML encodings and line numbers.
@Suite struct XMLReadingTests {
  @Test func utf16XMLWithBOM() throws {
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<r>\n<p 姓名=\"张三\" 身份证号=\"1\"/>\n</r>\n"
    let bytes: [UInt8] = [0xFF, 0xFE] + xml.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let (records, report) = try readAll(bytes: bytes, file: "x.xml")
    #expect(records.map { $0[.name] } == ["张三"])
    #expect(records.first?.provenance.line == 3)
    #expect(report.encoding == .utf16LE)
    #expect(report.byteOrderMark)
  }

  @Test func lineNumbersPast65535() throws {
    var xml = "<r>\n"
    for i in 0..<70_000 { xml += "<p name=\"n\(i)\" id_number=\"\(i)\"/>\n" }
    xml += "</r>\n"
    let (records, _) = try readAll(xml, file: "x.xml")
    #expect(records.count == 70_000)
    #expect(records.last?.provenance.line == 70_001)
    #expect(records.last?[.idNumber] == "69999")
  }

  @Test func aStartTagOverSeveralLinesStartsOnItsFirstLine() throws {
    let xml = "<r\n>\n<p name=\"a\"\n   id_number=\"1\"/>\n<p\nname=\"b\"\n\nid_number=\"2\"></p></r>\n"
    let (records, report) = try readAll(xml, file: "x.xml")
    #expect(records.map(\.provenance.line) == [3, 5])
    #expect(report.headerLine == 1)
  }
}
