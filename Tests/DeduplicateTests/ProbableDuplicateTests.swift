import Deduplicate
import RosterCore
import Testing
import TestSupport

@Suite struct ProbableDuplicateTests {
  /// `IDs.orphan` with one digit of the birth date changed, check recomputed.
  let substituted = SyntheticID.make(birth: "20120305", sequence: "012")

  @Test func sameNameAndIDsOneSubstitutionApart() {
    let (result, records) = run([
      record(line: 2, name: "李娜", id: IDs.orphan, eligible: [.orphan]),
      record(.disability, line: 3, name: "李娜", id: substituted, eligible: [.severelyDisabled]),
    ])
    let groups = result.groups.filter { $0.kind == .probableDupIDTypo }
    #expect(groups.count == 1)
    #expect(groups[0].evidence.contains("character 14 differs"))
    #expect(records[0].has(.probableDupIDTypo) && records[1].has(.probableDupIDTypo))
    // Reported, never merged.
    #expect(result.units.count == 2)
    #expect(result.units.allSatisfy { $0.needsReview })
  }

  @Test func sameNameAndIDsOneAdjacentTranspositionApart() {
    // Day 12 typed as 21; the system that stored it recomputed the check character.
    let a = SyntheticID.make(birth: "19700512", sequence: "071")
    let b = SyntheticID.make(birth: "19700521", sequence: "071")
    let (result, _) = run([
      record(line: 2, name: "王强", id: a, eligible: [.extremelyPoor], village: "新村"),
      record(line: 3, name: "王强", id: b, eligible: [.extremelyPoor], village: "河坝村"),
    ])
    let groups = result.groups.filter { $0.kind == .probableDupIDTypo }
    #expect(groups.count == 1)
    #expect(groups.first?.evidence.contains("characters 13–14 are swapped (12 vs 21)") == true)
  }

  /// Name keys are compared as strings are: spellings that are canonically equivalent but
  /// differ in their bytes (a compatibility ideograph; a decomposed accent) are the same name.
  @Test func canonicallyEquivalentNameKeysAreTheSameName() {
    let a = SyntheticID.make(birth: "19700512", sequence: "071")
    let b = SyntheticID.make(birth: "19700521", sequence: "071")
    for (x, y) in [("\u{862D}花", "\u{F91F}花"), ("Ren\u{E9}", "Rene\u{301}")] {
      let (result, _) = run([
        record(line: 2, name: x, id: a, eligible: [.extremelyPoor]),
        record(line: 3, name: y, id: b, eligible: [.extremelyPoor]),
      ])
      #expect(result.groups.filter { $0.kind == .probableDupIDTypo }.count == 1, "\(x) / \(y)")
    }
  }

  @Test func idsTwoEditsApartAreNotTypos() {
    let a = SyntheticID.make(birth: "19700512", sequence: "071")
    let b = SyntheticID.make(birth: "19700523", sequence: "071")
    let (result, _) = run([
      record(line: 2, name: "王强", id: a, eligible: [.extremelyPoor], village: "新村"),
      record(line: 3, name: "王强", id: b, eligible: [.extremelyPoor], village: "河坝村"),
    ])
    #expect(result.groups.isEmpty)
  }

  @Test func sameNameBirthDateAndVillageWithDifferentIDs() {
    let a = SyntheticID.make(birth: "19700512", sequence: "071")
    let b = SyntheticID.make(region: "622627", birth: "19700512", sequence: "233")
    let (result, _) = run([
      record(line: 2, name: "王强", id: a, eligible: [.extremelyPoor], village: "新村"),
      record(.disability, line: 3, name: "王强", id: b, eligible: [.severelyDisabled], village: "新村"),
    ])
    #expect(result.groups.map(\.kind) == [.probableDupSameNameBirthVillage])
    #expect(result.groups[0].evidence.contains("1970-05-12"))
  }

  /// Rules 1 and 2 are looked for on two threads: a pair both find is one typo group whose
  /// evidence gives the ID edit first, then the birth date and village.
  @Test func aPairFoundByBothRulesIsOneTypoGroupWithBothEvidences() {
    let a = SyntheticID.make(birth: "19700512", sequence: "071")
    let b = SyntheticID.make(birth: "19700512", sequence: "017")
    let (result, records) = run([
      record(line: 2, name: "王强", id: a, eligible: [.extremelyPoor], village: "新村"),
      record(.disability, line: 3, name: "王强", id: b, eligible: [.severelyDisabled], village: "新村"),
    ])
    #expect(result.groups.map(\.kind) == [.probableDupIDTypo])
    let evidence = result.groups.first?.evidence ?? ""
    let edit = evidence.firstRange(of: "IDs one edit apart")
    let place = evidence.firstRange(of: "birth date 1970-05-12 and village 新村")
    #expect(edit != nil && place != nil)
    if let edit, let place { #expect(edit.lowerBound < place.lowerBound) }
    #expect(records.allSatisfy { $0.has(.probableDupIDTypo) && !$0.has(.probableDupSameNameBirthVillage) })
  }

  @Test func sameNameInDifferentVillagesIsNotADuplicate() {
    let a = SyntheticID.make(birth: "19700512", sequence: "071")
    let b = SyntheticID.make(region: "622627", birth: "19700512", sequence: "233")
    let (result, _) = run([
      record(line: 2, name: "王强", id: a, eligible: [.extremelyPoor], village: "新村"),
      record(line: 3, name: "王强", id: b, eligible: [.extremelyPoor], village: "河坝村"),
    ])
    #expect(result.groups.isEmpty)
  }

  @Test func anInvalidIDWhoseCorrectionIsAnotherRecordsIDInTheOtherSource() {
    // Mistype one digit of the orphan's ID in the disability roster: the check fails.
    var chars = Array(IDs.orphan)
    chars[15] = chars[15] == "9" ? "8" : "9"
    let typo = String(chars)
    let (result, records) = run([
      record(line: 2, name: "李娜", id: IDs.orphan, eligible: [.orphan]),
      record(.disability, line: 7, name: "李娜", id: typo, valid: false),
    ])
    let groups = result.groups.filter { $0.kind == .probableDupCorrectedID }
    #expect(groups.count == 1)
    #expect(groups[0].members == [0, 1])
    #expect(groups[0].evidence.contains("did you mean"))
    #expect(!groups[0].evidence.contains(IDs.orphan), "IDs in evidence are masked")
    #expect(records[1].has(.probableDupCorrectedID))
    #expect(result.dispositions == [.paired, .rejected])
  }

  /// Units are built beside the probable-duplicate search and marked for review after it:
  /// the unit of every person a probable duplicate names needs review, households included,
  /// and no other unit.
  @Test func theUnitsOfProbableDuplicatesNeedReview() {
    var chars = Array(IDs.orphan)
    chars[15] = chars[15] == "9" ? "8" : "9"
    let tekun: CategorySet = [.extremelyPoor]
    let (result, _) = run([
      // Rule 3: the orphan's ID mistyped in the disability roster.
      record(line: 2, name: "李娜", id: IDs.orphan, eligible: [.orphan]),
      record(.disability, line: 7, name: "李娜", id: String(chars), valid: false),
      // Rule 1: a household member and a person one digit apart.
      record(line: 3, name: "张福", id: IDs.head, categories: tekun, eligible: tekun,
             household: "HH001", relation: "户主"),
      record(line: 4, name: "刘兰", id: IDs.spouse, categories: tekun, eligible: tekun,
             household: "HH001", relation: "配偶"),
      record(.disability, line: 8, name: "刘兰", id: Self.oneDigitFrom(IDs.spouse),
             eligible: [.severelyDisabled]),
      // Nobody's duplicate.
      record(line: 5, name: "王强", id: SyntheticID.make(birth: "19700512", sequence: "071"),
             eligible: [.severelyDisabled]),
    ])
    #expect(result.groups.map(\.kind).sorted { $0.code < $1.code } == [.probableDupCorrectedID, .probableDupIDTypo])
    let review = Dictionary(uniqueKeysWithValues: result.units.map { ($0.name, $0.needsReview) })
    #expect(review == ["李娜": true, "张福": true, "刘兰": true, "王强": false])
  }

  /// `id` with its 17th digit changed and the check character recomputed.
  static func oneDigitFrom(_ id: String) -> String {
    var digits = Array(id.prefix(17))
    digits[16] = digits[16] == "1" ? "3" : "1"
    let body = String(digits)
    return body + String(SyntheticID.checkCharacter(body))
  }

  @Test func excelZeroedIDsAreNotTreatedAsTypos() {
    var chars = Array(IDs.orphan)
    chars.replaceSubrange(15..<18, with: ["0", "0", "0"])
    let zeroed = String(chars)
    let (result, _) = run([
      record(line: 2, name: "李娜", id: IDs.orphan, eligible: [.orphan]),
      record(line: 3, name: "李娜", id: zeroed, valid: false,
             findings: [Finding(.idExcelZeroed)]),
    ])
    #expect(result.groups.isEmpty)
  }

  @Test func pairsOfExcludedPersonsAreNotReported() {
    let (result, _) = run([
      record(line: 2, name: "李娜", id: IDs.orphan, findings: [Finding(.childAgedOut)]),
      record(line: 3, name: "李娜", id: substituted, findings: [Finding(.childAgedOut)]),
    ])
    #expect(result.groups.isEmpty)
  }
}
