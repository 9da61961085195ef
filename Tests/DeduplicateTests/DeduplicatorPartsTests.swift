import PropertyBased
import RosterCore
import Testing
import TestSupport

@testable import Deduplicate

/// The parts `Deduplicator.run` puts together, each held to what one plain pass would give.
@Suite struct DeduplicatorPartsTests {
  /// A run's state after persons are found, settled and given units, on one thread (as
  /// `Deduplicator.run` does on two).
  static func settled(_ subjects: [SubjectRecord]) -> Work {
    Work.settled(subjects.map(VerifiedRecord.init), eligibility: Rules.Eligibility(), threads: 1)
  }

  /// Persons and their records, by (source, line) and ID: what finding persons decided.
  static func persons(_ work: Work) -> [[String]] {
    (0..<work.personCount).map { p in
      work.records(ofPerson: p).map { r in
        let record = work.records[Int(r)]
        return "\(record.provenance.source.rawValue):\(record.provenance.line) \(record.id)"
      }
    }
  }

  static let roster: [SubjectRecord] = [
    record(line: 2, name: "李娜", id: IDs.orphan, eligible: [.orphan]),
    record(line: 3, name: "张福", id: IDs.head, eligible: [.extremelyPoor], household: "H1"),
    record(line: 4, name: "张福", id: IDs.head, eligible: [.extremelyPoor], household: "H1"),
    record(line: 5, name: "刘芳", id: IDs.spouse, eligible: [.extremelyPoor], household: "H1"),
    record(.disability, line: 2, name: "王强", id: IDs.disabled, eligible: [.severelyDisabled]),
    record(.disability, line: 3, name: "李娜", id: IDs.orphan, eligible: []),
    record(.disability, line: 4, name: "刘芳", id: IDs.spouse, grade: 1),
    record(.disability, line: 5, name: "坏号", id: "62122519700505007", valid: false),
  ]

  /// Persons found in any input order are numbered in provenance order, as when the input
  /// came in that order: the same persons, the same records each, the same index.
  @Test func personsAreNumberedInProvenanceOrderWhateverTheInputOrder() async {
    let expected = Self.persons(Self.settled(Self.roster))
    #expect(expected.count == 4)
    #expect(expected[0] == ["civil-affairs:2 \(IDs.orphan)", "disability:3 \(IDs.orphan)"])
    await propertyCheck(count: 50, input: Gen.int(in: 0...Int.max)) { seed in
      var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed))
      let work = Self.settled(Self.roster.shuffled(using: &rng))
      #expect(Self.persons(work) == expected)
      for p in 0..<work.personCount { #expect(work.personIndex[work.personKey[p]] == Int32(p)) }
    }
  }

  /// A hash shared by different names is not a shared name: the search compares the keys
  /// before it reports a pair, by any rule.
  @Test func equalNameHashesOfDifferentNamesAreNoMatch() {
    let typo = SyntheticID.make(birth: "20120305", sequence: "012")  // one digit from the orphan's
    let sameBirth = SyntheticID.make(region: "622627", birth: "20120304", sequence: "233")
    var chars = Array(IDs.orphan)
    chars[15] = chars[15] == "9" ? "8" : "9"
    let invalid = String(chars)
    for names in [["李娜", "李娜", "李娜", "李娜"], ["李娜", "王芳", "赵敏", "孙丽"]] {
      var work = Self.settled([
        record(line: 2, name: names[0], id: IDs.orphan, eligible: [.orphan]),
        record(line: 3, name: names[1], id: typo, eligible: [.orphan]),
        record(.disability, line: 2, name: names[2], id: sameBirth, eligible: [.severelyDisabled]),
        record(.disability, line: 3, name: names[3], id: invalid, valid: false),
      ])
      // Every record's name hashes alike, as if all four names collided.
      work.names = RecordNames()
      work.names.hash = [UInt64](repeating: 7, count: work.records.count)
      let finder = ProbableDuplicateFinder(work: work)
      let start = finder.start()
      let found = finder.joined(finder.findPairs(start), finder.findCorrections(start))
      let kinds = Set(found.groups.map(\.kind))
      if names[1] == names[0] {
        #expect(kinds == [.probableDupIDTypo, .probableDupSameNameBirthVillage, .probableDupCorrectedID])
      } else {
        #expect(found.groups.isEmpty, "\(found.groups.map(\.evidence))")
      }
    }
  }

  /// Whether two IDs' 17-digit bodies are one substitution or one adjacent transposition
  /// apart: the rule as the contract states it, independent of the search's code.
  static func oneEditApart(_ a: String, _ b: String) -> Bool {
    let x = Array(a.prefix(17))
    let y = Array(b.prefix(17))
    let diffs = (0..<17).filter { x[$0] != y[$0] }
    if diffs.count == 1 { return true }
    return diffs.count == 2 && diffs[1] == diffs[0] + 1 && x[diffs[0]] == y[diffs[1]]
      && x[diffs[1]] == y[diffs[0]]
  }

  /// Rules 1 and 2 find exactly the pairs that comparing every two persons finds, whatever
  /// the blocks, the bitmap of blocks with a person in a unit and the 32 bits of block hash
  /// let through.
  @Test func rulesOneAndTwoFindWhatComparingEveryPairFinds() async {
    let regions = ["621225", "621252", "622627"]
    let births = ["19700512", "19700521", "19700515", "19750512", "20120304"]
    let sequences = ["071", "017", "072"]
    let names = ["王强", "李娜"]
    let villages = ["新村", "河坝村", ""]
    let eligibilities: [CategorySet] = [[], [], [.extremelyPoor], [.severelyDisabled]]
    await propertyCheck(count: 60, input: Gen.int(in: 2...40), Gen.int(in: 0...Int.max)) { n, seed in
      var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed))
      var seen = Set<String>()
      var subjects: [SubjectRecord] = []
      for line in 2..<(n + 2) {
        let id = SyntheticID.make(
          region: regions.randomElement(using: &rng)!, birth: births.randomElement(using: &rng)!,
          sequence: sequences.randomElement(using: &rng)!)
        guard seen.insert(id).inserted else { continue }  // one record a person
        subjects.append(
          record(line: line, name: names.randomElement(using: &rng)!, id: id,
                 eligible: eligibilities.randomElement(using: &rng)!,
                 village: villages.randomElement(using: &rng)!))
      }
      let (result, _) = run(subjects)
      var expected = Set<String>()
      for i in subjects.indices {
        for j in subjects.indices where j > i {
          let (a, b) = (subjects[i], subjects[j])
          guard a.nameKey == b.nameKey,
            result.dispositions[i] == .paired || result.dispositions[j] == .paired
          else { continue }
          if Self.oneEditApart(a.id, b.id) {
            expected.insert("typo \(i) \(j)")
          } else if a.birthDate == b.birthDate, !a.village.isEmpty, a.village == b.village {
            expected.insert("village \(i) \(j)")
          }
        }
      }
      let found = Set(
        result.groups.filter { $0.kind == .probableDupIDTypo || $0.kind == .probableDupSameNameBirthVillage }
          .map { "\($0.kind == .probableDupIDTypo ? "typo" : "village") \($0.members.min()!) \($0.members.max()!)" })
      #expect(found == expected)
    }
  }

  /// The split of the exact groups between two threads: about half of their records on each
  /// side, persons with one record not counted.
  @Test func exactDuplicatesMidpointSplitsTheGroupedRecords() {
    let work = Self.settled(Self.roster)
    // Persons in provenance order: 李娜 (2 records), 张福 (2), 刘芳 (2), 王强 (1), ...
    #expect(Self.persons(work).map(\.count) == [2, 2, 2, 1])
    #expect(work.exactDuplicatesMidpoint() == 2)
    let whole = work.exactDuplicates(of: 0..<work.personCount)
    let split = work.exactDuplicatesMidpoint()
    let halves = [work.exactDuplicates(of: 0..<split), work.exactDuplicates(of: split..<work.personCount)]
    #expect(halves.flatMap(\.groups) == whole.groups)
    #expect(halves.flatMap(\.findings).map(\.0) == whole.findings.map(\.0))
    #expect(Work(records: [], eligibility: Rules.Eligibility()).exactDuplicatesMidpoint() == 0)
  }

  static func group(_ id: String, _ member: Int) -> DuplicateGroup {
    DuplicateGroup(groupID: id, kind: .dupCrossSource, members: [member], evidence: "e\(member)")
  }

  /// Merging two lists sorted by group ID is sorting their concatenation (stably), by the
  /// numbers when both have them, by the IDs when one does not; both lists are emptied.
  @Test func mergingSortedGroupsIsSortingThemAll() async {
    // 16 digits, "x" among them now and then; in lists of IDs of both shapes, an ID with an
    // "x" is not of the numbered shape.
    let digits = Gen<Character?>.element(of: ["0", "1", "9", "A", "F", "x"]).map { $0! }.string(of: 16...16)
    await propertyCheck(
      count: 200, input: digits.array(of: 0...20), digits.array(of: 0...20), Gen.bool
    ) { xd, yd, bothShapes in
      func id(_ d: String) -> String {
        bothShapes && d.contains("x") ? "X" + d : "G-" + String(d.map { $0 == "x" ? "0" : $0 })
      }
      let (xs, ys) = (xd.map(id), yd.map(id))
      var a = xs.enumerated().map { Self.group($0.element, $0.offset) }
      var b = ys.enumerated().map { Self.group($0.element, 100 + $0.offset) }
      let expected = (a + b).sorted { $0.groupID < $1.groupID }
      let na = Work.sortByGroupID(&a)
      let nb = Work.sortByGroupID(&b)
      #expect((na != nil) == xs.allSatisfy { $0.hasPrefix("G-") })
      let merged = Work.merge(byGroupID: &a, na, &b, nb)
      #expect(merged == expected)
      #expect(a.isEmpty && b.isEmpty)
    }
  }

  @Test func messagesAreMadeFromBytesBetweenTwoTexts() {
    #expect(Work.string(Array("a.csv:3".utf8), between: "see ", and: ".") == "see a.csv:3.")
    #expect(Work.string(Array("民政 a.csv:12".utf8), between: "same ID as ", and: "") == "same ID as 民政 a.csv:12")
    #expect(Work.string([], between: "", and: "") == "")
  }
}
