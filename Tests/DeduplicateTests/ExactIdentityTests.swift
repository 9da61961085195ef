import Deduplicate
import RosterCore
import Testing
import TestSupport

@Suite struct ExactIdentityTests {
  @Test func sameIDTwiceInOneSourceIsMergedIntoTheFirst() {
    let (result, records) = run([
      record(line: 2, name: "李娜", id: IDs.orphan, categories: [.orphan], eligible: [.orphan]),
      record(line: 9, name: "李娜", id: IDs.orphan, categories: [.orphan], eligible: [.orphan]),
    ])
    #expect(result.dispositions == [.paired, .merged])
    #expect(result.unitIDs[0] == result.unitIDs[1])
    #expect(result.units.count == 1)
    #expect(records[1].has(.dupSameSource))
    #expect(!records[0].has(.dupSameSource))
    #expect(result.groups.map(\.kind) == [.dupSameSource])
    #expect(result.groups[0].members == [0, 1])
  }

  /// Messages name the file and line of the record they point at, whatever order the files
  /// come in and however many records each holds.
  @Test func messagesNameTheFileAndLineTheyPointAt() {
    var rows: [SubjectRecord] = []
    // Files out of order, each with a run of records; the person's records are spread over them.
    for (file, source) in [("b.csv", SourceKind.civilAffairs), ("c.xml", .disability), ("a.csv", .civilAffairs)] {
      for line in 2..<7 {
        rows.append(
          record(source, file: file, line: line, name: "人\(file)\(line)",
                 id: SyntheticID.make(birth: "19700101", sequence: String(100 + rows.count))))
      }
    }
    rows.append(record(.civilAffairs, file: "a.csv", line: 9, name: "李娜", id: IDs.orphan,
                       categories: [.orphan], eligible: [.orphan]))
    rows.append(record(.disability, file: "c.xml", line: 40, name: "李娜", id: IDs.orphan))
    rows.append(record(.civilAffairs, file: "b.csv", line: 30, name: "李娜", id: IDs.orphan))
    let (result, records) = run(rows)
    let messages = records.suffix(3).map { $0.findings.filter { $0.reason.code.hasPrefix("DUP_") }.map(\.message) }
    #expect(messages == [
      [], ["the same person as civil-affairs a.csv:9"], ["same ID as civil-affairs a.csv:9; merged into it"],
    ])
    let group = result.groups.first { $0.members.count == 3 }
    #expect(group?.evidence.hasSuffix("in civil-affairs a.csv:9, civil-affairs b.csv:30, disability c.xml:40") == true)
  }

  /// Persons are found in rank order however many records come between repeats (the index is
  /// filled sixteen keys at a time): the first record of each ID is paired, the rest merged
  /// into its unit.
  @Test func repeatsAcrossManyRecordsMergeIntoTheFirst() {
    let ids = (0..<7).map { SyntheticID.make(birth: "201\($0)0101", sequence: "0\($0)1") }
    let rows = (0..<53).map { i in
      record(line: i + 2, name: "人\(i % 7)", id: ids[(i * 3) % 7], categories: [.orphan], eligible: [.orphan])
    }
    let (result, _) = run(rows)
    var firstRow: [Int: Int] = [:]
    for i in rows.indices {
      let person = (i * 3) % 7
      let first = firstRow[person] == nil
      if first { firstRow[person] = i }
      #expect(result.dispositions[i] == (first ? .paired : .merged), "row \(i)")
      #expect(result.unitIDs[i] == result.unitIDs[firstRow[person]!])
    }
    #expect(result.units.count == 7)
  }

  @Test func sameIDInBothSourcesIsOnePersonWithBothCategories() {
    let (result, records) = run([
      record(.disability, line: 5, name: "王强", id: IDs.disabled, eligible: [.severelyDisabled]),
      record(line: 3, name: "王强", id: IDs.disabled, categories: [.orphan], eligible: [.orphan]),
    ])
    #expect(result.units.count == 1)
    #expect(result.units[0].categories == [.orphan, .severelyDisabled])
    #expect(result.units[0].sources == [.civilAffairs, .disability])
    // The civil-affairs record comes first in provenance order.
    #expect(result.dispositions == [.merged, .paired])
    #expect(records[0].has(.dupCrossSource))
    #expect(records[0].findings.first { $0.reason == .dupCrossSource }?.severity == .info)
    #expect(result.groups.map(\.kind) == [.dupCrossSource])
  }

  @Test func conflictingNamesAndVillagesBetweenMergedRowsAreFindings() {
    let (result, records) = run([
      record(line: 2, name: "李娜", id: IDs.orphan, eligible: [.orphan], village: "新村"),
      record(line: 3, name: "李那", id: IDs.orphan, eligible: [.orphan], village: "旧村"),
    ])
    let conflicts = records[1].findings.filter { $0.reason == .dupAttributeConflict }
    #expect(Set(conflicts.compactMap(\.field)) == [.name, .village])
    #expect(result.units[0].needsReview)
  }

  @Test func rejectedRecordsAreNeverMerged() {
    let (result, _) = run([
      record(line: 2, name: "李娜", id: IDs.orphan, eligible: [.orphan]),
      record(line: 3, name: "李娜", id: "62122520120304012X", valid: false),
    ])
    #expect(result.dispositions == [.paired, .rejected])
    #expect(result.unitIDs[1] == "")
  }

  @Test func deathPropagatesToEveryRecordOfThePerson() {
    let (result, records) = run([
      record(line: 2, name: "王强", id: IDs.disabled, eligible: [.extremelyPoor]),
      record(
        .disability, line: 4, name: "王强", id: IDs.disabled, eligible: [.severelyDisabled],
        findings: [Finding(.deceased, message: "status 死亡")]),
    ])
    #expect(result.dispositions == [.excluded, .excluded])
    #expect(records[0].has(.deceased))
    #expect(result.units.isEmpty)
  }

  @Test func excludedDuplicatesAreStillReportedAsDuplicates() {
    let aged: [Finding] = [Finding(.childAgedOut)]
    let (result, records) = run([
      record(line: 2, name: "李娜", id: IDs.son, categories: [.orphan], findings: aged),
      record(line: 7, name: "李娜", id: IDs.son, categories: [.orphan], findings: aged),
    ])
    #expect(result.dispositions == [.excluded, .excluded])
    #expect(records[1].has(.dupSameSource))
    #expect(result.groups.count == 1)
  }

  @Test func hardshipFromTheOtherSourceQualifiesASeverelyDisabledPerson() {
    let (result, records) = run([
      record(line: 2, name: "王强", id: IDs.disabled, categories: [.minimumLiving],
             findings: [Finding(.notPairingCategory)]),
      record(.disability, line: 4, name: "王强", id: IDs.disabled, grade: 1,
             findings: [Finding(.noQualifyingHardship)]),
    ])
    #expect(result.units.count == 1)
    #expect(result.units[0].categories == [.severelyDisabled])
    #expect(result.dispositions == [.merged, .paired])
    // The record's own finding stays; the explanation is added.
    #expect(records[1].has(.noQualifyingHardship))
    #expect(records[1].has(.hardshipFromOtherRecord))
    #expect(result.eligibleAs[1] == [.severelyDisabled])
  }
}
