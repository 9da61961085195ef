import RosterCore
import Foundation
import Pipeline
import ResidentID

/// Benchmarks of the ID engine and of `rostercheck id`, on realistic generated data.
///
///   swift run -c release rostercheck-bench id-engine          # IDEngine.parse, clean IDs
///   swift run -c release rostercheck-bench id-engine-typed    # a mix as typed in rosters
///   swift run -c release rostercheck-bench id-command         # `rostercheck id` on 1M lines
enum IDBench {
  static let referenceDate = CalendarDate(year: 2026, month: 1, day: 1)!

  static var engine: Benchmark {
    Benchmark(
      name: "id-engine", unit: "IDs",
      summary: "IDEngine.parse on 1M distinct clean 18-character IDs, 10 passes"
    ) { _ in
      let engine = IDEngine(referenceDate: referenceDate)
      let ids = cleanIDs
      var valid = 0
      for _ in 0..<10 {
        for id in ids where engine.parse(id).isValid { valid += 1 }
      }
      precondition(valid == ids.count * 10, "generated IDs must all be valid")
      return ids.count * 10
    }
  }

  static var engineTyped: Benchmark {
    Benchmark(
      name: "id-engine-typed", unit: "IDs",
      summary: "IDEngine.read on 1M values as typed (artefacts, legacy, typos, junk), 3 passes"
    ) { _ in
      let engine = IDEngine(referenceDate: referenceDate)
      let values = typedValues
      var valid = 0
      for _ in 0..<3 {
        for value in values {
          if case .id(let id) = engine.read(value), id.isValid { valid += 1 }
        }
      }
      precondition(valid > 0)
      return values.count * 3
    }
  }

  static var command: Benchmark {
    Benchmark(
      name: "id-command", unit: "lines",
      summary: "`rostercheck id` (in process) on a 1M-line file, output to /dev/null"
    ) { arguments in
      let path = arguments.first ?? lineFile
      let devNull = open("/dev/null", O_WRONLY)
      defer { close(devNull) }
      let summary = try Commands.checkIDs(path: path, asOf: referenceDate, output: devNull)
      return summary.lines
    }
  }

  // MARK: Data

  static let countyCodes = RegionTable.standard.allCodes.filter {
    RegionTable.level(of: $0) == .county
  }

  static func cleanID(_ r: inout SplitMix) -> String {
    let code = countyCodes[r.int(0..<countyCodes.count)]
    let date = CalendarDate(daysSinceEpoch: r.int(-25_000..<20_000))  // 1901…2024
    var body = String(code)
    body += String(date.year)
    body += date.month < 10 ? "0\(date.month)" : String(date.month)
    body += date.day < 10 ? "0\(date.day)" : String(date.day)
    let seq = r.int(0..<1000)
    body += seq < 10 ? "00\(seq)" : seq < 100 ? "0\(seq)" : String(seq)
    return body + String(IDChecksum.checkCharacter(for: body)!)
  }

  static let cleanIDs: [String] = {
    var r = SplitMix(seed: 2026)
    return (0..<1_000_000).map { _ in cleanID(&r) }
  }()

  /// Values as they come in rosters: mostly clean, some typed with artefacts, legacy IDs,
  /// typos, Excel damage and junk.
  static func typedValue(_ r: inout SplitMix) -> String {
    let id = cleanID(&r)
    switch r.int(0..<100) {
    case 0..<88: return id
    case 88..<91: return id.prefix(6) + " " + id.dropFirst(6)
    case 91..<93:
      return String(
        id.unicodeScalars.map {
          $0.value < 0x3A ? Character(Unicode.Scalar($0.value + 0xFEE0)!) : "Ｘ"
        })
    case 93..<96:
      return IDChecksum.legacy15(from: id) ?? id
    case 96..<98:
      var chars = Array(id)
      chars[r.int(0..<17)] = "7"
      return String(chars)
    case 98: return id.prefix(15) + "000"
    default: return ["", "张三", "6.21225E+17", "无", "13800000000"][r.int(0..<5)]
    }
  }

  static let typedValues: [String] = {
    var r = SplitMix(seed: 11643)
    return (0..<1_000_000).map { _ in typedValue(&r) }
  }()

  /// `Benchmarks/data/ids-1M.txt`, written on first use (the folder is git-ignored).
  static let lineFile: String = {
    let path = "Benchmarks/data/ids-1M.txt"
    if FileManager.default.fileExists(atPath: path) { return path }
    try? FileManager.default.createDirectory(
      atPath: "Benchmarks/data", withIntermediateDirectories: true)
    var r = SplitMix(seed: 1999)
    var text = ""
    text.reserveCapacity(22_000_000)
    for _ in 0..<1_000_000 {
      text += typedValue(&r)
      text += "\n"
    }
    _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    return path
  }()
}
