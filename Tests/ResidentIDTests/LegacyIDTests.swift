import RosterCore
import PropertyBased
import ResidentID
import Testing

/// 15-digit IDs (GB 11643-1989): YYMMDD in the 1900s, no check digit; upgraded to 18.
@Suite struct LegacyIDTests {
  @Test func workedUpgrade() {
    #expect(IDChecksum.upgrade15("610104620927690") == "610104196209276908")
    let id = engine.parse("610104620927690")
    #expect(id.isValid)
    #expect(id.kind == .residentLegacy15)
    #expect(id.normalized == "610104196209276908")
    #expect(id.reasons == [.idLegacy15])
    #expect(id.birthDate == CalendarDate(year: 1962, month: 9, day: 27))
    #expect(id.sex == .female)
    #expect(id.regionCode == "610104")
  }

  @Test func upgradeThenDowngradeIsIdentity() async {
    let legacy = validIDs.compactMap { IDChecksum.legacy15(from: $0) }
    await propertyCheck(count: 300, input: legacy) { fifteen in
      let eighteen = IDChecksum.upgrade15(fifteen)!
      #expect(IDChecksum.hasValidCheck(eighteen))
      #expect(IDChecksum.legacy15(from: eighteen) == fifteen)
    }
  }

  @Test func legacyIDsOfGeneratedPeopleValidate() async {
    let legacy = validIDs.compactMap { IDChecksum.legacy15(from: $0) }
    await propertyCheck(count: 200, input: legacy) { fifteen in
      let id = engine.parse(fifteen)
      #expect(id.isValid, "\(id.reasons)")
      #expect(id.normalized == IDChecksum.upgrade15(fifteen))
    }
  }

  @Test func invalidDateIsRejectedAndNotUpgraded() {
    let id = engine.parse("610104621327690")
    #expect(!id.isValid)
    #expect(id.reasons == [.idBirthDateInvalid, .idLegacy15])
    #expect(id.normalized == "610104621327690")
  }

  @Test func unknownCodeIsRejected() {
    let id = engine.parse("999999620927690")
    #expect(id.reasons.contains(.idRegionUnknown))
    #expect(!id.isValid)
  }

  @Test func legacyFormNeedsCentury19() {
    #expect(IDChecksum.legacy15(from: "11010520080101002X") == nil)
    #expect(IDChecksum.upgrade15("61010462092769X") == nil)
    #expect(engine.parse("61010462092769X").reasons == [.idNotAnID])
  }
}
