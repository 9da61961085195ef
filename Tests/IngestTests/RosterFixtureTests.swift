import Foundation
import Ingest
import RosterCore
import Testing
import TestSupport

/// One small roster in every encoding and dialect of the contract reads to the same records
/// (fixtures written by `Fixtures/make_fixtures.py`).
@Suite struct RosterFixtureTests {
  struct Expected {
    var values: [Field: String]
    var note: String
    var csvLine: Int
  }

  static let expected: [Expected] = [
    Expected(
      values: [
        .name: "张三", .idNumber: "62122520080101002X", .sex: "男", .birthDate: "2008-01-01",
        .category: "孤儿", .county: "西和县", .township: "汉源镇", .village: "城关村", .status: "在保",
        .supportMode: "分散供养", .phone: "13800000000",
      ], note: "父母双亡,由祖父母抚养", csvLine: 2),
    Expected(
      values: [
        .name: "李四", .idNumber: "11010519491231002X", .sex: "女", .birthDate: "1949-12-31",
        .category: "特困人员", .householdID: "H001", .relation: "户主", .county: "西和县",
        .township: "汉源镇", .village: "北关村", .status: "在保", .supportMode: "集中供养",
      ], note: "说\"明\"", csvLine: 3),
    Expected(
      values: [
        .name: "王䶮", .idNumber: "622627199003070016", .sex: "男", .birthDate: "1990-03-07",
        .category: "特困人员", .householdID: "H001", .relation: "子女", .county: "西和县",
        .township: "汉源镇", .village: "北关村", .status: "在保", .supportMode: "分散供养",
      ], note: "第一行\n第二行", csvLine: 5),
    Expected(
      values: [
        .name: "李𠈌", .idNumber: "621225201001011234", .sex: "女", .birthDate: "2010-01-01",
        .category: "事实无人抚养儿童", .county: "西和县", .township: "何坝镇", .village: "何坝村",
        .status: "在保", .supportMode: "社会散居",
      ], note: "甲\t乙😀", csvLine: 8),
    Expected(
      values: [.name: "赵六", .idNumber: "621225195501010011", .sex: "男"], note: "", csvLine: 9),
  ]

  struct Variant: Sendable, CustomTestStringConvertible {
    var file: String
    var encoding: TextEncoding
    var bom: Bool
    var separator: Separator
    var lineEnding: LineEnding
    var testDescription: String { file }
  }

  static let csvVariants: [Variant] = [
    Variant(file: "roster-utf8-lf.csv", encoding: .utf8, bom: false, separator: .comma, lineEnding: .lf),
    Variant(
      file: "roster-utf8-bom-crlf.csv", encoding: .utf8, bom: true, separator: .comma,
      lineEnding: .crlf),
    Variant(
      file: "roster-gb18030-crlf.csv", encoding: .gb18030, bom: false, separator: .comma,
      lineEnding: .crlf),
    Variant(
      file: "roster-gb18030-lf.csv", encoding: .gb18030, bom: false, separator: .comma, lineEnding: .lf
    ),
    Variant(file: "roster-utf8-tab.tsv", encoding: .utf8, bom: false, separator: .tab, lineEnding: .lf),
    Variant(
      file: "roster-utf16le-bom-tab.txt", encoding: .utf16LE, bom: true, separator: .tab,
      lineEnding: .crlf),
    Variant(
      file: "roster-utf16be-bom-tab.txt", encoding: .utf16BE, bom: true, separator: .tab,
      lineEnding: .crlf),
  ]

  static func path(_ name: String) -> String {
    RepoPaths.fixture(name, in: "IngestTests").path
  }

  static func check(_ records: [RawRecord], noteHeader: String?, report: FileReport) {
    #expect(records.count == expected.count)
    for (record, want) in zip(records, expected) {
      #expect(record.rejection == nil)
      for field in Field.allCases {
        #expect(record[field] == (want.values[field] ?? ""), "\(field) of \(want.values[.name]!)")
      }
      let noteSlot = report.layout.unknownColumns.firstIndex(of: noteHeader ?? "")
      let note = noteSlot.flatMap { $0 < record.extras.count ? record.extras[$0] : "" } ?? ""
      #expect(note == want.note, "note of \(want.values[.name]!)")
    }
  }

  @Test(arguments: csvVariants)
  func csvVariantReadsToTheSameRecords(_ variant: Variant) throws {
    let (records, report) = try RosterReader.readAll(
      path: Self.path(variant.file), source: .civilAffairs, matcher: Baseline.matcher)
    Self.check(records, noteHeader: "备注", report: report)
    #expect(records.map(\.provenance.line) == Self.expected.map(\.csvLine))
    #expect(records.allSatisfy { $0.provenance.file == Self.path(variant.file) })
    #expect(records.allSatisfy { $0.provenance.source == .civilAffairs })
    #expect(report.format == .csv)
    #expect(report.encoding == variant.encoding)
    #expect(report.encodingDetected)
    #expect(report.byteOrderMark == variant.bom)
    #expect(report.separator == variant.separator)
    #expect(report.lineEnding == variant.lineEnding)
    #expect(report.headerLine == 1)
    #expect(report.physicalLines == 9)
    #expect(report.blankLines == 2)
    #expect(report.headerLines + report.recordLines + report.blankLines == report.physicalLines)
    #expect(report.recordCount == 5)
    #expect(report.rejectedCount == 0)
    #expect(report.layout.unknownColumns == ["备注"])
    #expect(report.columns.count == 14)
    #expect(report.columns.first { $0.header == "乡镇（街道）" }?.field == .township)
    #expect(report.columns.first { $0.header == "村(社区)" }?.field == .village)
    #expect(report.findings.map(\.finding.reason) == [.fileUnknownColumn])
  }

  @Test func explicitEncodingOverridesDetection() throws {
    var options = IngestOptions()
    options.encoding = .gb18030
    let (records, report) = try RosterReader.readAll(
      path: Self.path("roster-gb18030-crlf.csv"), source: .disability, matcher: Baseline.matcher,
      options: options)
    Self.check(records, noteHeader: "备注", report: report)
    #expect(!report.encodingDetected)
    #expect(records.allSatisfy { $0.provenance.source == .disability })
  }

  @Test func wrongEncodingRejectsRowsInsteadOfGarbling() throws {
    // GB18030 bytes read as UTF-8: the header does not map, so the file is refused clearly.
    var options = IngestOptions()
    options.encoding = .utf8
    #expect(throws: IngestError.self) {
      _ = try RosterReader.readAll(
        path: Self.path("roster-gb18030-lf.csv"), source: .civilAffairs,
        matcher: Baseline.matcher, options: options)
    }
  }

  @Test func xmlWithChildElements() throws {
    let path = Self.path("roster-elements.xml")
    let (records, report) = try RosterReader.readAll(
      path: path, source: .disability, matcher: Baseline.matcher)
    Self.check(records, noteHeader: "备注", report: report)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let recordLines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
      .filter { $0.element.contains("<记录>") }.map { $0.offset + 1 }
    #expect(records.map(\.provenance.line) == recordLines)
    #expect(report.format == .xml)
    #expect(report.recordElement == "记录")
    #expect(report.headerLine == 2)
    #expect(report.recordCount == 5)
    #expect(report.stoppedBy == nil)
    #expect(report.layout.unknownColumns == ["备注"])
    #expect(report.findings.map(\.finding.reason) == [.fileUnknownColumn])
  }

  @Test func xmlWithAttributesInGB18030() throws {
    let path = Self.path("roster-attributes-gb18030.xml")
    let (records, report) = try RosterReader.readAll(
      path: path, source: .disability, matcher: Baseline.matcher)
    Self.check(records, noteHeader: "note", report: report)
    #expect(records.map(\.provenance.line) == [3, 4, 5, 6, 7])
    #expect(report.recordElement == "person")
    #expect(report.encoding == .gb18030)
  }

  @Test func xmlFromMemoryAndFileAgree() throws {
    let path = Self.path("roster-elements.xml")
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let fromMemory = try readAll(bytes: bytes, file: path)
    let fromFile = try RosterReader.readAll(path: path, source: .civilAffairs, matcher: Baseline.matcher)
    #expect(fromMemory.records == fromFile.records)
  }

  @Test func smallChunksReadTheSame() throws {
    // Chunk boundaries fall inside quoted fields, multi-byte characters and CRLF pairs.
    for variant in Self.csvVariants {
      for chunk in [64, 67, 101] {
        var options = IngestOptions()
        options.chunkSize = chunk
        let (records, report) = try RosterReader.readAll(
          path: Self.path(variant.file), source: .civilAffairs, matcher: Baseline.matcher,
          options: options)
        Self.check(records, noteHeader: "备注", report: report)
        #expect(records.map(\.provenance.line) == Self.expected.map(\.csvLine), "\(variant.file) chunk \(chunk)")
      }
    }
  }

  @Test func readFilesInParallelKeepsTheOrder() throws {
    let inputs = Self.csvVariants.map { RosterReader.Input(path: Self.path($0.file), source: .civilAffairs) }
      + [RosterReader.Input(path: Self.path("roster-elements.xml"), source: .disability)]
    let results = RosterReader.readFiles(inputs, matcher: Baseline.matcher, concurrency: 2)
    #expect(results.count == inputs.count)
    for (input, result) in zip(inputs, results) {
      let read = try result.get()
      #expect(read.report.file == input.path)
      #expect(read.records.count == 5)
    }
  }
}
