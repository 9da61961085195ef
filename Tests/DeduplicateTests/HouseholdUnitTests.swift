import Deduplicate
import RosterCore
import Testing

@Suite struct HouseholdUnitTests {
  let tekun: CategorySet = [.extremelyPoor]

  @Test func aHouseholdIsOneUnitOfItsLivingActiveMembers() {
    let (result, _) = run([
      record(line: 2, name: "张福", id: IDs.head, categories: tekun, eligible: tekun,
             household: "HH001", relation: "户主"),
      record(line: 3, name: "刘兰", id: IDs.spouse, categories: tekun, eligible: tekun,
             household: "HH001", relation: "配偶"),
      // dead member: excluded, not in the unit
      record(line: 4, name: "张军", id: IDs.son, categories: tekun, household: "HH001",
             findings: [Finding(.deceased)]),
    ])
    #expect(result.units.count == 1)
    let unit = result.units[0]
    #expect(unit.type == .household)
    #expect(unit.unitID.hasPrefix("H-"))
    #expect(unit.memberCount == 2)
    #expect(unit.name == "张福")
    #expect(result.dispositions == [.paired, .paired, .excluded])
  }

  @Test func anInactiveHouseholdFormsNoUnit() {
    let inactive = [Finding(.statusInactive)]
    let (result, _) = run([
      record(line: 2, name: "张福", id: IDs.head, categories: tekun, household: "HH001",
             status: .inactive, findings: inactive),
      record(line: 3, name: "刘兰", id: IDs.spouse, categories: tekun, household: "HH001",
             status: .inactive, findings: inactive),
    ])
    #expect(result.units.isEmpty)
    #expect(result.dispositions == [.excluded, .excluded])
  }

  @Test func aSeverelyDisabledMemberIsCoveredByTheHousehold() {
    let (result, records) = run([
      record(line: 2, name: "张福", id: IDs.head, categories: tekun, eligible: tekun,
             household: "HH001", relation: "户主"),
      record(line: 3, name: "张残", id: IDs.disabled, categories: tekun, eligible: tekun,
             household: "HH001"),
      record(.disability, line: 8, name: "张残", id: IDs.disabled, eligible: [.severelyDisabled],
             grade: 1, hardship: .extremelyPoor),
    ])
    #expect(result.units.count == 1)
    #expect(result.units[0].memberCount == 2)
    #expect(result.units[0].categories == [.extremelyPoor, .severelyDisabled])
    #expect(result.dispositions == [.paired, .paired, .merged])
    #expect(records[1].has(.householdMember))
  }

  @Test func aDisabledPersonWithoutHardshipInATekunHouseholdIsCovered() {
    let (result, records) = run([
      record(line: 2, name: "张福", id: IDs.head, categories: tekun, eligible: tekun,
             household: "HH001", relation: "户主"),
      record(line: 3, name: "张残", id: IDs.disabled, categories: [.minimumLiving],
             household: "HH001", findings: [Finding(.notPairingCategory)]),
      record(.disability, line: 8, name: "张残", id: IDs.disabled, grade: 2,
             findings: [Finding(.noQualifyingHardship)]),
    ])
    #expect(result.units.count == 1)
    #expect(result.units[0].memberCount == 2)
    #expect(result.dispositions[2] == .paired)
    #expect(result.dispositions[1] == .merged)
    #expect(records[2].has(.householdMember))
  }

  @Test func anOrphanInATekunHouseholdIsPairedIndividually() {
    let (result, records) = run([
      record(line: 2, name: "张福", id: IDs.head, categories: tekun, eligible: tekun,
             household: "HH001", relation: "户主"),
      record(line: 3, name: "张小", id: IDs.orphan, categories: [.orphan, .extremelyPoor],
             eligible: [.orphan, .extremelyPoor], household: "HH001"),
    ])
    #expect(result.units.count == 2)
    let household = result.units.first { $0.type == .household }!
    let child = result.units.first { $0.type == .person }!
    #expect(household.memberCount == 1)
    #expect(child.categories.contains(.orphan))
    #expect(records[1].has(.childPairedIndividually))
    #expect(result.dispositions == [.paired, .paired])
  }

  @Test func aPersonInTwoHouseholdsIsAConflictForReview() {
    let (result, records) = run([
      record(line: 2, name: "张福", id: IDs.head, categories: tekun, eligible: tekun,
             household: "HH001"),
      record(line: 5, name: "张福", id: IDs.head, categories: tekun, eligible: tekun,
             household: "HH002"),
    ])
    #expect(records[1].has(.householdConflict))
    #expect(result.units.count == 1)
    #expect(result.units[0].needsReview)
  }

  @Test func membersReferencingTheHeadsIDJoinTheHeadsHousehold() {
    let (result, _) = run([
      record(line: 2, name: "张福", id: IDs.head, categories: tekun, eligible: tekun),
      record(line: 3, name: "刘兰", id: IDs.spouse, categories: tekun, eligible: tekun,
             household: IDs.head),
    ])
    #expect(result.units.count == 1)
    #expect(result.units[0].memberCount == 2)
    #expect(result.units[0].idNumber == IDs.head)
  }

  @Test func shortHouseholdNumbersOfDifferentCountiesDoNotCollide() {
    var a = record(line: 2, name: "张福", id: IDs.head, categories: tekun, eligible: tekun,
                   household: "001")
    var b = record(line: 3, name: "刘兰", id: IDs.spouse, categories: tekun, eligible: tekun,
                   household: "001")
    a.county = "西和县"
    b.county = "礼县"
    let (result, _) = run([a, b])
    #expect(result.units.count == 2)
  }
}
