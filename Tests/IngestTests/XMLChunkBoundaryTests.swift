import Ingest
import RosterCore
import Testing
import TestSupport

/// The record element is decided after the first `xmlLookahead` records; the chunk that fills
/// the lookahead usually ends inside a record. That record must keep its own values (a bug once
/// gave it the previous record's name and ID).
@Suite struct XMLChunkBoundaryTests {
  static func roster(_ count: Int, attributes: Bool = false) -> (bytes: [UInt8], ids: [String]) {
    var ids: [String] = []
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<残疾人名单>\n"
    for i in 0..<count {
      let id = SyntheticID.make(birth: "19700101", sequence: String(format3(i)))
      ids.append(id)
      let remark = String(repeating: "x", count: 20 + (i * 37) % 150)
      if attributes {
        text += "  <记录 姓名=\"人\(i)\" 身份证号=\"\(id)\" 残疾等级=\"一级\" 备注=\"\(remark)\"/>\n"
      } else {
        text += "  <记录><姓名>人\(i)</姓名><身份证号>\(id)</身份证号><残疾等级>一级</残疾等级><备注>\(remark)</备注></记录>\n"
      }
    }
    text += "</残疾人名单>\n"
    return (Array(text.utf8), ids)
  }

  static func format3(_ i: Int) -> String {
    let s = String(i % 1000)
    return String(repeating: "0", count: 3 - s.count) + s
  }

  @Test(arguments: [1 << 10, 4 << 10, 1 << 16, 1 << 20])
  func everyRecordKeepsItsOwnValues(chunkSize: Int) throws {
    for attributes in [false, true] {
      let (bytes, ids) = Self.roster(400, attributes: attributes)
      var options = IngestOptions()
      options.chunkSize = chunkSize
      let reader = try RosterReader(
        bytes: bytes, file: "boundary.xml", source: .disability, matcher: Baseline.matcher,
        options: options)
      var records: [RawRecord] = []
      while let r = try reader.next() { records.append(r) }
      #expect(records.count == 400)
      for (i, r) in records.enumerated() {
        #expect(r[.name] == "人\(i)", "record \(i), chunk \(chunkSize), attributes \(attributes)")
        #expect(r[.idNumber] == ids[i])
        #expect(r.provenance.line == i + 3)
      }
    }
  }

  /// Fields come in a different order and number from record to record, with other elements
  /// between the records: each value still lands in its own field, whatever the chunk size
  /// (names are matched by position first, then by address, then by text).
  @Test(arguments: [1 << 10, 1 << 16])
  func fieldsInShiftingOrderLandInTheirOwnFields(chunkSize: Int) throws {
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<残疾人名单>\n"
    var expected: [(name: String, id: String, village: String)] = []
    for i in 0..<300 {
      let id = SyntheticID.make(birth: "19800101", sequence: Self.format3(i))
      let (name, village) = ("人\(i)", i % 3 == 0 ? "" : "村\(i % 7)")
      var fields = ["<姓名>\(name)</姓名>", "<身份证号>\(id)</身份证号>"]
      if !village.isEmpty { fields.append("<村>\(village)</村>") }
      if i % 2 == 1 { fields.reverse() }
      if i % 5 == 0 { fields.insert("<备注>\(String(repeating: "注", count: i % 40))</备注>", at: i % fields.count) }
      text += "  <记录>\(fields.joined())</记录>\n"
      if i % 11 == 0 { text += "  <说明><姓名>不是记录</姓名></说明>\n" }
      expected.append((name, id, village))
    }
    text += "</残疾人名单>\n"
    var options = IngestOptions()
    options.chunkSize = chunkSize
    let reader = try RosterReader(
      bytes: Array(text.utf8), file: "shifting.xml", source: .disability, matcher: Baseline.matcher,
      options: options)
    var records: [RawRecord] = []
    while let r = try reader.next() { records.append(r) }
    try #require(records.count == expected.count)
    for (r, e) in zip(records, expected) {
      #expect(r[.name] == e.name && r[.idNumber] == e.id && r[.village] == e.village, "\(e.name)")
    }
  }
}
