import Foundation
import Ingest
import RosterCore
import Testing
import TestSupport

/// XML is read secure by construction: no external entities, no DTD loading, no network, no
/// entity expansion; errors stop the file with a clear finding and keep the records before.
@Suite struct XMLSecurityTests {
  static let secret = "TOPSECRET-7f3a9c-DO-NOT-LEAK"

  static func path(_ name: String) -> String { RepoPaths.fixture(name, in: "IngestTests").path }

  /// Everything the reader produced, as text: records, report and any error.
  static func everything(_ path: String) -> (text: String, records: [RawRecord], report: FileReport?) {
    do {
      let (records, report) = try RosterReader.readAll(
        path: path, source: .disability, matcher: Baseline.matcher)
      let text = "\(records)\n\(report)"
      return (text, records, report)
    } catch {
      return ("\(error)", [], nil)
    }
  }

  @Test(arguments: ["xxe-relative.xml", "external-dtd.xml", "parameter-entity.xml"])
  func localFileContentNeverAppears(_ name: String) throws {
    // The secret is next to the fixture, where a relative SYSTEM identifier points.
    #expect(try String(contentsOfFile: Self.path("secret.txt"), encoding: .utf8).contains(Self.secret))
    let (text, records, report) = Self.everything(Self.path(name))
    #expect(!text.contains(Self.secret))
    let report2 = try #require(report)
    #expect(report2.stoppedBy?.finding.reason == .xmlForbiddenEntity)
    #expect(records.last?.rejection?.reason == .xmlForbiddenEntity)
    #expect(records.allSatisfy { $0.rejection != nil })
  }

  @Test func absoluteFileURLEntityIsRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let secretFile = dir.file("secret.txt")
    try Self.secret.write(to: secretFile, atomically: true, encoding: .utf8)
    let xml = """
      <?xml version="1.0"?>
      <!DOCTYPE roster [<!ENTITY xxe SYSTEM "file://\(secretFile.path)">]>
      <roster><person name="&xxe;" id_number="11010519491231002X"/></roster>
      """
    let file = dir.file("xxe.xml")
    try xml.write(to: file, atomically: true, encoding: .utf8)
    let (text, _, report) = Self.everything(file.path)
    #expect(!text.contains(Self.secret))
    #expect(report?.stoppedBy?.finding.reason == .xmlForbiddenEntity)
    #expect(report?.stoppedBy?.provenance.line == 2)
    // From memory too.
    let (records, _) = try readAll(bytes: Array(xml.utf8), file: "xxe.xml")
    #expect(!"\(records)".contains(Self.secret))
    #expect(records.last?.rejection?.reason == .xmlForbiddenEntity)
  }

  @Test(arguments: ["billion-laughs.xml", "entity-loop.xml"])
  func entityExpansionIsRefusedWithBoundedMemory(_ name: String) throws {
    let before = Self.peakResidentMegabytes()
    let (records, report) = try RosterReader.readAll(
      path: Self.path(name), source: .disability, matcher: Baseline.matcher)
    let after = Self.peakResidentMegabytes()
    #expect(after - before < 200, "peak memory grew by \(after - before) MB")
    #expect(report.stoppedBy?.finding.reason == .xmlForbiddenEntity)
    #expect(records.count == 1)
    #expect(records[0].rejection?.reason == .xmlForbiddenEntity)
    #expect(!records.contains { $0[.name].contains("lol") })
    let message = try #require(report.stoppedBy?.finding.message)
    #expect(message.contains("line "))
    #expect(report.stoppedBy?.provenance.file == Self.path(name))
  }

  @Test func truncatedXMLKeepsTheRecordsBefore() throws {
    let (records, report) = try RosterReader.readAll(
      path: Self.path("truncated.xml"), source: .disability, matcher: Baseline.matcher)
    #expect(records.count == 3)
    #expect(records[0][.name] == "张三" && records[0].rejection == nil)
    #expect(records[1][.name] == "李四" && records[1].rejection == nil)
    #expect(records[2].rejection?.reason == .xmlMalformed)
    #expect(report.recordCount == 3)
    #expect(report.rejectedCount == 1)
    let stop = try #require(report.stoppedBy)
    #expect(stop.finding.reason == .xmlMalformed)
    #expect(stop.provenance.line >= 5)
    #expect(stop.finding.message.contains("2 records before it were kept"))
  }

  @Test func malformedRecordInTheMiddleNamesItsLine() throws {
    let (records, report) = try RosterReader.readAll(
      path: Self.path("malformed-middle.xml"), source: .disability, matcher: Baseline.matcher)
    #expect(records.prefix(2).map { $0[.name] } == ["张三", "李四"])
    #expect(records.prefix(2).allSatisfy { $0.rejection == nil })
    #expect(records.last?.rejection?.reason == .xmlMalformed)
    #expect(report.stoppedBy?.provenance.line == 5)
    #expect(report.stoppedBy?.finding.message.hasPrefix("line 5: ") == true)
    // The message names the problem but carries no ID number.
    #expect(report.stoppedBy?.finding.message.contains("622627199003070016") == false)
  }

  @Test func undeclaredEntityReferenceIsAnError() throws {
    let xml = "<roster>\n<p name=\"a\" id_number=\"1\"/>\n<p name=\"&nope;\" id_number=\"2\"/>\n</roster>\n"
    let (records, report) = try readAll(bytes: Array(xml.utf8), file: "x.xml")
    #expect(records.first?[.name] == "a")
    #expect(records.last?.rejection != nil)
    #expect(report.stoppedBy != nil)
  }

  @Test func plainDoctypeWithoutSubsetIsAccepted() throws {
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE roster>\n<roster><p name=\"a\" id_number=\"1\"/></roster>\n"
    let (records, report) = try readAll(bytes: Array(xml.utf8), file: "x.xml")
    #expect(records.count == 1)
    #expect(records[0].rejection == nil)
    #expect(report.stoppedBy == nil)
  }

  static func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  }
}
