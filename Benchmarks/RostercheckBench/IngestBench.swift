import RosterCore
import Foundation
@_spi(Benchmarks) import Ingest
import Pipeline

// Ingest benchmarks: CSV (UTF-8, GB18030) and XML into records, and memory on big files.
//   swift run -c release rostercheck-bench ingest-csv-utf8 [MB]
//   swift run -c release rostercheck-bench ingest-csv-gb18030 [MB]
//   swift run -c release rostercheck-bench ingest-xml [RECORDS] [WORKERS]
//   swift run -c release rostercheck-bench ingest-memory MB      (compare 10 and 1000)
// The files are generated once into /tmp/rostercheck-bench/.

enum IngestBench {
  static let directory = "/tmp/rostercheck-bench"

  nonisolated(unsafe) static let benchmarks: [Benchmark] = [
    Benchmark(
      name: "ingest-csv-utf8", unit: "bytes",
      summary: "UTF-8 CSV into records, one core (arg: MB, default 200); prints rows/s too",
      run: { args in try readCSV(megabytes: Int(args.first ?? "") ?? 200, encoding: .utf8) }),
    Benchmark(
      name: "ingest-csv-gb18030", unit: "bytes",
      summary: "GB18030 CSV into records, one core (arg: MB, default 200)",
      run: { args in try readCSV(megabytes: Int(args.first ?? "") ?? 200, encoding: .gb18030) }),
    Benchmark(
      name: "ingest-xml", unit: "records",
      summary:
        "XML (child elements) into records (args: records, default 1000000; parser threads, default the cores up to 4, 1 = in order)",
      run: { args in
        try readXML(records: Int(args.first ?? "") ?? 1_000_000, workers: args.count > 1 ? Int(args[1]) : nil)
      }),
    Benchmark(
      name: "ingest-xml-attributes", unit: "records",
      summary: "XML with ASCII attribute names (<person name=… id_number=…/>) (args as ingest-xml)",
      run: { args in
        try readXML(
          records: Int(args.first ?? "") ?? 1_000_000, attributes: true,
          workers: args.count > 1 ? Int(args[1]) : nil)
      }),
    Benchmark(
      name: "utf8-validate", unit: "bytes",
      summary: "the CSV reader's UTF-8 check, row by row over the 200 MB UTF-8 CSV: vector (AVX2, else SSSE3) against word-at-a-time, alternating",
      run: { _ in try validateUTF8() }),
    Benchmark(
      name: "ingest-floor", unit: "rows",
      summary: "the floor: build 1.4M RawRecords of 14 fields from rows already split, no parsing",
      run: { _ in floor() }),
    Benchmark(
      name: "ingest-memory", unit: "bytes",
      summary: "read a UTF-8 CSV of MB megabytes without keeping records: compare peak RSS of 10 and 1000",
      run: { args in try readCSV(megabytes: Int(args.first ?? "") ?? 10, encoding: .utf8) }),
  ]

  static let matcher = HeaderMatcher(aliases: [
    .name: ["姓名"], .idNumber: ["身份证号"], .sex: ["性别"], .birthDate: ["出生日期"],
    .category: ["对象类别"], .householdID: ["户编号"], .relation: ["与户主关系"], .county: ["县区"],
    .township: ["乡镇"], .village: ["村"], .status: ["保障状态"], .supportMode: ["供养方式"],
    .phone: ["联系电话"],
  ])

  static func readCSV(megabytes: Int, encoding: TextEncoding) throws -> Int {
    let path = try csvFile(megabytes: megabytes, encoding: encoding)
    let reader = try RosterReader(path: path, source: .civilAffairs, matcher: matcher)
    var rows = 0
    var checksum = 0
    let start = DispatchTime.now().uptimeNanoseconds
    while let record = try reader.next() {
      rows += 1
      checksum &+= record.withUTF8(.idNumber) { $0.count }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let report = reader.report
    precondition(report.rejectedCount == 0 && checksum > 0)
    print(
      String(
        format: "  %@ %@: %d rows in %.3f s = %@ rows/s, %.1f MB/s", path,
        report.encoding.displayName, rows, seconds, Harness.formatRate(Double(rows) / seconds),
        Double(report.bytesRead) / seconds / 1e6))
    return report.bytesRead
  }

  /// Checks every row of the UTF-8 CSV as the reader does, five rounds of each kernel in turn;
  /// prints the best round of each.
  static func validateUTF8() throws -> Int {
    let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: csvFile(megabytes: 200, encoding: .utf8))))
    var rows: [Range<Int>] = []
    var start = 0
    for (i, b) in bytes.enumerated() where b == 0x0A {
      rows.append(start..<i + 1)
      start = i + 1
    }
    var best = [Double](repeating: .infinity, count: 2)
    for _ in 0..<5 {
      for (k, vector) in [true, false].enumerated() {
        let begin = DispatchTime.now().uptimeNanoseconds
        var valid = 0
        bytes.withUnsafeBufferPointer { b in
          for r in rows where UTF8Check.isValid(UnsafeBufferPointer(rebasing: b[r]), vector: vector) { valid += 1 }
        }
        precondition(valid == rows.count)
        best[k] = min(best[k], Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9)
      }
    }
    print(
      String(
        format: "  %d rows, %d bytes: vector %.3f s = %.2f GB/s, word-at-a-time %.3f s = %.2f GB/s",
        rows.count, bytes.count, best[0], Double(bytes.count) / best[0] / 1e9, best[1],
        Double(bytes.count) / best[1] / 1e9))
    return bytes.count
  }

  /// Builds records the way the CSV reader does, from rows already split: the row's bytes
  /// copied once into its cells and each field a range of them — what any reader producing
  /// `RawRecord`s pays at least.
  static func floor() -> Int {
    var rng = SplitMix(seed: 1)
    let rows = (0..<1000).map { i -> (bytes: [UInt8], fields: [Range<Int>]) in
      let bytes = Array(row(&rng, i).dropLast(2).utf8)
      var fields: [Range<Int>] = []
      var start = 0
      for (j, b) in bytes.enumerated() where b == 0x2C {
        fields.append(start..<j)
        start = j + 1
      }
      fields.append(start..<bytes.count)
      return (bytes, fields)
    }
    let cells = RawCellsBuilder()
    var checksum = 0
    let count = 1_426_770
    for i in 0..<count {
      let row = rows[i % rows.count]
      cells.reset()
      row.bytes.withUnsafeBufferPointer { cells.append($0.baseAddress!, $0.count) }
      for (j, f) in row.fields.prefix(13).enumerated() where !f.isEmpty {
        cells.setSlot(j, start: f.lowerBound, count: f.count)
      }
      let record = RawRecord(
        provenance: Provenance(source: .civilAffairs, file: "a.csv", line: i + 2), cells: cells.make())
      checksum &+= record.withUTF8(.idNumber) { $0.count }
    }
    precondition(checksum > 0)
    return count
  }

  static func readXML(records: Int, attributes: Bool = false, workers: Int? = nil) throws -> Int {
    let path = try xmlFile(records: records, attributes: attributes)
    var options = IngestOptions()
    if let workers { options.xmlWorkers = workers }
    let reader = try RosterReader(path: path, source: .disability, matcher: matcher, options: options)
    var count = 0
    var checksum = 0
    while let record = try reader.next() {
      count += 1
      checksum &+= record.withUTF8(.idNumber) { $0.count }
    }
    precondition(reader.report.stoppedBy == nil && checksum > 0 && count == records)
    return count
  }

  // MARK: Data

  static let surnames = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "马", "欧阳"]
  static let given = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟"]
  static let categories = ["孤儿", "事实无人抚养儿童", "特困人员", "特困供养人员", "低保", "五保户"]
  static let townships = ["汉源镇", "何坝镇", "姜席镇", "石峡镇", "洛峪镇", "西高山镇", "十里镇"]
  static let villages = ["城关村", "北关村", "何坝村", "姜席村", "石峡村", "大柳村", "蒿林村", "草滩村"]
  static let relations = ["户主", "配偶", "子女", "孙子女", "父母", "本人"]
  static let statuses = ["在保", "正常", "停保"]
  static let modes = ["分散供养", "集中供养", "社会散居", "机构养育"]
  static let header = "姓名,身份证号,性别,出生日期,对象类别,户编号,与户主关系,县区,乡镇,村,保障状态,供养方式,联系电话,备注\r\n"

  /// One roster row. Rows come as exports do: by township and village, household members
  /// together (a household shares its number, category and support mode).
  static func row(_ rng: inout SplitMix, _ i: Int) -> String {
    let household = i / 3
    var h = SplitMix(seed: UInt64(household) &* 0x9E37)
    let township = townships[(i / 2000) % townships.count]
    let village = villages[(i / 250) % villages.count]
    let category = h.pick(categories)
    let mode = h.pick(modes)
    let year = 1940 + rng.int(80)
    let month = 1 + rng.int(12)
    let day = 1 + rng.int(28)
    let date = String(format: "%04d-%02d-%02d", year, month, day)
    let id = String(format: "621225%04d%02d%02d%03d%@", year, month, day, rng.int(1000), rng.int(11) == 10 ? "X" : String(rng.int(10)))
    let idCell = rng.int(4) == 0 ? "=\"\(id)\"" : id
    let note = rng.int(10) == 0 ? "\"父母双亡,由祖父母抚养\"" : ""
    return [
      rng.pick(surnames) + rng.pick(given) + (rng.int(2) == 0 ? rng.pick(given) : ""), idCell,
      rng.int(2) == 0 ? "男" : "女", date, category, "H\(100_000 + household)",
      i % 3 == 0 ? "户主" : rng.pick(relations), "西和县", township, village,
      rng.int(20) == 0 ? "停保" : "在保", mode, "13\(100_000_000 + rng.int(900_000_000))", note,
    ].joined(separator: ",") + "\r\n"
  }

  static func csvFile(megabytes: Int, encoding: TextEncoding) throws -> String {
    let path = "\(directory)/roster2-\(megabytes)MB-\(encoding.rawValue).csv"
    if FileManager.default.fileExists(atPath: path) { return path }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let tmp = path + ".part"
    _ = FileManager.default.createFile(atPath: tmp, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp))
    let target = megabytes * 1_000_000
    var written = 0
    var rng = SplitMix(seed: 42)
    var i = 0
    var block = header
    while written < target {
      while block.utf8.count < 1 << 20 {
        block += row(&rng, i)
        i += 1
      }
      let data = encoding == .gb18030 ? Data(toGB18030(block)) : Data(block.utf8)
      try handle.write(contentsOf: data)
      written += data.count
      block = ""
    }
    try handle.close()
    try FileManager.default.moveItem(atPath: tmp, toPath: path)
    return path
  }

  /// GB18030 bytes through glibc's iconv.
  static func toGB18030(_ s: String) -> [UInt8] {
    let cd = iconv_open("GB18030", "UTF-8")
    defer { iconv_close(cd) }
    var input = Array(s.utf8)
    var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
    var inLeft = input.count
    var outLeft = output.count
    input.withUnsafeMutableBufferPointer { inBuf in
      output.withUnsafeMutableBufferPointer { outBuf in
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!)
          .assumingMemoryBound(to: CChar.self)
        var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!)
          .assumingMemoryBound(to: CChar.self)
        _ = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
      }
    }
    return Array(output.prefix(output.count - outLeft))
  }

  static let attributeNames = [
    "name", "id_number", "sex", "birth_date", "category", "household_id", "relation", "county",
    "township", "village", "status", "support_mode", "phone", "note",
  ]

  static func xmlFile(records: Int, attributes: Bool) throws -> String {
    let path = "\(directory)/roster2-\(records)-\(attributes ? "attributes" : "elements").xml"
    if FileManager.default.fileExists(atPath: path) { return path }
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let tmp = path + ".part"
    _ = FileManager.default.createFile(atPath: tmp, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: tmp))
    var rng = SplitMix(seed: 7)
    let tags = header.dropLast(2).split(separator: ",").map(String.init)
    var block = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<残疾人名单>\n"
    for i in 0..<records {
      let cells = row(&rng, i).dropLast(2).split(separator: ",", omittingEmptySubsequences: false)
      var values: [String] = []
      for cell in cells {
        var v = String(cell)
        if v.hasPrefix("=\"") { v = String(v.dropFirst(2).dropLast()) }
        if v.hasPrefix("\"") { v = String(v.dropFirst().dropLast()) }
        values.append(v)
      }
      if attributes {
        block += "  <person"
        for (name, v) in zip(attributeNames, values) where !v.isEmpty { block += " \(name)=\"\(v)\"" }
        block += "/>\n"
      } else {
        block += "  <记录>"
        for (tag, v) in zip(tags, values) where !v.isEmpty { block += "<\(tag)>\(v)</\(tag)>" }
        block += "</记录>\n"
      }
      if block.utf8.count > 1 << 20 {
        try handle.write(contentsOf: Data(block.utf8))
        block = ""
      }
    }
    block += "</残疾人名单>\n"
    try handle.write(contentsOf: Data(block.utf8))
    try handle.close()
    try FileManager.default.moveItem(atPath: tmp, toPath: path)
    return path
  }
}
