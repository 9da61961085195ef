import PropertyBased
import RuleBook
import Testing

@testable import Normalize
@testable import RosterCore

/// Normalizing with a `TextCache` gives the same records as without, and records share the
/// strings of repeated values.
@Suite struct TextCacheTests {
  let normalizer = RecordNormalizer(
    rules: RuleBook.baseline(), identity: PlaceholderIdentityResolver())

  func raw(_ line: Int, _ values: [Field: String]) -> RawRecord {
    var r = RawRecord(provenance: Provenance(source: .civilAffairs, file: "a.csv", line: line))
    for (field, value) in values { r[field] = value }
    return r
  }

  var records: [RawRecord] {
    let counties = ["积石山保安族东乡族撒拉族自治县", "西和县", " 西和县 ", "Ｘｉｈｅ", ""]
    let households = ["62122520080101002x", "６２１２２５２００８０１０１００２Ｘ", "H100001", " 户-0012 ", "户编号很长很长很长很长很长很长很长的"]
    return (0..<200).map { i in
      raw(
        i + 2,
        [
          .name: "张三", .idNumber: "62122520080101002X", .county: counties[i % counties.count],
          .township: i % 3 == 0 ? "西高山镇" : "汉源　镇", .village: "城关村\(i % 7)",
          .relation: i % 2 == 0 ? "户主" : "子女", .householdID: households[i % households.count],
        ])
    }
  }

  @Test func sameRecordsAsWithout() {
    let texts = TextCache()
    for record in records {
      #expect(normalizer.normalize(record, texts: texts) == normalizer.normalize(record))
    }
  }

  @Test func repeatedValuesShareOneString() {
    let texts = TextCache()
    let a = normalizer.normalize(records[5], texts: texts)  // the long county name (45 bytes: not cached)
    let b = normalizer.normalize(records[6], texts: texts)  // 西和县 (small string)
    let c = normalizer.normalize(records[10], texts: texts)
    #expect(a.county == c.county && b.county == "西和县")
    // A household key of 18 bytes is a heap string: the second record of the household
    // gets the first one's.
    let first = normalizer.normalize(records[0], texts: texts)
    let again = normalizer.normalize(records[5], texts: texts)
    #expect(first.householdKey == "62122520080101002X" && again.householdKey == first.householdKey)
    #expect(storage(first.householdKey) == storage(again.householdKey))
  }

  /// Records of one address normalized with one cache share one place, which their compact
  /// records keep; another village is another place; without a cache each record has its own.
  @Test func recordsOfOneAddressShareOnePlace() {
    let texts = TextCache()
    // Counties cycle by 5, townships by 3, villages by 7: records 1 and 106 have one address.
    let a = normalizer.normalize(records[1], texts: texts)
    let b = normalizer.normalize(records[106], texts: texts)
    let c = normalizer.normalize(records[2], texts: texts)
    #expect((a.county, a.township, a.village) == (b.county, b.township, b.village))
    #expect(a.place === b.place && a.place !== c.place)
    #expect(VerifiedRecord(a).place === VerifiedRecord(b).place)
    #expect(VerifiedRecord(b).village == b.village && VerifiedRecord(c).village == c.village)
    let apart = (normalizer.normalize(records[1]), normalizer.normalize(records[106]))
    #expect(apart.0.place !== apart.1.place && apart.0 == a && apart.1 == b)
  }

  func storage(_ s: String?) -> UnsafeRawPointer? {
    var s = s ?? ""
    return s.withUTF8 { UnsafeRawPointer($0.baseAddress) }
  }

  /// Values of every cached length (1–24 bytes) that differ in one byte, anywhere, are told
  /// apart: each record normalized through the cache equals the record normalized without.
  @Test func valuesDifferingInOneByteAreNotConfused() async {
    await propertyCheck(input: Gen.int(in: 1...24), Gen.int(in: 0...Int.max)) { length, seed in
      let base = Array(repeating: UInt8(ascii: "a"), count: length)
      var values: [String] = [String(decoding: base, as: UTF8.self)]
      for position in 0..<length {
        var other = base
        other[position] = UInt8(ascii: "b") &+ UInt8(truncatingIfNeeded: seed % 20)
        values.append(String(decoding: other, as: UTF8.self))
      }
      let texts = TextCache()
      for (i, value) in (values + values.reversed()).enumerated() {
        let record = raw(i + 2, [.name: "张三", .village: value, .county: value, .householdID: value])
        #expect(normalizer.normalize(record, texts: texts) == normalizer.normalize(record), "\(value)")
      }
    }
  }
}
