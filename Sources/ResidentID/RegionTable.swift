#if canImport(Glibc)
  import Glibc
#endif
/// The history of China's address codes (GB/T 2260) since 1981: every province-, prefecture- and
/// county-level code, the years it was in use, and its name in each period.
///
/// An identity number keeps the address code that was in force when it was issued, so a code
/// retired long ago is still a legitimate part of an ID (Xihe County has been 622527, 622627 and
/// 621225). The table answers "was this code ever in use, and what was it called in a given year".
///
/// ```swift
/// let xihe = RegionTable.standard.region(code: 622627, year: 1990)!
/// xihe.name == "甘肃省陇南地区西和县"
/// xihe.isInUse == false      // retired in 2004, replaced by 621225
/// xihe.successor == 621225
/// ```
///
/// The data is generated from `../shared/data/areacodes.csv` into
/// `RegionTable.generated.swift` by `scripts/generate-region-table.py`. Its format, one line per
/// period of a code, grouped under `#PPPP` lines giving the code's first four digits:
///
/// ```text
/// #6225                           codes 6225xx follow
/// 270105R=,西和县>622627           code 622527, 1981–1985, R(etired), same prefecture as the
///                                 previous explicit one, name 西和县, successor 622627
/// ```
///
/// `SS` and `EE` are years since 1980 (`--` when still in use); the status letter is `U` (在用, in
/// use), `R` (弃用, retired) or `C` (变更, changed: renamed, or moved to another code); the field
/// before the comma is the prefecture (二级行政区) of a county-level code: empty (none, or 直辖),
/// `=` (as the last explicit one) or a name.
public final class RegionTable: @unchecked Sendable {
  // @unchecked: every stored property is immutable after `init`; the buffers are owned by the
  // table (allocated in `init`, freed in `deinit`) and only read.

  /// The table generated from the `areacodes` data set.
  public static let standard = RegionTable(encoded: RegionTable.encoded)

  /// One period of a code: the years it was in use under one name.
  struct Period: Sendable {
    /// First year in use.
    var start: Int16
    /// The year it changed or was retired; `Int16.max` while still in use.
    var end: Int16
    var status: Status
    /// The code that replaced a retired one (0 when none or several).
    var successor: Int32
  }

  /// What the hot path needs about one code, in 8 bytes.
  struct CodeInfo {
    /// Index of its first period in `periods`.
    var firstPeriod: Int32
    /// First year in use.
    var firstYear: Int16
    var periodCount: UInt8
    /// True when the code is no longer in use.
    var retired: Bool
  }

  /// The status of a period, as in the data set's 状态 column.
  public enum Status: UInt8, Sendable {
    /// 在用: still in use.
    case inUse
    /// 弃用: retired at the period's end.
    case retired
    /// 变更: renamed or recoded at the period's end.
    case changed
  }

  /// The level of a code, from its shape: `XX0000` province, `XXXX00` prefecture, else county.
  public enum Level: Int, Sendable {
    case province, prefecture, county
  }

  /// Sorted distinct codes.
  let codes: [Int32]
  /// Per code, parallel to `codes`.
  let infos: [CodeInfo]
  /// The hot path's packed form of `codes` and `infos` (see ``RegionIndex``), owned here.
  let entries: UnsafeMutableBufferPointer<UInt32>
  /// Codes with first four digits `p` are `entries[prefixStart[p] ..< prefixStart[p + 1]]`.
  let prefixStart: UnsafeMutableBufferPointer<UInt16>
  /// Start years of the periods, parallel to `periods` (for the hot path).
  let periodStarts: UnsafeMutableBufferPointer<Int16>
  /// The names' UTF-8 bytes, one after the other; period `p`'s name is
  /// `nameBytes[nameStarts[p] ..< nameStarts[p + 1]]`.
  let nameBytes: UnsafeMutableBufferPointer<UInt8>
  let nameStarts: UnsafeMutableBufferPointer<Int32>
  /// Every period, grouped by code, each code's by start year.
  let periods: [Period]
  /// Full names (province + prefecture + county) of the periods, parallel to `periods`.
  let names: [String]
  /// The six-digit code of each period, parallel to `periods`: small strings, made once
  /// rather than for every record.
  let periodCodes: [String]
  /// The code of each period as a number, parallel to `periods`.
  let periodCodeNumbers: [Int32]

  /// Decodes a table in the format described above.
  init(encoded: String) {
    struct Row {
      var code: Int32
      var period: Period
      var prefecture: Substring
      var name: Substring
    }
    var rows: [Row] = []
    rows.reserveCapacity(7000)
    var group: Int32 = 0
    var lastPrefecture: Substring = ""
    for line in encoded.split(separator: "\n", omittingEmptySubsequences: true) {
      if line.first == "#" {
        group = Int32(line.dropFirst())!
        continue
      }
      let chars = Array(line.utf8.prefix(7))
      func num(_ a: Int, _ b: Int) -> Int { Int(chars[a] - 48) * 10 + Int(chars[b] - 48) }
      let code = group * 100 + Int32(num(0, 1))
      let start = Int16(1980 + num(2, 3))
      let end = chars[4] == UInt8(ascii: "-") ? Int16.max : Int16(1980 + num(4, 5))
      let status: Status =
        switch chars[6] {
        case UInt8(ascii: "U"): .inUse
        case UInt8(ascii: "R"): .retired
        default: .changed
        }
      let rest = line.dropFirst(7)
      let comma = rest.firstIndex(of: ",")!
      var prefecture = rest[..<comma]
      if prefecture == "=" {
        prefecture = lastPrefecture
      } else if !prefecture.isEmpty {
        lastPrefecture = prefecture
      }
      var name = rest[rest.index(after: comma)...]
      var successor: Int32 = 0
      if let gt = name.firstIndex(of: ">") {
        successor = Int32(name[name.index(after: gt)...]) ?? 0
        name = name[..<gt]
      }
      rows.append(
        Row(
          code: code, period: Period(start: start, end: end, status: status, successor: successor),
          prefecture: prefecture, name: name))
    }
    rows.sort { ($0.code, $0.period.start) < ($1.code, $1.period.start) }

    // Province names: the latest name of each XX0000 code.
    var provinceName = [Substring](repeating: "", count: 100)
    for row in rows where row.code % 10_000 == 0 {
      provinceName[Int(row.code / 10_000)] = row.name
    }

    var codes: [Int32] = []
    var infos: [CodeInfo] = []
    var periods: [Period] = []
    var names: [String] = []
    var periodCodes: [String] = []
    var periodCodeNumbers: [Int32] = []
    for row in rows {
      if codes.last != row.code {
        codes.append(row.code)
        infos.append(
          CodeInfo(
            firstPeriod: Int32(periods.count), firstYear: row.period.start, periodCount: 0,
            retired: false))
      }
      infos[infos.count - 1].periodCount += 1
      infos[infos.count - 1].retired = row.period.status != .inUse  // the latest period decides
      periods.append(row.period)
      periodCodes.append(RegionTable.sixDigits(row.code))
      periodCodeNumbers.append(row.code)
      let province = provinceName[Int(row.code / 10_000)]
      switch RegionTable.level(of: row.code) {
      case .province: names.append(String(row.name))
      case .prefecture: names.append(String(province + row.name))
      case .county: names.append(String(province + row.prefecture + row.name))
      }
    }

    precondition(codes.count < Int(UInt16.max) && periods.count < 1 << 13)
    var prefixStart = [UInt16](repeating: 0, count: 10_001)
    var i = 0
    for p in 0...10_000 {
      while i < codes.count && Int(codes[i] / 100) < p { i += 1 }
      prefixStart[p] = UInt16(i)
    }
    let entries = zip(codes, infos).map { code, info in
      RegionIndex.pack(
        suffix: Int(code % 100), firstPeriod: Int(info.firstPeriod),
        periodCount: Int(info.periodCount), retired: info.retired, firstYear: Int(info.firstYear))
    }
    func owned<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
      let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: array.count)
      _ = buffer.initialize(from: array)
      return buffer
    }
    self.codes = codes
    self.infos = infos
    self.entries = owned(entries)
    self.prefixStart = owned(prefixStart)
    self.periodStarts = owned(periods.map(\.start))
    var bytes: [UInt8] = []
    var starts: [Int32] = [0]
    // One extra name after the periods' names: Taiwan residents' permits (830000), a code the
    // data set does not list.
    for name in names + [RegionTable.taiwanPermitName] {
      bytes.append(contentsOf: name.utf8)
      starts.append(Int32(bytes.count))
    }
    self.nameBytes = owned(bytes)
    self.nameStarts = owned(starts)
    self.periods = periods
    self.names = names
    self.periodCodes = periodCodes
    self.periodCodeNumbers = periodCodeNumbers
  }

  /// `code` as six digits, leading zeros kept.
  static func sixDigits(_ code: Int32) -> String {
    let text = String(code)
    return String(repeating: "0", count: max(0, 6 - text.count)) + text
  }

  /// The six digits of `code` when period `period` is one of its periods (shared, not made
  /// again), else nil.
  func codeText(period: Int, code: Int32) -> String? {
    guard period >= 0, period < periodCodes.count, periodCodeNumbers[period] == code else { return nil }
    return periodCodes[period]
  }

  deinit {
    entries.deallocate()
    prefixStart.deallocate()
    periodStarts.deallocate()
    nameBytes.deallocate()
    nameStarts.deallocate()
  }

  /// The level a code's shape implies.
  @inlinable public static func level(of code: Int32) -> Level {
    if code % 10_000 == 0 { return .province }
    if code % 100 == 0 { return .prefecture }
    return .county
  }

  /// Number of distinct codes in the table.
  public var codeCount: Int { codes.count }

  /// Every code in the table, ascending.
  public var allCodes: [Int32] { codes }

  /// A trivially copyable view of the lookup arrays, for the hot path (no reference counting).
  /// Valid while the table lives; the engine uses the immortal ``standard`` table.
  var index: RegionIndex {
    RegionIndex(
      entries: entries, prefixStart: prefixStart, periodStarts: periodStarts,
      nameBytes: nameBytes, nameStarts: nameStarts)
  }

  /// The position of `code` in `codes`, or -1.
  func index(of code: Int32) -> Int {
    var lo = 0
    var hi = codes.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if codes[mid] < code { lo = mid + 1 } else { hi = mid }
    }
    return lo < codes.count && codes[lo] == code ? lo : -1
  }

  /// The index in `periods` of the period of code number `i` that was in force in `year`: the
  /// last one that started in or before it, or the first one for earlier years.
  func periodIndex(codeIndex i: Int, year: Int) -> Int {
    let first = Int(infos[i].firstPeriod)
    var best = first
    for p in first..<(first + Int(infos[i].periodCount)) where Int(periods[p].start) <= year {
      best = p
    }
    return best
  }

  /// First year code number `i` was in use.
  func firstYear(codeIndex i: Int) -> Int { Int(infos[i].firstYear) }

  /// The region name of Taiwan residents' residence permits (830000).
  static let taiwanPermitName = "台湾地区"

  /// The full name of a period, e.g. `甘肃省陇南市西和县` (or, at `index.taiwanPermitNameIndex`,
  /// ``taiwanPermitName``).
  func name(period: Int) -> String { period < names.count ? names[period] : RegionTable.taiwanPermitName }

  /// What the table says about one code in one year.
  public struct Region: Sendable, Hashable {
    /// The six-digit code.
    public var code: Int32
    public var level: Level
    /// The name in force in the requested year: province + prefecture + county, e.g.
    /// `甘肃省天水地区西和县`.
    public var name: String
    /// First year the code was in use (1981 means "in the first edition").
    public var firstYear: Int
    /// The year the code was retired, or nil while it is in use.
    public var retiredIn: Int?
    /// The code that replaced a retired one, when the data set names exactly one.
    public var successor: Int32?
    /// True when the code is in use today.
    public var isInUse: Bool { retiredIn == nil }
  }

  /// The code as it was in `year` (its nearest period when `year` is outside its history), or nil
  /// when the code was never in use since 1981.
  ///
  /// ```swift
  /// RegionTable.standard.region(code: 622527, year: 1983)?.name == "甘肃省天水地区西和县"
  /// RegionTable.standard.region(code: 999999, year: 2000) == nil
  /// ```
  public func region(code: Int32, year: Int) -> Region? {
    let i = index(of: code)
    guard i >= 0 else { return nil }
    let p = periodIndex(codeIndex: i, year: year)
    let info = infos[i]
    let last = periods[Int(info.firstPeriod) + Int(info.periodCount) - 1]
    let retired = info.retired
    return Region(
      code: code, level: RegionTable.level(of: code), name: names[p],
      firstYear: firstYear(codeIndex: i), retiredIn: retired ? Int(last.end) : nil,
      successor: retired && last.successor != 0 ? last.successor : nil)
  }

  /// The `ID_REGION_RETIRED` message for `code` as used by a person born in `year`; built once
  /// per period and kept, because most older persons' IDs carry a retired code and the message
  /// would otherwise be formatted millions of times in a province run.
  public func retiredMessage(code: Int32, year: Int) -> String? {
    let i = index(of: code)
    guard i >= 0, infos[i].retired else { return nil }
    let p = periodIndex(codeIndex: i, year: year)
    return retiredMessages.value[p]
  }

  /// ``retiredMessage(code:year:)`` when the period in force in that year is already known
  /// (an ID's parse found it): no search of the codes. Nil when `period` is not one of
  /// `code`'s periods or the code is in use.
  public func retiredMessage(period: Int, code: Int32) -> String? {
    guard period >= 0, period < periodCodeNumbers.count, periodCodeNumbers[period] == code else { return nil }
    return retiredMessages.value[period]
  }

  /// Messages per period: built once (a static `let` is initialized exactly once, thread-safely)
  /// for the standard table, on demand for any other.
  private var retiredMessages: RetiredMessages {
    self === RegionTable.standard ? RegionTable.standardRetired : RegionTable.buildRetired(self)
  }

  private final class RetiredMessages: Sendable {
    let value: [String?]
    init(_ value: [String?]) { self.value = value }
  }

  private static let standardRetired = buildRetired(standard)

  private static func buildRetired(_ table: RegionTable) -> RetiredMessages {
    var out = [String?](repeating: nil, count: table.periods.count)
    for (i, code) in table.codes.enumerated() where table.infos[i].retired {
      let first = Int(table.infos[i].firstPeriod)
      for p in first..<(first + Int(table.infos[i].periodCount)) {
        let year = Int(table.periods[p].start)
        guard let r = table.region(code: code, year: year), let retired = r.retiredIn else { continue }
        let successor = r.successor.map { ", now \($0)" } ?? ""
        out[p] = "the address code \(code) (\(r.name)) was retired in \(retired)\(successor)"
      }
    }
    return RetiredMessages(out)
  }

  /// The name of `code` in `year`, or nil when the code is unknown.
  ///
  /// ```swift
  /// RegionTable.standard.name(of: 621225, in: 2010) == "甘肃省陇南市西和县"
  /// ```
  public func name(of code: Int32, in year: Int) -> String? {
    region(code: code, year: year)?.name
  }
}

/// The lookup arrays of a ``RegionTable`` as plain pointers: copying it costs nothing and
/// using it needs no reference counting. Read-only.
///
/// Each code is one packed `UInt32` entry (the whole index is about 46 KB, so it stays in the
/// first-level cache): bits 0–6 the code's last two digits, 7–19 its first period, 20–22 its
/// number of periods, 23 retired, 24–29 its first year − 1980. Entries are found through the
/// code's first four digits (`prefixStart`). 0 means "no such code".
struct RegionIndex: @unchecked Sendable {
  // @unchecked: the pointers are into a RegionTable's buffers, which are immutable; the engine
  // only holds views of `RegionTable.standard`, which is never freed.
  let entries: UnsafeMutableBufferPointer<UInt32>
  let prefixStart: UnsafeMutableBufferPointer<UInt16>
  let periodStarts: UnsafeMutableBufferPointer<Int16>
  let nameBytes: UnsafeMutableBufferPointer<UInt8>
  let nameStarts: UnsafeMutableBufferPointer<Int32>

  /// The index of the standard table.
  static let standard = RegionTable.standard.index

  /// The index of the Taiwan permits' name (see ``RegionTable/taiwanPermitName``).
  var taiwanPermitNameIndex: Int { nameStarts.count - 2 }

  /// The UTF-8 bytes of period `p`'s full name (or of `taiwanPermitNameIndex`).
  @inline(__always)
  func nameUTF8(period p: Int) -> UnsafeBufferPointer<UInt8> {
    let start = Int(nameStarts[p])
    return UnsafeBufferPointer(
      start: nameBytes.baseAddress! + start, count: Int(nameStarts[p + 1]) - start)
  }

  static func pack(suffix: Int, firstPeriod: Int, periodCount: Int, retired: Bool, firstYear: Int)
    -> UInt32
  {
    precondition(
      (0..<100).contains(suffix) && firstPeriod < 1 << 13 && (1..<8).contains(periodCount)
        && (1980..<2044).contains(firstYear))
    return UInt32(suffix) | UInt32(firstPeriod) << 7 | UInt32(periodCount) << 20
      | (retired ? 1 << 23 : 0) | UInt32(firstYear - 1980) << 24
  }

  /// The entry of `code`, or 0 when the table does not have it.
  @inline(__always)
  func entry(of code: Int32) -> UInt32 {
    guard code >= 0 && code < 1_000_000 else { return 0 }
    let p = Int(code / 100)
    let suffix = UInt32(code % 100)
    var i = Int(prefixStart[p])
    let end = Int(prefixStart[p + 1])
    while i < end {
      let e = entries[i]
      let s = e & 0x7F
      if s >= suffix { return s == suffix ? e : 0 }
      i += 1
    }
    return 0
  }

  /// First year the code was in use.
  @inline(__always)
  static func firstYear(_ e: UInt32) -> Int { 1980 + Int(e >> 24 & 0x3F) }

  /// True when the code is no longer in use.
  @inline(__always)
  static func isRetired(_ e: UInt32) -> Bool { e & (1 << 23) != 0 }

  /// The index in the table's periods of the period in force in `year`: the last one that
  /// started in or before it, or the first one for earlier years.
  @inline(__always)
  func periodIndex(_ e: UInt32, year: Int) -> Int {
    let first = Int(e >> 7 & 0x1FFF)
    let count = Int(e >> 20 & 0x7)
    if count == 1 { return first }
    var best = first
    for p in (first + 1)..<(first + count) {
      if Int(periodStarts[p]) <= year { best = p } else { break }
    }
    return best
  }
}

