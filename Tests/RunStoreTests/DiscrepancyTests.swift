import Deduplicate
import Foundation
import RosterCore
import RunStore
import Testing
import TestSupport

/// Two runs with known changes → exactly those discrepancies, with real reasons from the
/// Verify and Deduplicate stages.
@Suite struct DiscrepancyTests {
  let tekun: CategorySet = [.extremelyPoor]

  /// The spring roster: an orphan about to turn 18, a widower alone in his 特困 household, a
  /// 特困 couple, an orphan in 新村, a severely disabled person who stays as he is.
  func springRoster() -> [SubjectRecord] {
    [
      subject(line: 2, name: People.turning18.name, birth: People.turning18.birth,
              sequence: People.turning18.sequence, categories: [.orphan]),
      subject(line: 3, name: People.widower.name, birth: People.widower.birth,
              sequence: People.widower.sequence, categories: tekun, household: "HH100",
              relation: "户主"),
      subject(line: 4, name: People.head.name, birth: People.head.birth,
              sequence: People.head.sequence, categories: tekun, household: "HH200",
              relation: "户主"),
      subject(line: 5, name: People.spouse.name, birth: People.spouse.birth,
              sequence: People.spouse.sequence, categories: tekun, household: "HH200",
              relation: "配偶"),
      subject(line: 6, name: People.mover.name, birth: People.mover.birth,
              sequence: People.mover.sequence, categories: [.orphan], village: "新村"),
      subject(.disability, line: 2, name: People.disabled.name, birth: People.disabled.birth,
              sequence: People.disabled.sequence, grade: 1, hardship: .minimumLiving),
    ]
  }

  /// The autumn roster: the widower is on the deaths list, the couple's support stopped, the
  /// orphan moved to 旧村, a new orphan; `--as-of` moved past the 18th birthday.
  func autumnRoster() -> [SubjectRecord] {
    [
      subject(line: 2, name: People.turning18.name, birth: People.turning18.birth,
              sequence: People.turning18.sequence, categories: [.orphan]),
      subject(line: 3, name: People.widower.name, birth: People.widower.birth,
              sequence: People.widower.sequence, categories: tekun, household: "HH100",
              relation: "户主"),
      subject(line: 4, name: People.head.name, birth: People.head.birth,
              sequence: People.head.sequence, categories: tekun, household: "HH200",
              relation: "户主", status: .inactive),
      subject(line: 5, name: People.spouse.name, birth: People.spouse.birth,
              sequence: People.spouse.sequence, categories: tekun, household: "HH200",
              relation: "配偶", status: .inactive),
      subject(line: 6, name: People.mover.name, birth: People.mover.birth,
              sequence: People.mover.sequence, categories: [.orphan], village: "旧村"),
      subject(line: 7, name: People.newcomer.name, birth: People.newcomer.birth,
              sequence: People.newcomer.sequence, categories: [.orphan]),
      subject(.disability, line: 2, name: People.disabled.name, birth: People.disabled.birth,
              sequence: People.disabled.sequence, grade: 1, hardship: .minimumLiving),
      death(line: 2, name: People.widower.name, id: People.id(People.widower),
            date: CalendarDate(year: 2026, month: 8, day: 2)),
    ]
  }

  @Test func knownChangesGiveExactlyThoseDiscrepancies() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let first = try db.record(snapshot(springRoster(), asOf: spring))
    let second = try db.record(snapshot(autumnRoster(), asOf: autumn))
    #expect(first.previous == nil)
    #expect(second.previous == first.id)

    let d = try db.discrepancies(from: first.id, to: second.id)
    #expect(
      d.summaryRows.sorted() == [
        "unit-removed 张福  特困人员 @ 西和县/城关镇/新村 →  | status-inactive (STATUS_INACTIVE)",
        "unit-removed 李老汉  特困人员 @ 西和县/城关镇/新村 →  | died (DECEASED;DEATH_LIST_MATCHED)",
        "unit-removed 王小明  孤儿 @ 西和县/城关镇/新村 →  | aged-out (CHILD_AGED_OUT)",
        "unit-added 孙小华   → 孤儿 @ 西和县/城关镇/新村 | ",
        "unit-changed 赵小红 address 西和县/城关镇/新村 → 西和县/城关镇/旧村 | ",
        "finding-new 王小明 birth_date  → CHILD_AGED_OUT | 已满18周岁，不再属于孤儿/事实无人抚养儿童",
        "finding-new 张福 status  → STATUS_INACTIVE | 已停保、退出或注销",
        "finding-new 刘兰 status  → STATUS_INACTIVE | 已停保、退出或注销",
        "finding-new 李老汉 id_number  → DECEASED | 已死亡",
      ].sorted())
    #expect(d.changes.count == 9)
    #expect(d.removedUnitsByReason == [.died: 1, .agedOut: 1, .statusInactive: 1])
    #expect(d.counts == [.unitRemoved: 3, .unitAdded: 1, .unitChanged: 1, .findingNew: 4])

    // Removed units first, then added, then changed, then findings.
    #expect(d.changes.map(\.change) == [
      .unitRemoved, .unitRemoved, .unitRemoved, .unitAdded, .unitChanged,
      .findingNew, .findingNew, .findingNew, .findingNew,
    ])
    // The CSV row carries the full ID and the unit.
    let removedChild = try #require(d.changes.first { $0.name == People.turning18.name && $0.change == .unitRemoved })
    #expect(removedChild.idNumber == People.id(People.turning18))
    #expect(removedChild.unitID == "P-" + StableHash.hex(People.id(People.turning18)))
    #expect(removedChild.csvRow.count == Discrepancies.csvColumns.count)
  }

  @Test func theSameRosterTwiceHasNoDiscrepancies() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let a = try db.record(snapshot(springRoster(), asOf: spring))
    let b = try db.record(snapshot(springRoster(), asOf: spring))
    let d = try db.discrepancies(from: a.id, to: b.id)
    #expect(d.isEmpty)
    #expect(d.summaryLine.hasPrefix("run 1 → run 2: 0 units removed, 0 added"))
  }

  @Test func aHouseholdMemberWhoDiesIsAMemberChangeNotAUnitRemoval() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let before = [
      subject(line: 2, name: People.head.name, birth: People.head.birth,
              sequence: People.head.sequence, categories: tekun, household: "HH200", relation: "户主"),
      subject(line: 3, name: People.spouse.name, birth: People.spouse.birth,
              sequence: People.spouse.sequence, categories: tekun, household: "HH200"),
    ]
    var after = before
    after[1].status = .dead
    let a = try db.record(snapshot(before, asOf: spring))
    let b = try db.record(snapshot(after, asOf: autumn))
    let d = try db.discrepancies(from: a.id, to: b.id)
    #expect(
      d.summaryRows == [
        "member-removed 刘兰 members \(d.changes.first?.unitID ?? "") →  | died (DECEASED)",
        "finding-new 刘兰 status  → DECEASED | 已死亡",
      ])
    #expect(d.changes.first?.idNumber == People.id(People.spouse))
    #expect(d.changes.first?.unitID.hasPrefix("H-") == true)
  }

  @Test func aDisabledPersonNowCoveredByAHouseholdIsNowADuplicate() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let disabled = subject(
      .disability, line: 2, name: People.disabled.name, birth: People.disabled.birth,
      sequence: People.disabled.sequence, grade: 1, hardship: .minimumLiving)
    let head = subject(
      line: 2, name: People.head.name, birth: People.head.birth, sequence: People.head.sequence,
      categories: tekun, household: "HH300", relation: "户主")
    var asMember = subject(
      line: 3, name: People.disabled.name, birth: People.disabled.birth,
      sequence: People.disabled.sequence, categories: tekun, household: "HH300")
    asMember.relation = "子女"
    let a = try db.record(snapshot([disabled, head], asOf: spring))
    let b = try db.record(snapshot([disabled, head, asMember], asOf: autumn))
    let d = try db.discrepancies(from: a.id, to: b.id)
    let removed = try #require(d.changes.first { $0.change == .unitRemoved })
    #expect(removed.name == People.disabled.name)
    #expect(removed.removal.map(\.reason) == [.nowDuplicate])
    #expect(removed.reason.hasPrefix("now-duplicate (unit H-"))
    let added = d.changes.filter { $0.change == .memberAdded }
    #expect(added.map(\.name) == [People.disabled.name])
    #expect(d.changes.contains { $0.change == .unitChanged && $0.field == "categories" })
  }

  @Test func aPersonNoLongerInTheInputIsAbsent() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let roster = springRoster()
    let a = try db.record(snapshot(roster, asOf: spring))
    let b = try db.record(snapshot(roster.filter { $0.name != People.mover.name }, asOf: spring))
    let d = try db.discrepancies(from: a.id, to: b.id)
    #expect(d.summaryRows == ["unit-removed 赵小红  孤儿 @ 西和县/城关镇/新村 →  | absent"])
    #expect(d.removedUnitsByReason == [.absent: 1])
  }

  @Test func resolvedFindingsAreReported() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    var wrong = subject(
      line: 2, name: People.mover.name, birth: People.mover.birth,
      sequence: People.mover.sequence, categories: [.orphan])
    wrong.recordedSex = wrong.sex == .male ? .female : .male
    let right = subject(
      line: 2, name: People.mover.name, birth: People.mover.birth,
      sequence: People.mover.sequence, categories: [.orphan])
    let a = try db.record(snapshot([wrong], asOf: spring))
    let b = try db.record(snapshot([right], asOf: spring))
    let d = try db.discrepancies(from: a.id, to: b.id)
    #expect(d.changes.map(\.change) == [.unitChanged, .findingResolved])
    #expect(d.changes[0].field == "needs_review")
    #expect(d.changes[0].before == "yes" && d.changes[0].after == "no")
    #expect(d.changes[1].field == "sex" && d.changes[1].before == "SEX_MISMATCH")
    // Backwards, the same finding is new.
    let back = try db.discrepancies(from: b.id, to: a.id)
    #expect(back.changes.map(\.change) == [.unitChanged, .findingNew])
  }

  @Test func runsOfAnotherJurisdictionAreNotThePreviousRun() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let a = try db.record(snapshot(springRoster(), asOf: spring, jurisdiction: "621225"))
    let other = try db.record(snapshot(springRoster(), asOf: spring, jurisdiction: "621226"))
    let b = try db.record(snapshot(autumnRoster(), asOf: autumn, jurisdiction: "621225"))
    #expect(other.previous == nil)
    #expect(b.previous == a.id)
    #expect(try db.previousRun(jurisdiction: "621225")?.id == b.id)
    #expect(try db.previousRun(jurisdiction: "621225", before: b.id)?.id == a.id)
    #expect(try db.previousRun(jurisdiction: "999999") == nil)
  }

  @Test func aComparisonOfRunsThatAreNotConsecutiveSaysWhenItCannotExplain() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    let roster = springRoster()
    let a = try db.record(snapshot(roster, asOf: spring))
    let withoutMover = roster.filter { $0.name != People.mover.name }
    _ = try db.record(snapshot(withoutMover, asOf: spring))
    let c = try db.record(snapshot(withoutMover, asOf: spring))
    // Run 3 did not record the mover (not a member of run 2 or 3).
    let d = try db.discrepancies(from: a.id, to: c.id)
    #expect(d.changes.first?.removal.map(\.reason) == [.notRecorded])
  }

  @Test func recordBeforeCommitSeesTheDiscrepancies() throws {
    let store = try TestStore()
    defer { store.folder.remove() }
    let db = try store.open()
    try db.record(snapshot(springRoster(), asOf: spring)) { run, discrepancies in
      #expect(run.previous == nil)
      #expect(discrepancies == nil)
    }
    var seen = 0
    try db.record(snapshot(autumnRoster(), asOf: autumn)) { run, discrepancies in
      #expect(run.previous == RunID(1))
      seen = discrepancies?.changes.count ?? -1
    }
    #expect(seen == 9)
  }

  @Test func removalExplanations() {
    let id = People.id(People.head)
    func explain(_ disposition: PersonDisposition, _ codes: [Reason], unit: String = "")
      -> String
    {
      RemovalExplanation(
        PersonState(idNumber: id, disposition: disposition, unitID: unit, reasons: ReasonSet(codes)),
        leaving: "P-1"
      ).text
    }
    #expect(explain(.excluded, [.deceased, .childAgedOut]) == "died (DECEASED)")
    #expect(explain(.excluded, [.deathListUnmatched]) == "died (DEATH_LIST_UNMATCHED)")
    #expect(explain(.excluded, [.childAgedOut, .idNormalized]) == "aged-out (CHILD_AGED_OUT)")
    #expect(explain(.excluded, [.statusInactive]) == "status-inactive (STATUS_INACTIVE)")
    #expect(explain(.excluded, [.outsideJurisdiction]) == "left-jurisdiction (OUTSIDE_JURISDICTION)")
    #expect(explain(.paired, [.householdMember], unit: "H-2") == "now-duplicate (unit H-2)")
    #expect(explain(.absent, []) == "absent")
    #expect(explain(.excluded, [.idNormalized, .notPairingCategory, .categoryUnknown])
      == "other (CATEGORY_UNKNOWN;NOT_PAIRING_CATEGORY)")
    #expect(explain(.rejected, [.rowTooManyFields]) == "other (ROW_TOO_MANY_FIELDS)")
    #expect(RemovalExplanation(nil, leaving: "P-1").text == "not-recorded")
  }
}
