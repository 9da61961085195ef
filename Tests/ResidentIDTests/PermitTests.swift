import RosterCore
import ResidentID
import Testing

/// Residence permits of Hong Kong, Macao and Taiwan residents (810000 / 820000 / 830000) and
/// 2023 foreign permanent resident IDs (leading 9), routed by their leading digits (§3.1).
@Suite struct PermitTests {
  @Test(arguments: [
    (Int32(810_000), IDKind.hkMacaoPermit, "香港特别行政区"),
    (820_000, .hkMacaoPermit, "澳门特别行政区"),
    (830_000, .taiwanPermit, "台湾地区"),
  ])
  func residencePermits(code: Int32, kind: IDKind, name: String) {
    // Born 1980, before the permits' codes existed: no "not yet in use" warning for permits.
    let id = engine.parse(makeID(code: code, year: 1980, month: 7, day: 1, sequence: 7))
    #expect(id.isValid)
    #expect(id.kind == kind)
    #expect(id.reasons == [])
    #expect(id.regionName == name)
    #expect(id.sex == .male)
  }

  @Test func permitWithWrongCheckIsRejected() {
    var raw = makeID(code: 830_000, year: 1980, month: 7, day: 1, sequence: 7)
    let last = raw.removeLast()
    raw.append(last == "1" ? "2" : "1")
    let id = engine.parse(raw)
    #expect(id.kind == .taiwanPermit)
    #expect(id.reasons == [.idCheckDigit])
  }

  static func foreign(province: String, nationality: String, date: String, sequence: String)
    -> String
  {
    let body = "9" + province + nationality + date + sequence
    return body + String(IDChecksum.checkCharacter(for: body)!)
  }

  @Test func foreignPermanentResidentID() {
    let raw = PermitTests.foreign(
      province: "11", nationality: "840", date: "19850312", sequence: "001")
    let id = engine.parse(raw)
    #expect(id.isValid)
    #expect(id.kind == .foreignPermanent)
    #expect(id.reasons == [])
    #expect(id.birthDate == CalendarDate(year: 1985, month: 3, day: 12))
    #expect(id.nationalityCode == "840")
    #expect(id.nationality?.alpha3 == "USA")
    #expect(id.regionCode == "110000")
    #expect(id.regionName == "北京市")
    #expect(id.sex == nil)
  }

  @Test func nationalityWithLeadingZeros() {
    // 004 Afghanistan, 036 Australia.
    for code in ["004", "036"] {
      let id = engine.parse(
        PermitTests.foreign(province: "31", nationality: code, date: "19700101", sequence: "123"))
      #expect(id.isValid)
      #expect(id.nationalityCode == code)
    }
  }

  @Test func unknownNationality() {
    let id = engine.parse(
      PermitTests.foreign(province: "44", nationality: "999", date: "19850312", sequence: "001"))
    #expect(!id.isValid)
    #expect(id.reasons == [.idForeignNationality])
    #expect(id.findings.first?.message == "the nationality code 999 is not an ISO 3166-1 country")
  }

  @Test(arguments: ["156", "158", "344", "446"])
  func chineseNationalitiesAreNotForeign(code: String) {
    let id = engine.parse(
      PermitTests.foreign(province: "44", nationality: code, date: "19850312", sequence: "001"))
    #expect(id.reasons == [.idForeignNationality])
  }

  @Test func unknownProvinceOfIssue() {
    let id = engine.parse(
      PermitTests.foreign(province: "99", nationality: "840", date: "19850312", sequence: "001"))
    #expect(id.reasons == [.idRegionUnknown])
  }

  /// Routing happens before any address lookup: `9xxxxx` is never looked up as an address code.
  @Test func foreignIDsAreRoutedBeforeAddressLookup() {
    let id = engine.parse(
      PermitTests.foreign(province: "62", nationality: "643", date: "20000229", sequence: "010"))
    #expect(id.kind == .foreignPermanent)
    #expect(id.isValid)
    #expect(!id.reasons.contains(.idRegionUnknown))
  }

  @Test func isoTable() {
    #expect(ISO3166.countries.count == 249)
    #expect(ISO3166.country(numeric: 826)?.alpha3 == "GBR")
    #expect(ISO3166.country(numeric: 0) == nil)
  }
}
