import PropertyBased
@testable import RosterCore
import Testing

/// A record's county, township and village live in one `Place`, shared through a
/// `PlaceCache` by the records of one batch, and read and compare as the three strings did.
@Suite struct PlaceTests {
  /// A subject with this address; with `places`, set through it as a batch's text cache does.
  static func subject(
    _ line: Int, _ county: String, _ township: String, _ village: String,
    sharingWith places: VerifiedRecord.PlaceCache? = nil
  ) -> SubjectRecord {
    var s = SubjectRecord(provenance: Provenance(source: .civilAffairs, file: "a.csv", line: line))
    s.name = "张伟"
    if let places {
      s.setAddress(county: county, township: township, village: village, sharingWith: places)
    } else {
      s.county = county
      s.township = township
      s.village = village
    }
    return s
  }

  @Test func recordsOfOneVillageShareTheirPlace() {
    let places = VerifiedRecord.PlaceCache()
    // One string value each, as a batch's TextCache hands them out (long enough for the heap).
    let (county, township, village) = ("甘肃省陇南市西和县", "长道镇人民政府驻地", "何家庄村民委员会第三组")
    let a = VerifiedRecord(Self.subject(2, county, township, village, sharingWith: places))
    let b = VerifiedRecord(Self.subject(3, county, township, village, sharingWith: places))
    let c = VerifiedRecord(Self.subject(4, county, township, "大桥村", sharingWith: places))
    #expect(a.place === b.place)
    #expect(a.place !== c.place)
    #expect((b.county, b.township, b.village) == (county, township, village))
    #expect(c.village == "大桥村" && c.township == township)
  }

  /// A subject's address set at once through a cache shares the place of the subjects before
  /// it with the same strings; set part by part, it reads back the same.
  @Test func subjectsShareTheirPlaceThroughACache() {
    let places = VerifiedRecord.PlaceCache()
    let (county, township, village) = ("甘肃省陇南市西和县", "长道镇人民政府驻地", "何家庄村民委员会第三组")
    var a = SubjectRecord(provenance: Provenance(source: .civilAffairs, file: "a.csv", line: 2))
    var b = a
    a.setAddress(county: county, township: township, village: village, sharingWith: places)
    b.setAddress(county: county, township: township, village: village, sharingWith: places)
    #expect(a.place === b.place)
    #expect(VerifiedRecord(a).place === a.place)
    let c = Self.subject(4, county, township, village)
    #expect(c.place !== a.place && c.place == a.place)  // another place, the same address
    var d = a
    d.setAddress(county: "", township: "", village: "", sharingWith: nil)
    #expect(d.place === VerifiedRecord.Place.none)
  }

  @Test func recordsWithoutAnAddressShareOnePlace() {
    let a = VerifiedRecord(Self.subject(2, "", "", ""))
    let b = VerifiedRecord(Self.subject(3, "", "", "", sharingWith: VerifiedRecord.PlaceCache()))
    #expect(a.place === VerifiedRecord.Place.none && b.place === VerifiedRecord.Place.none)
    #expect(a.county == "" && a.township == "" && a.village == "")
  }

  /// Equal texts stored apart are a second `Place`, never a different address; records
  /// compare and hash by the texts.
  @Test func equalTextsStoredApartCompareEqual() {
    let village = String(repeating: "村", count: 8)
    let apart = String(decoding: Array(village.utf8), as: UTF8.self)  // same text, new buffer
    let places = VerifiedRecord.PlaceCache()
    let a = VerifiedRecord(Self.subject(2, "西和县", "长道镇", village, sharingWith: places))
    var b = VerifiedRecord(Self.subject(2, "西和县", "长道镇", apart, sharingWith: places))
    #expect(a == b && a.hashValue == b.hashValue)
    b.village = "大桥村"
    #expect(a != b)
    #expect(a.village == village)
  }

  /// Setting one part gives the record its own place: the other records keep theirs.
  @Test func settingAPartChangesOnlyThatRecord() {
    let places = VerifiedRecord.PlaceCache()
    let a = VerifiedRecord(Self.subject(2, "西和县", "长道镇", "何家庄村", sharingWith: places))
    var b = VerifiedRecord(Self.subject(3, "西和县", "长道镇", "何家庄村", sharingWith: places))
    b.county = "礼县"
    b.township = "盐官镇"
    #expect((a.county, a.township, a.village) == ("西和县", "长道镇", "何家庄村"))
    #expect((b.county, b.township, b.village) == ("礼县", "盐官镇", "何家庄村"))
    b.county = ""
    b.township = ""
    b.village = ""
    #expect(b.place === VerifiedRecord.Place.none)
  }

  /// However many addresses a batch has (more than the cache's 64 entries, colliding or
  /// not), every record reads back its own.
  @Test func everyRecordReadsBackItsAddress() async {
    let part = Gen<String?>.element(of: ["", "西和县", "长道镇人民政府驻地", "何家庄村民委员会第三组", "a", "村1", "村2"])
      .map { $0! }
    let address = zip(part, part, part)
    await propertyCheck(count: 100, input: address.array(of: 0...300)) { addresses in
      let places = VerifiedRecord.PlaceCache()
      // Strings of one text share a buffer within the batch, as the TextCache makes them.
      var shared: [String: String] = [:]
      func one(_ s: String) -> String {
        if let t = shared[s] { return t }
        let t = String(decoding: Array(s.utf8), as: UTF8.self)
        shared[s] = t
        return t
      }
      let records = addresses.enumerated().map { i, a in
        VerifiedRecord(Self.subject(i + 2, one(a.0), one(a.1), one(a.2), sharingWith: places))
      }
      for (r, a) in zip(records, addresses) {
        #expect(r.county == a.0 && r.township == a.1 && r.village == a.2)
      }
    }
  }
}
