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
}
