import Deduplicate
import Foundation
import RosterCore
import RunStore
import Testing
import TestSupport

/// What a snapshot keeps of a run: units and members, findings keyed stably, person states.
@Suite struct SnapshotTests {
  @Test func unitsCarryTheirMembersAndHouseholdKeys() {
    let s = snapshot(
      [
        subject(line: 2, name: People.head.name, birth: People.head.birth,
                sequence: People.head.sequence, categories: [.extremelyPoor], household: "HH9",
                relation: "户主"),
        subject(line: 3, name: People.spouse.name, birth: People.spouse.birth,
                sequence: People.spouse.sequence, categories: [.extremelyPoor], household: "HH9"),
      ], asOf: spring)
    #expect(s.units.count == 1)
    #expect(s.units[0].type == .household)
    #expect(s.units[0].members.map(\.name) == [People.head.name, People.spouse.name])
    #expect(s.units[0].members.map(\.householdKey) == ["HH9", "HH9"])
    #expect(s.recordCount == 2)
  }

  @Test func findingsAreKeyedByPersonCodeAndFieldWithoutInfoCodes() {
    var mismatched = subject(
      line: 2, name: People.mover.name, birth: People.mover.birth,
      sequence: People.mover.sequence, categories: [.orphan])
    mismatched.recordedSex = mismatched.sex == .male ? .female : .male
    let s = snapshot(
      [
        mismatched,
        subject(line: 3, name: People.mover.name, birth: People.mover.birth,
                sequence: People.mover.sequence, categories: [.orphan]),  // DUP_SAME_SOURCE: info
      ], asOf: spring)
    #expect(s.allFindings.map(\.reason) == [.sexMismatch])
    let f = s.allFindings[0]
    #expect(f.subject == People.id(People.mover))
    #expect(f.field == .sex)
    #expect(f.unitID.hasPrefix("P-"))
  }

  @Test func aRecordWithoutAValidIDIsKeyedByFileAndLine() {
    var broken = subject(
      line: 7, name: "无号", birth: "20150505", sequence: "022", categories: [.orphan])
    broken.id = "62122520150505022"
    broken.idValid = false
    broken.findings = [Finding(.idLength, field: .idNumber)]
    let s = snapshot([broken], asOf: spring)
    #expect(s.allFindings.map(\.subject) == ["mz.csv:7"])
    #expect(s.allFindings.map(\.field) == [.idNumber])
    #expect(s.allFindings.map(\.idNumber) == ["62122520150505022"])
  }

  @Test func withoutFieldNotesFindingsHaveAnEmptyField() {
    var notes = FindingFieldNotes()
    notes.note(record: 4, findings: [Finding(.sexMismatch, field: .sex), Finding(.idNormalized)])
    #expect(notes.fields(record: 4, reason: .sexMismatch) == [.sex])
    #expect(notes.fields(record: 4, reason: .idNormalized) == nil)  // info: not noted
    #expect(notes.fields(record: 3, reason: .sexMismatch) == nil)
    notes.note(record: 4, findings: [Finding(.valueUnrecognized), Finding(.valueUnrecognized, field: .status)])
    #expect(notes.fields(record: 4, reason: .valueUnrecognized) == [nil, .status])
  }

  /// A file's notes appended with its offset read the same as notes taken in one go; codes
  /// of one record noted in any order are found.
  @Test func fieldNotesAppendWithAnOffset() {
    let a: [(Int, [Finding])] = [
      (0, [Finding(.valueUnrecognized, field: .status), Finding(.sexMismatch, field: .sex)]),
      (2, [Finding(.idCheckDigit, field: .idNumber), Finding(.valueUnrecognized, field: .hardship)]),
    ]
    let b: [(Int, [Finding])] = [
      (1, [Finding(.valueUnrecognized), Finding(.birthDateMismatch, field: .birthDate)]),
      (5, [Finding(.sexMismatch, field: .sex), Finding(.sexMismatch, field: .sex)]),
    ]
    var whole = FindingFieldNotes()
    for (i, f) in a { whole.note(record: i, findings: f) }
    for (i, f) in b { whole.note(record: 3 + i, findings: f) }
    var first = FindingFieldNotes()
    for (i, f) in a { first.note(record: i, findings: f) }
    var second = FindingFieldNotes()
    for (i, f) in b { second.note(record: i, findings: f) }
    var joined = FindingFieldNotes()
    joined.append(first, offset: 0)
    joined.append(second, offset: 3)
    #expect(joined.count == whole.count)
    #expect(whole.count == 7)
    for record in 0..<10 {
      for reason in [Reason.valueUnrecognized, .sexMismatch, .idCheckDigit, .birthDateMismatch] {
        #expect(joined.fields(record: record, reason: reason) == whole.fields(record: record, reason: reason))
      }
    }
    #expect(joined.fields(record: 2, reason: .valueUnrecognized) == [.hardship])
    #expect(joined.fields(record: 4, reason: .valueUnrecognized) == [nil])
    #expect(joined.fields(record: 8, reason: .sexMismatch) == [.sex])
    #expect(joined.fields(record: 3, reason: .sexMismatch) == nil)
  }

  @Test func personStatesCoverPairedExcludedAndAbsentPersons() {
    let s = snapshot(
      [
        subject(line: 2, name: People.turning18.name, birth: People.turning18.birth,
                sequence: People.turning18.sequence, categories: [.orphan]),
        subject(line: 3, name: People.mover.name, birth: People.mover.birth,
                sequence: People.mover.sequence, categories: [.orphan]),
        death(line: 2, name: People.widower.name, id: People.id(People.widower)),
      ], asOf: autumn)
    let ids = [People.turning18, People.mover, People.widower, People.newcomer].map(People.id)
    let states = s.persons.states(for: ids)
    #expect(states[ids[0]]?.disposition == .excluded)
    #expect(states[ids[0]]?.reasons.contains(.childAgedOut) == true)
    #expect(states[ids[1]]?.disposition == .paired)
    #expect(states[ids[1]]?.unitID == "P-" + StableHash.hex(ids[1]))
    #expect(states[ids[2]]?.disposition == .excluded)  // only on the deaths list
    #expect(states[ids[2]]?.reasons.contains(.deathListUnmatched) == true)
    #expect(states[ids[3]]?.disposition == .absent)
    #expect(states.count == 4)
  }

  @Test func runIDsParseFromTheCommandLine() {
    #expect(RunID("3") == RunID(3))
    #expect(RunID("#12") == RunID(12))
    #expect(RunID("0") == nil)
    #expect(RunID("last") == nil)
  }
}

/// The discrepancies as a section of report.html.
@Suite struct DiscrepancyReportTests {
  func discrepancies() throws -> (Discrepancies, TestStore) {
    let store = try TestStore()
    let db = try store.open()
    let a = try db.record(snapshot(
      [
        subject(line: 2, name: "<b>王</b>", birth: People.turning18.birth,
                sequence: People.turning18.sequence, categories: [.orphan]),
      ], asOf: spring))
    let b = try db.record(snapshot(
      [
        subject(line: 2, name: "<b>王</b>", birth: People.turning18.birth,
                sequence: People.turning18.sequence, categories: [.orphan]),
        subject(line: 3, name: People.newcomer.name, birth: People.newcomer.birth,
                sequence: People.newcomer.sequence, categories: [.orphan]),
      ], asOf: autumn))
    return (try db.discrepancies(from: a.id, to: b.id), store)
  }

  @Test func theSectionMasksIDsAndEscapesText() throws {
    let (d, store) = try discrepancies()
    defer { store.folder.remove() }
    let (title, html) = DiscrepancyReport.section(d)
    #expect(title.contains("run 1"))
    for id in [People.turning18, People.newcomer].map(People.id) {
      #expect(!html.contains(id))
      #expect(html.contains(IDMask.mask(id)))
    }
    #expect(!html.contains("<b>王</b>"))
    #expect(html.contains("&lt;b&gt;王&lt;/b&gt;"))
    #expect(html.contains("年满18周岁 aged out"))
    #expect(html.contains("<code>CHILD_AGED_OUT</code>"))
  }

  @Test func csvRowsFollowTheColumns() throws {
    let (d, store) = try discrepancies()
    defer { store.folder.remove() }
    #expect(Discrepancies.csvColumns == ["change", "unit_id", "name", "id_number", "field", "before", "after", "reason"])
    let added = try #require(d.changes.first { $0.change == .unitAdded })
    #expect(added.csvRow == [
      "unit-added", "P-" + StableHash.hex(People.id(People.newcomer)), People.newcomer.name,
      People.id(People.newcomer), "", "", "孤儿 @ 西和县/城关镇/新村", "",
    ])
  }

  @Test func anEmptyComparisonSaysSo() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let a = try db.record(snapshot([], asOf: spring))
    let b = try db.record(snapshot([], asOf: spring))
    let (_, html) = DiscrepancyReport.section(try db.discrepancies(from: a.id, to: b.id))
    #expect(html.contains("no changes"))
  }
}

/// What the store writes, it reads back.
@Suite struct RoundTripTests {
  @Test func unitsComeBackAsTheyWereRecorded() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let head = People.id(People.head)
    let spouse = People.id(People.spouse)
    let child = People.id(People.mover)
    let household = StoredUnit(
      unitID: "H-" + StableHash.hex("HH1"), type: .household, name: "张福", idNumber: head,
      sex: .male, birthDate: CalendarDate(year: 1950, month: 1, day: 1),
      categories: [.extremelyPoor, .severelyDisabled], county: "西和县", township: "城关镇",
      village: "新村", needsReview: true, sources: [.civilAffairs, .disability],
      members: [
        StoredMember(idNumber: head, name: "张福", householdKey: "HH1"),
        StoredMember(idNumber: spouse, name: "刘\t兰", householdKey: "HH1"),
      ])
    let person = StoredUnit(
      unitID: "P-" + StableHash.hex(child), type: .person, name: "赵小红", idNumber: child,
      sex: .female, birthDate: CalendarDate(year: 2015, month: 5, day: 5), categories: [.orphan],
      county: "西和县", township: "", village: "", sources: [.disability, .civilAffairs],
      members: [StoredMember(idNumber: child, name: "赵小红", householdKey: "")])
    let run = try db.record(
      RunSnapshot(
        parameters: RunParameters(
          started: "2026-11-26T08:00:00Z", asOf: autumn, jurisdiction: "", rulesFile: "r.yml",
          rulesName: "r", rulesSHA256: "", toolVersion: "t", inputs: []),
        recordCount: 3, units: [person, household, person], findings: [],
        persons: PersonLookup(states: [])))
    var expected = household
    expected.members[1].name = "刘 兰"  // a tab cannot be stored in the member list
    #expect(try db.units(of: run.id) == [expected, person])  // in ID order; repeats dropped
    #expect(try db.run(run.id)?.unitCount == 2)
  }

  @Test func runsOfManyBatchesComeBackWhole() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    // 64 rows go in one statement: 150 units and 201 findings end in partial batches.
    let units = (0..<150).map { i -> StoredUnit in
      let id = SyntheticID.make(birth: "20150101", sequence: String(format: "%03d", i))
      return StoredUnit(
        unitID: "P-" + StableHash.hex(id), type: .person, name: "儿童\(i)", idNumber: id,
        categories: [.orphan], county: "西和县", township: "镇\(i % 7)", village: "村\(i % 5)",
        members: [StoredMember(idNumber: id, name: "儿童\(i)", householdKey: "")])
    }
    var findings = units.map {
      StoredFinding(subject: $0.idNumber, reason: .birthDateMismatch, field: .birthDate,
                    unitID: $0.unitID, name: $0.name, idNumber: $0.idNumber)
    }
    findings += findings.prefix(50)  // repeated keys are kept once
    findings.append(StoredFinding(subject: "mz.csv:9", reason: .idLength, field: .idNumber, idNumber: "6212"))
    let run = try db.record(
      RunSnapshot(
        parameters: RunParameters(
          started: "2026-11-26T08:00:00Z", asOf: autumn, jurisdiction: "", rulesFile: "r.yml",
          rulesName: "r", rulesSHA256: "", toolVersion: "t", inputs: []),
        recordCount: 151, units: units.reversed(), findings: findings,
        persons: PersonLookup(states: [])))
    #expect(try db.units(of: run.id) == units.sorted { $0.unitID < $1.unitID })
    let info = try #require(try db.run(run.id))
    #expect(info.unitCount == 150)
    #expect(info.memberCount == 150)
    #expect(info.findingCount == 151)
    // Against an empty run, every unit and finding is new.
    let empty = try db.record(
      RunSnapshot(
        parameters: RunParameters(
          started: "2026-11-27T08:00:00Z", asOf: autumn, jurisdiction: "", rulesFile: "r.yml",
          rulesName: "r", rulesSHA256: "", toolVersion: "t", inputs: []),
        recordCount: 0, units: [], findings: [], persons: PersonLookup(states: [])))
    let d = try db.discrepancies(from: empty.id, to: run.id)
    #expect(d.counts == [.unitAdded: 150, .findingNew: 151])
    let invalid = try #require(d.changes.first { $0.idNumber == "6212" })
    #expect(invalid.after == "ID_LENGTH")
    // And backwards, every unit is removed: their persons are absent from the empty run.
    let back = try db.discrepancies(from: run.id, to: empty.id)
    #expect(back.removedUnitsByReason == [.absent: 150])
  }

  @Test func documentsAreKept() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let run = try db.record(snapshot([], asOf: spring))
    let documents = try #require(try db.documents(of: run.id))
    #expect(documents.summaryJSON == "{\"as_of\":\"2026-06-01\"}")
    #expect(documents.reportJSON == "{}")
    #expect(try db.documents(of: RunID(99)) == nil)
  }
}
