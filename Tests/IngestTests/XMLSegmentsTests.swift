@testable import Ingest
import PropertyBased
import RosterCore
import Testing
import TestSupport

/// A UTF-8 XML file read in segments on several threads (`IngestOptions.xmlWorkers`) gives
/// exactly what one reader reading it in order gives: the same records with the same lines,
/// the same rejected rows, the same stop at the same line, the same report.
@Suite struct XMLSegmentsTests {
  /// A small deterministic generator, so a failing seed can be replayed.
  struct Mix {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(max(1, n)))
    }
    mutating func chance(_ percent: Int) -> Bool { next(100) < percent }
  }

  /// What can go wrong in a generated file, one kind per file.
  enum Trouble: Int, CaseIterable {
    case none, newColumnLate, commentWithRecordTag, cdataWithRecordTag, nestedRecordName,
      mismatchedTag, truncated, entityReference, tooLongField, otherElements, multiLineTags
  }

  /// A roster of `count` records that looks like an export (a record per line, fields as
  /// child elements or attributes) with the trouble of `trouble` somewhere in it.
  static func document(seed: UInt64, count: Int, trouble: Trouble) -> [UInt8] {
    var mix = Mix(state: seed)
    let attributes = mix.chance(30)
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- 导出 -->\n<残疾人名单 版本=\"2\">\n"
    let troubleAt = count / 4 + mix.next(max(1, count / 2))
    for i in 0..<count {
      let id = SyntheticID.make(birth: "19650101", sequence: XMLChunkBoundaryTests.format3(i))
      var fields: [(String, String)] = [("姓名", "人\(i)"), ("身份证号", id)]
      if mix.chance(70) { fields.append(("村", "村\(mix.next(9))")) }
      if mix.chance(40) { fields.append(("残疾等级", ["一级", "二级", "3"][mix.next(3)])) }
      if mix.chance(20) { fields.append(("备注", String(repeating: "注", count: mix.next(60)))) }
      if i == troubleAt && trouble == .newColumnLate { fields.append(("新栏目", "值\(i)")) }
      if mix.chance(10) { fields.swapAt(0, fields.count - 1) }
      let breakTag = trouble == .multiLineTags && mix.chance(30)
      if attributes {
        let attrs = fields.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: breakTag ? "\n    " : " ")
        text += "  <记录 \(attrs)/>\n"
      } else {
        let open = breakTag ? "<记录\n   >" : "<记录>"
        let inner = fields.map { "<\($0.0)>\($0.1)</\($0.0)>" }.joined(separator: mix.chance(20) ? "\n    " : "")
        text += "  \(open)\(inner)</记录>\n"
      }
      if i == troubleAt {
        switch trouble {
        case .commentWithRecordTag: text += "  <!-- 以下\n  <记录 >不是记录</记录>\n  <记录>也不是\n  -->\n"
        case .cdataWithRecordTag: text += "  <说明><![CDATA[\n<记录 >x</记录>\n<记录>]]></说明>\n"
        case .nestedRecordName: text += "  <记录><姓名>嵌套</姓名><身份证号>\(id)</身份证号><附件>\n<记录 >内层</记录>\n</附件></记录>\n"
        case .mismatchedTag: text += "  <记录><姓名>坏</姓名></记>\n"
        case .entityReference: text += "  <记录><姓名>&未定义;</姓名></记录>\n"
        case .tooLongField: text += "  <记录><姓名>\(String(repeating: "长", count: 200))</姓名><身份证号>\(id)</身份证号></记录>\n"
        case .otherElements: text += "  <统计><总数>\(count)</总数></统计>\n  说明文字\n"
        default: break
        }
      }
      if trouble == .otherElements && mix.chance(5) { text += "  <分页 页=\"\(i)\"/>\n" }
    }
    text += "</残疾人名单>\n"
    var bytes = Array(text.utf8)
    if trouble == .truncated { bytes = Array(bytes.prefix(bytes.count * (50 + mix.next(45)) / 100)) }
    return bytes
  }

  static func read(_ bytes: [UInt8], options: IngestOptions) -> Result<([RawRecord], FileReport), IngestError> {
    do {
      let reader = try RosterReader(
        bytes: bytes, file: "segments.xml", source: .disability, matcher: Baseline.matcher,
        options: options)
      var records: [RawRecord] = []
      while let r = try reader.next() { records.append(r) }
      var report = reader.report
      // A stop ends the reading; workers may have read ahead of it.
      if report.stoppedBy != nil { report.bytesRead = 0 }
      return .success((records, report))
    } catch let error as IngestError {
      return .failure(error)
    } catch {
      return .failure(IngestError(file: "?", message: "\(error)"))
    }
  }

  static func compare(_ bytes: [UInt8], workers: Int, segment: Int, chunk: Int, context: String) {
    var inOrder = IngestOptions()
    inOrder.xmlWorkers = 1
    inOrder.xmlLookahead = 3
    inOrder.chunkSize = chunk
    inOrder.maxRowBytes = 512
    inOrder.maxRejectedRowsInReport = 2
    var split = inOrder
    split.xmlWorkers = workers
    split.xmlSegmentSize = segment
    switch (read(bytes, options: inOrder), read(bytes, options: split)) {
    case (.success(let a), .success(let b)):
      #expect(a.0.count == b.0.count, "\(context)")
      for (x, y) in zip(a.0, b.0) where x != y || x.values != y.values || x.extras != y.extras {
        Issue.record(
          "\(context): line \(x.provenance.line) \(x.values) \(String(describing: x.rejection)) ≠ line \(y.provenance.line) \(y.values) \(String(describing: y.rejection))")
        break
      }
      #expect(a.1 == b.1, "\(context)")
    case (.failure(let a), .failure(let b)):
      #expect(a == b, "\(context)")
    case (let a, let b):
      Issue.record("\(context): \(a) ≠ \(b)")
    }
  }

  @Test(arguments: Trouble.allCases)
  func segmentsReadLikeOneReader(_ trouble: Trouble) async {
    await propertyCheck(count: 25, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...5)) { seed, shape in
      let count = [40, 150, 400][shape % 3]
      let bytes = Self.document(seed: UInt64(seed), count: count, trouble: trouble)
      let segment = [64, 300, 2000][shape / 2 % 3]
      let chunk = [256, 1 << 16][shape % 2]
      Self.compare(
        bytes, workers: 2 + shape % 2, segment: segment, chunk: chunk,
        context: "trouble \(trouble), seed \(seed), shape \(shape)")
    }
  }

  /// Two workers, segments of 1,000 bytes, the record element decided after 3 records.
  static let segmentOptions: IngestOptions = {
    var options = IngestOptions()
    options.xmlWorkers = 2
    options.xmlSegmentSize = 1000
    options.xmlLookahead = 3
    return options
  }()

  static func segmented(_ bytes: [UInt8]) throws -> RosterReader {
    try RosterReader(
      bytes: bytes, file: "segments.xml", source: .disability, matcher: Baseline.matcher,
      options: segmentOptions)
  }

  /// A clean file is really read in segments: every record after the first segment comes from
  /// a worker, with its own line.
  @Test func aCleanFileIsCutIntoSegments() throws {
    let bytes = Self.document(seed: 7, count: 400, trouble: .none)
    let reader = try Self.segmented(bytes)
    var lines: [Int] = []
    while let r = try reader.next() { lines.append(r.provenance.line) }
    #expect(lines.count == 400)
    #expect(reader.report.bytesRead == bytes.count)
    let segments = try #require(reader.segments)
    #expect(segments.used > 10)
    #expect(segments.readInOrder == 0 && segments.readInOrderFrom == nil)
  }

  /// A segment with a column the segments before did not have is read again in order (its
  /// worker may not number columns); the column is reported as a single reader reports it and
  /// the segments after it are still read by workers.
  @Test func aNewColumnLateIsReadInOrder() throws {
    let bytes = Self.document(seed: 11, count: 400, trouble: .newColumnLate)
    let reader = try Self.segmented(bytes)
    var records: [RawRecord] = []
    while let r = try reader.next() { records.append(r) }
    #expect(records.count == 400)
    #expect(reader.report.layout.unknownColumns.contains("新栏目"))
    #expect(records.contains { $0.extras.contains { $0.hasPrefix("值") } })
    let segments = try #require(reader.segments)
    #expect(segments.readInOrder >= 1)
    #expect(segments.readInOrderFrom == nil)
    #expect(segments.used > 10)
  }

  /// A field longer than `maxRowBytes` sets its record aside wherever it is — also among the
  /// first records, read before the record element is decided (once it was not) — and what
  /// is kept of it does not depend on how the file was cut into chunks.
  @Test func aTooLongFieldIsRejectedWhateverTheChunks() throws {
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<名单>\n"
    for i in 0..<6 {
      let name = i == 1 ? String(repeating: "长", count: 200) + "x" : "人\(i)"
      text += "  <记录><姓名>\(name)</姓名><身份证号>1100001980010100\(10 + i)</身份证号></记录>\n"
    }
    text += "</名单>\n"
    var kept: Set<String> = []
    for chunk in [256, 300, 1 << 16] {
      var options = IngestOptions()
      options.chunkSize = chunk
      options.maxRowBytes = 512
      options.xmlLookahead = 3
      options.xmlWorkers = 1
      let (records, report) = try readAll(bytes: Array(text.utf8), options: options)
      #expect(records.count == 6)
      #expect(records.map { $0.rejection?.reason } == [nil, .rowTooLong, nil, nil, nil, nil], "chunk \(chunk)")
      #expect(report.rejectedRows.map(\.line) == [4])
      kept.insert(records[1][.name])
      #expect(records[1].rejection?.message.contains("512 bytes") == true)
    }
    #expect(kept == [String(repeating: "长", count: 170)])
  }

  /// A file that cannot be read to its end fails with the error, not with fewer records:
  /// reading ahead for the workers does not take an I/O error for the end of the file.
  @Test func anIOErrorWhileReadingAheadIsThrown() throws {
    /// Half the file, then one I/O error, then nothing (as if the end): the error must reach
    /// the caller, not read as a file cut short.
    final class Failing: ByteSource {
      let bytes: [UInt8]
      var offset = 0
      var failed = false
      init(_ bytes: [UInt8]) { self.bytes = bytes }
      func read(into: UnsafeMutablePointer<UInt8>, count: Int) throws -> Int {
        if offset >= bytes.count / 2 {
          if failed { return 0 }
          failed = true
          throw IngestError(file: "segments.xml", message: "I/O error")
        }
        let n = min(count, bytes.count / 2 - offset)
        bytes.withUnsafeBufferPointer { into.update(from: $0.baseAddress! + offset, count: n) }
        offset += n
        return n
      }
    }
    let bytes = Self.document(seed: 3, count: 400, trouble: .none)
    let reader = try XMLSegments.reader(
      source: Failing(bytes), file: "segments.xml", kind: .disability, matcher: Baseline.matcher,
      options: Self.segmentOptions, prefix: Array(bytes.prefix(256)))
    #expect(reader is XMLSegments)
    #expect(throws: IngestError.self) {
      while try reader.next() != nil {}
    }
  }

  /// Readers side by side share the cores: never more parser threads than asked for or than
  /// the cores divided among them, never fewer than one.
  @Test func readersSideBySideShareTheCores() {
    let cores = IngestOptions.processorCount
    #expect(IngestOptions(xmlWorkers: 4).sharingCores(among: 1).xmlWorkers == min(4, cores))
    #expect(IngestOptions(xmlWorkers: 4).sharingCores(among: 2).xmlWorkers == max(1, cores / 2))
    #expect(IngestOptions(xmlWorkers: 4).sharingCores(among: 1000).xmlWorkers == 1)
    #expect(IngestOptions(xmlWorkers: 1).sharingCores(among: 1).xmlWorkers == 1)
    #expect(IngestOptions(xmlWorkers: 3).sharingCores(among: 0).xmlWorkers == min(3, cores))
  }

  @Test func theProloguesEndIsTheRootsStartTag() {
    let p = XMLProlog(Array("\u{FEFF}<?xml version=\"1.0\"?>\n<!-- a > b -->\n<根 a=\"x>y\" b='/'>\n<记录/>".utf8))
    #expect(p?.name == "根")
    #expect(p.map { Array(Array("\u{FEFF}<?xml version=\"1.0\"?>\n<!-- a > b -->\n<根 a=\"x>y\" b='/'>".utf8)).count == $0.end } == true)
    #expect(XMLProlog(Array("<!DOCTYPE 根>\n<根>".utf8)) == nil)
    #expect(XMLProlog(Array("<根/>".utf8)) == nil)
    #expect(XMLProlog(Array("<根 a=\"1".utf8)) == nil)
    #expect(XMLProlog(Array("文本<根>".utf8)) == nil)
  }

  @Test func cutsFallOnlyBeforeAStartTagOfTheRecordName() {
    let bytes = Array("<记录x><记录 a><记录>".utf8)
    let marker = Array("<记录".utf8)
    #expect(XMLSegments.cut(bytes, after: 0, marker: marker) == 9)
    #expect(XMLSegments.cut(bytes, after: 10, marker: marker) == 19)
    #expect(XMLSegments.cut(bytes, after: 20, marker: marker) == nil)
    #expect(countNewlines(Array("a\nb\n\nc".utf8)[...]) == 3)
  }
}
