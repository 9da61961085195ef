import Deduplicate
import Emit
import Foundation
import RosterCore
import Testing
import TestSupport

@Suite struct HTMLReportTests {
  static let orphanID = SyntheticID.make(birth: "20120304", sequence: "012")
  static let typoID = SyntheticID.make(birth: "20120305", sequence: "012")

  func subject(_ line: Int, _ name: String, _ id: String, township: String, eligible: CategorySet,
               findings: [Finding] = [], source: SourceKind = .civilAffairs) -> SubjectRecord {
    var s = SubjectRecord(provenance: Provenance(source: source, file: "civil.csv", line: line))
    s.name = name
    s.nameKey = name
    s.idRaw = id
    s.id = id
    s.idValid = !findings.contains { $0.effect == .reject }
    s.township = township
    s.village = "新村"
    s.eligibleAs = eligible
    s.findings = findings
    return s
  }

  func render() -> String {
    var subjects = [
      subject(2, "李娜", Self.orphanID, township: "城关镇", eligible: [.orphan]),
      subject(3, "李娜", Self.typoID, township: "城关镇", eligible: [.orphan]),
      subject(4, "王五", "62122519800101001", township: "西高山镇", eligible: [],
              findings: [Finding(.idLength, field: .idNumber, message: "17 characters in 62122519800101001")]),
      subject(5, "赵六", SyntheticID.make(birth: "19990101", sequence: "033"), township: "西高山镇",
              eligible: [], findings: [Finding(.childAgedOut, message: "age 27")]),
    ]
    let result = Deduplicator().run(subjects)
    result.apply(to: &subjects)
    let records = subjects.map(VerifiedRecord.init)
    var byReason: [String: Int] = [:]
    for (i, r) in records.enumerated() {
      var reasons = r.reasons
      for (j, f) in result.addedFindings where j == i { reasons.insert(f.reason) }
      for reason in reasons { byReason[reason.code, default: 0] += 1 }
    }
    let summary = RunSummary(
      parameters: .init(asOf: "2026-11-26", jurisdiction: "621225", rulesFile: "Rules/xihe-county.yml",
                        rulesName: "西和县", rulesSHA256: "abc", started: "2026-11-26T00:00:00Z"),
      inputs: [.init(source: "civil-affairs", file: "civil.csv", encoding: "GB18030", records: 4,
                     unreadableRows: 0, byDisposition: ["paired": 2, "rejected": 1, "excluded": 1])],
      counts: .init(records: 4, bySource: ["civil-affairs": 4],
                    byDisposition: ["paired": 2, "rejected": 1, "excluded": 1], byReason: byReason,
                    findingsBySeverity: [:], units: 2, unitsByType: ["person": 2],
                    unitsNeedingReview: 2, subjects: 2, duplicateGroupsByKind: [:]),
      timings: [])
    let samples: [Reason: [FindingSample]] = [
      .idLength: [FindingSample(file: "civil.csv", line: 4, name: "王五", id: IDMask.mask("62122519800101001"),
                                finding: Finding(.idLength, field: .idNumber, message: "17 characters in 62122519800101001"))]
    ]
    return HTMLReport.render(
      ReportInput.build(records: records, result: result, summary: summary, samples: samples))
  }

  @Test func neverShowsAFullIDNumber() {
    let html = render()
    #expect(!html.contains(Self.orphanID))
    #expect(!html.contains(Self.typoID))
    #expect(!html.contains("62122519800101001"))
    #expect(html.contains("621225*******1001"))
  }

  @Test func isSelfContained() {
    let html = render()
    #expect(!html.contains("<script"))
    #expect(!html.contains("http://") && !html.contains("https://"))
    #expect(!html.contains("src=") && !html.contains("<link"))
  }

  @Test func showsTotalsTownshipBarsProblemsAndDuplicatesSideBySide() {
    let html = render()
    #expect(html.contains("<svg class=\"bars\""))
    #expect(html.contains(">城关镇</text>") && html.contains(">西高山镇</text>"))
    #expect(html.contains("<code>ID_LENGTH</code>"))
    #expect(html.contains("PROBABLE_DUP_ID_TYPO"))
    #expect(html.components(separatedBy: "class=\"side\"").count == 3)
    #expect(html.contains("every input record is in the ledger exactly once (4 = 4)"))
    // Rejections come before exclusions in "what to fix first".
    let reject = html.range(of: "<code>ID_LENGTH</code>")!.lowerBound
    let exclude = html.range(of: "<code>CHILD_AGED_OUT</code>")!.lowerBound
    #expect(reject < exclude)
  }
}
