import RosterCore
import ResidentID
import Testing

/// Address codes with their history (GB/T 2260 since 1981, §3.1).
@Suite struct RegionHistoryTests {
  let table = RegionTable.standard

  @Test func tableHoldsEveryCodeOfTheDataSet() {
    #expect(table.codeCount == 6450)
    #expect(table.allCodes == table.allCodes.sorted())
  }

  /// Xihe County: 622527 under 天水地区 until 1985, 622627 under 陇南地区 1985–2004, 621225 under
  /// 陇南市 since 2004.
  @Test func xiheCountyThreeCodes() throws {
    let a = try #require(table.region(code: 622527, year: 1983))
    #expect(a.name == "甘肃省天水地区西和县")
    #expect(a.retiredIn == 1985)
    #expect(a.successor == 622627)
    let b = try #require(table.region(code: 622627, year: 1990))
    #expect(b.name == "甘肃省陇南地区西和县")
    #expect(b.firstYear == 1985)
    #expect(b.retiredIn == 2004)
    #expect(b.successor == 621225)
    let c = try #require(table.region(code: 621225, year: 2010))
    #expect(c.name == "甘肃省陇南市西和县")
    #expect(c.isInUse)
    #expect(c.firstYear == 2004)
  }

  @Test func xiheIDsAtTheRightYears() {
    // Born 1983 under 622527: valid, the code has since been retired (info).
    let a = engine.parse("62252719830101001X")
    #expect(a.isValid)
    #expect(a.reasons == [.idRegionRetired])
    #expect(a.regionName == "甘肃省天水地区西和县")
    #expect(
      a.findings.first?.message
        == "the address code 622527 (甘肃省天水地区西和县) was retired in 1985, now 622627")
    // Born 1990 under 622627.
    let b = engine.parse("622627199001010026")
    #expect(b.isValid)
    #expect(b.reasons == [.idRegionRetired])
    #expect(b.regionName == "甘肃省陇南地区西和县")
    // Born 2010 under 621225: in use, nothing to say.
    let c = engine.parse("621225201001010039")
    #expect(c.isValid)
    #expect(c.reasons == [])
    #expect(c.regionName == "甘肃省陇南市西和县")
  }

  @Test func codeNotYetInUseAtBirthIsOnlyAWarning() {
    // 621225 came into use in 2004; someone born in 1990 registered later.
    let id = engine.parse(makeID(code: 621225, year: 1990, month: 5, day: 6, sequence: 12))
    #expect(id.isValid)
    #expect(id.reasons == [.idRegionNotYetInUse])
    #expect(id.reasonSet.contains(.regionNotYetInUse))
    #expect(Reason.idRegionNotYetInUse.severity == .warning)
    #expect(id.regionName == "甘肃省陇南市西和县")
  }

  /// Numbers were first assigned in 1984: someone born earlier under a code that started by
  /// then is fine (the standard's own example, 610104 since 1983, born 1962).
  @Test func codesStartedBeforeFirstNumberingAreFineForOlderPeople() {
    #expect(engine.parse("610104620927690").reasons == [.idLegacy15])
    let older = engine.parse(makeID(code: 621_225, year: 1950, month: 1, day: 1, sequence: 3))
    #expect(older.reasons == [.idRegionNotYetInUse])  // 621225 started in 2004
  }

  @Test func nameInForceAtTheBirthYear() {
    // 422801 恩施市: 恩施地区 (1981–83), 鄂西土家族苗族自治州 (1983–93), 恩施土家族苗族自治州.
    let early = engine.parse(makeID(code: 422801, year: 1960, month: 1, day: 1, sequence: 1))
    #expect(early.regionName == "湖北省恩施地区恩施市")
    let middle = engine.parse(makeID(code: 422801, year: 1985, month: 1, day: 1, sequence: 1))
    #expect(middle.regionName == "湖北省鄂西土家族苗族自治州恩施市")
    let late = engine.parse(makeID(code: 422801, year: 2000, month: 1, day: 1, sequence: 1))
    #expect(late.regionName == "湖北省恩施土家族苗族自治州恩施市")
    #expect(late.reasons == [])
  }

  @Test func unknownCodeIsAnError() {
    let id = engine.parse(makeID(code: 100_101, year: 1990, month: 1, day: 1, sequence: 1))
    #expect(!id.isValid)
    #expect(id.reasons == [.idRegionUnknown])
    #expect(id.regionName == "")
    // A province code alone is not an address.
    #expect(
      engine.parse(makeID(code: 620_000, year: 1990, month: 1, day: 1, sequence: 1))
        .reasons == [.idRegionUnknown])
  }

  /// Codes …01/…02/…11/…20 that are not in the table, under a known prefecture.
  @Test(
    arguments: [
      (620_101, "甘肃省兰州市"), (620_120, "甘肃省兰州市"), (440_301, "广东省深圳市"),
      (440_302, "广东省深圳市"), (440_320, "广东省深圳市"), (370_201, "山东省青岛市"),
      (130_101, "河北省石家庄市"),
    ] as [(Int32, String)])
  func legacyCityLevelSuffixes(code: Int32, name: String) {
    let id = engine.parse(makeID(code: code, year: 1975, month: 3, day: 4, sequence: 21))
    #expect(id.isValid)
    #expect(id.reasons == [.idRegionCityLevel])
    #expect(id.regionName == name)
    #expect(
      id.findings.first?.message == "the address code \(code) is a city-level code of \(name)")
  }

  @Test func codesInTheTableAreNotCityLevel() {
    // 620102 城关区 and 620111 红古区 are county-level codes of their own.
    #expect(
      engine.parse(makeID(code: 620_102, year: 1990, month: 1, day: 1, sequence: 1)).reasons == [])
    #expect(
      engine.parse(makeID(code: 620_111, year: 1990, month: 1, day: 1, sequence: 1)).reasons == [])
  }

  @Test func municipalityCityLevelCodes() {
    let id = engine.parse(makeID(code: 110_201, year: 1970, month: 1, day: 1, sequence: 5))
    #expect(id.reasons == [.idRegionCityLevel])
    #expect(id.regionName == "北京市")
  }

  @Test func prefectureCodeItselfIsCityLevel() {
    let id = engine.parse(makeID(code: 620_500, year: 1990, month: 1, day: 1, sequence: 5))
    #expect(id.isValid)
    #expect(id.reasons == [.idRegionCityLevel])
    #expect(id.regionName == "甘肃省天水市")
  }

  @Test func cityLevelSuffixNeedsAKnownPrefecture() {
    // 629901: no prefecture 629900.
    let id = engine.parse(makeID(code: 629_901, year: 1990, month: 1, day: 1, sequence: 5))
    #expect(id.reasons == [.idRegionUnknown])
  }

  @Test func everyCountyCodeIsValidInEveryYear() {
    for code in countyCodes {
      for year in [1950, 1995, 2020] {
        let id = engine.parse(makeID(code: code, year: year, month: 6, day: 15, sequence: 101))
        #expect(id.isValid, "\(code) \(year)")
        #expect(!id.regionName.isEmpty)
      }
    }
  }

  @Test func tableLookupAPI() {
    #expect(table.name(of: 621_225, in: 2010) == "甘肃省陇南市西和县")
    #expect(table.name(of: 999_999, in: 2010) == nil)
    #expect(table.region(code: 110_000, year: 2000)?.level == .province)
    #expect(table.region(code: 620_500, year: 2000)?.level == .prefecture)
  }

  @Test func regionNameBytesMatchTheName() {
    for raw in ["62252719830101001X", "830000197809093018", "11010519491231002X", "张三"] {
      let id = engine.parse(raw)
      #expect(String(decoding: id.regionNameUTF8, as: UTF8.self) == id.regionName)
    }
  }

  @Test func findingsNameTheirField() {
    let id = engine.parse("62252719830101001X")
    #expect(id.findings.map(\.field) == [.idNumber])
    #expect(id.findings(field: .householdID).map(\.field) == [.householdID])
    #expect(id.findings.map(\.severity) == [.info])
  }
}

/// What a parse takes from the table by the period it found (no search of the codes) equals
/// what the table answers by code and year.
@Suite struct RegionByPeriodTests {
  let table = RegionTable.standard

  /// Every retired county-level code, born in each of several years across its history (and
  /// before and after it): the ID_REGION_RETIRED message and the six-digit code.
  @Test func retiredMessagesAndCodesOfEveryRetiredCounty() {
    var checked = 0
    for code in table.allCodes where RegionTable.level(of: code) == .county {
      for year in [1900, 1950, 1981, 1985, 1990, 1996, 2000, 2004, 2010, 2020] {
        let parsed = engine.parse(makeID(code: code, year: year, month: 6, day: 15, sequence: 123))
        #expect(parsed.regionCode == "\(code)")  // codes start at 110000: six digits
        guard parsed.has(.idRegionRetired) else { continue }
        let message = parsed.findings.first { $0.reason == .idRegionRetired }?.message
        #expect(message == table.retiredMessage(code: code, year: year), "\(code) \(year)")
        checked += 1
      }
    }
    #expect(checked > 1_000)
  }

  @Test func aPeriodOfAnotherCodeIsNotUsed() {
    // Period 0 belongs to the first code of the table; asked with another code, no message.
    #expect(table.retiredMessage(period: 0, code: 999_999) == nil)
    #expect(table.retiredMessage(period: -1, code: 622_627) == nil)
    #expect(table.retiredMessage(period: 1 << 20, code: 622_627) == nil)
  }
}
