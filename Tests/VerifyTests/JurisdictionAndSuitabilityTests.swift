import RosterCore
import Testing
import Verify

@Suite struct JurisdictionTests {
  let xihe = Rules.Jurisdiction(codes: ["621225", "622627", "622527"], names: ["西和县"])

  @Test func theSameCountyIsInside() {
    #expect(verified(normalized(categories: [.extremelyPoor], county: "西和县"), jurisdiction: xihe).codes.isEmpty)
    #expect(verified(normalized(categories: [.extremelyPoor], county: "西和"), jurisdiction: xihe).codes.isEmpty)
    #expect(verified(normalized(categories: [.extremelyPoor], county: "621225"), jurisdiction: xihe).codes.isEmpty)
  }

  @Test func anotherCountyIsOutside() {
    let r = verified(normalized(categories: [.extremelyPoor], county: "礼县"), jurisdiction: xihe)
    #expect(r.codes == [.outsideJurisdiction])
    #expect(r.eligibleAs.isEmpty)
  }

  @Test func withoutACountyTheIDsAddressCodeDecides() {
    var inside = normalized(categories: [.extremelyPoor], county: "")
    inside.regionCode = "622627"
    #expect(verified(inside, jurisdiction: xihe).codes.isEmpty)
    var outside = normalized(categories: [.extremelyPoor], county: "")
    outside.regionCode = "620521"
    #expect(verified(outside, jurisdiction: xihe).codes == [.outsideJurisdiction])
  }

  @Test func noJurisdictionMeansNoCheck() {
    #expect(verified(normalized(categories: [.extremelyPoor], county: "礼县")).codes.isEmpty)
    let empty = Rules.Jurisdiction()
    #expect(verified(normalized(categories: [.extremelyPoor], county: "礼县"), jurisdiction: empty).codes.isEmpty)
  }

  @Test func theCommandLineOverridesTheRules() {
    var rules = baselineRules
    rules.jurisdiction = Rules.Jurisdiction(names: ["礼县"])
    let r = verified(normalized(categories: [.extremelyPoor], county: "西和县"), rules: rules, jurisdiction: xihe)
    #expect(r.codes.isEmpty)
  }
}

@Suite struct SuitabilityTests {
  @Test func livingInAnInstitutionIsUnsuitable() {
    var r = normalized(birth: "20150101", categories: [.orphan])
    r.supportMode = .institutional
    let v = verified(r)
    #expect(v.codes == [.unsuitableForPairing])
    #expect(v.findings[0].message.contains("机构养育"))
    #expect(v.eligibleAs.isEmpty)
  }

  @Test func livingAtHomeIsSuitable() {
    var r = normalized(birth: "20150101", categories: [.orphan])
    r.supportMode = .home
    #expect(verified(r).eligibleAs == [.orphan])
  }
}
