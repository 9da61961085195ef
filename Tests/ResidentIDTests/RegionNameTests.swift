import RosterCore
import Testing

@testable import ResidentID

/// A parse's region name is the table's shared string; it must say what the table's bytes say.
@Suite struct RegionNameTests {
  @Test func everyPeriodsNameIsItsBytes() {
    let table = RegionTable.standard
    let index = RegionIndex.standard
    for p in 0...index.taiwanPermitNameIndex {
      #expect(table.name(period: p) == String(decoding: index.nameUTF8(period: p), as: UTF8.self), "period \(p)")
    }
    #expect(table.name(period: index.taiwanPermitNameIndex) == RegionTable.taiwanPermitName)
  }

  /// An address code with a leading zero (never a real one) is still shown as six digits.
  @Test func unknownCodesKeepTheirLeadingZero() {
    let engine = IDEngine(referenceDate: CalendarDate(year: 2026, month: 11, day: 26)!)
    let body = "02011219900101001"
    let parsed = engine.parse(body + String(IDChecksum.checkCharacter(for: body)!))
    #expect(parsed.regionCode == "020112")
    #expect(parsed.findings(field: .idNumber).contains { $0.message.contains("address code 020112 ") })
  }

  /// Every code of the table, read from an ID: its six digits and its name in the birth year.
  @Test func parsedIDsGiveTheirCodeAndName() {
    let engine = IDEngine(referenceDate: CalendarDate(year: 2026, month: 11, day: 26)!)
    for code in RegionTable.standard.allCodes where code >= 100_000 {
      let body = String(code) + "19900101001"
      let id = body + String(IDChecksum.checkCharacter(for: body)!)
      let parsed = engine.parse(id)
      #expect(parsed.regionCode == String(code))
      #expect(parsed.regionName == String(decoding: parsed.regionNameUTF8, as: UTF8.self), "\(code)")
    }
  }
}
