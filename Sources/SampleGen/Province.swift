import ResidentID

/// One county of the generated province: its current code and name, the address codes its
/// residents' IDs carry (the codes it has had since 1981, each with its years), and its
/// townships and villages (made up, deterministic from the seed).
public struct CountySpec: Sendable {
  /// Position in the selection order (0 = the first county generated).
  public let index: Int
  /// The code in use today, e.g. 621225.
  public let code: Int32
  /// The county's name, e.g. 西和县.
  public let name: String
  /// The codes the county's IDs carry, oldest first: (code, first year, year retired or nil).
  public let codes: [(code: Int32, start: Int, end: Int?)]
  /// Relative size.
  public let weight: Double

  /// The name without 县 for counties written that way in some sheets (西和县 → 西和), or nil.
  var shortName: String? {
    guard name.hasSuffix("县"), !name.hasSuffix("自治县"), name.count >= 3 else { return nil }
    return String(name.dropLast())
  }

  /// The address code in force in `year` (the code of first registration; people born before
  /// 1981 carry the first code of 1981).
  func code(forYear year: Int, rng: inout SampleRandom) -> Int32 {
    let inForce = codes.filter { $0.start <= year && year < ($0.end ?? Int.max) }
    if !inForce.isEmpty { return inForce[inForce.count == 1 ? 0 : rng.below(inForce.count)].code }
    if let latest = codes.filter({ $0.start <= year }).max(by: { $0.start < $1.start }) {
      return latest.code
    }
    let first = codes.min { $0.start < $1.start }!
    return first.code
  }
}

/// A county outside the run's jurisdiction, for persons listed in the wrong county's roster.
struct OutsideCounty: Sendable {
  let code: Int32
  let name: String
}

/// The counties of a province, from `RegionTable.standard`, in a fixed selection order, and
/// the jurisdiction of a run over the first `k` of them.
public struct ProvinceLayout: Sendable {
  public let province: Int
  public let provinceName: String
  /// The selected counties, in selection order.
  public let counties: [CountySpec]
  /// Every code the selected counties' IDs may carry (current and former).
  public let jurisdictionCodes: [String]
  /// The selected counties' names.
  public let jurisdictionNames: [String]
  let outside: [OutsideCounty]

  /// Provinces next to each province, for persons from outside (falls back to Shaanxi, Qinghai,
  /// Ningxia, Sichuan).
  static let neighbours: [Int: [Int]] = [62: [61, 63, 64, 51, 15, 65]]

  /// The county each province's selection starts with (Xihe County for Gansu, the county of
  /// `SampleData/`).
  static let firstCounty: [Int: Int32] = [62: 621225]

  public enum LayoutError: Error, CustomStringConvertible {
    case noCounties(Int)
    public var description: String {
      switch self {
      case .noCounties(let p): "province code \(p) has no county-level codes in use"
      }
    }
  }

  /// The layout of `province` (two digits, e.g. 62) with the first `count` counties (nil: all).
  public init(province: Int, count: Int?, seed: UInt64) throws {
    let table = RegionTable.standard
    self.province = province
    provinceName = table.region(code: Int32(province * 10_000), year: 2100)?.name ?? "\(province)"
    let all = ProvinceLayout.currentCounties(of: province, table: table)
    guard !all.isEmpty else { throw LayoutError.noCounties(province) }
    var ordered = all
    if let first = ProvinceLayout.firstCounty[province], let i = ordered.firstIndex(where: { $0 == first }) {
      ordered.remove(at: i)
      ordered.insert(first, at: 0)
    }
    let k = min(max(1, count ?? ordered.count), ordered.count)
    let predecessors = ProvinceLayout.predecessors(table: table)
    var counties: [CountySpec] = []
    for (i, code) in ordered.prefix(k).enumerated() {
      var chain: [(code: Int32, start: Int, end: Int?)] = []
      var stack = [code]
      var seen = Set<Int32>()
      while let c = stack.popLast() {
        guard seen.insert(c).inserted, let r = table.region(code: c, year: 2100) else { continue }
        chain.append((c, r.firstYear, r.retiredIn))
        stack.append(contentsOf: predecessors[c] ?? [])
      }
      chain.sort { ($0.start, $0.code) < ($1.start, $1.code) }
      var rng = SampleRandom(seed: seed, stream: UInt64(code) &* 31 &+ 7)
      let isDistrict = ProvinceLayout.countyName(code, table: table).hasSuffix("区")
      let weight = (0.45 + rng.unit() * 1.1) * (isDistrict ? 1.2 : 1.0)
      counties.append(
        CountySpec(
          index: i, code: code, name: ProvinceLayout.countyName(code, table: table), codes: chain,
          weight: weight))
    }
    self.counties = counties
    var codes = Set<String>()
    for c in counties { for m in c.codes { codes.insert(String(m.code)) } }
    jurisdictionCodes = codes.sorted()
    jurisdictionNames = counties.map(\.name)

    // Outside: the other counties of the province, then neighbouring provinces'.
    var outside: [OutsideCounty] = []
    let selected = Set(counties.map(\.code))
    var candidates = all.filter { !selected.contains($0) }
    for p in ProvinceLayout.neighbours[province] ?? [61, 63, 64, 51] where p != province {
      candidates += ProvinceLayout.currentCounties(of: p, table: table)
    }
    let jurisdiction = Jurisdiction(codes: jurisdictionCodes, names: jurisdictionNames)
    for c in candidates {
      let name = ProvinceLayout.countyName(c, table: table)
      guard !name.isEmpty, !jurisdiction.contains(county: name),
        !jurisdiction.codes.contains(String(c))
      else { continue }
      outside.append(OutsideCounty(code: c, name: name))
    }
    self.outside = outside
  }

  /// Current county-level codes of a province, ascending.
  static func currentCounties(of province: Int, table: RegionTable) -> [Int32] {
    table.allCodes.filter { code in
      Int(code / 10_000) == province && RegionTable.level(of: code) == .county
        && table.region(code: code, year: 2100)?.isInUse == true
    }
  }

  /// Retired codes by the code that replaced them.
  static func predecessors(table: RegionTable) -> [Int32: [Int32]] {
    var out: [Int32: [Int32]] = [:]
    for code in table.allCodes where RegionTable.level(of: code) == .county {
      guard let r = table.region(code: code, year: 2100), let s = r.successor else { continue }
      out[s, default: []].append(code)
    }
    return out
  }

  /// The county's own name (the full name without province and prefecture).
  static func countyName(_ code: Int32, table: RegionTable) -> String {
    guard let full = table.region(code: code, year: 2100)?.name else { return "" }
    var name = Substring(full)
    if let p = table.region(code: code / 10_000 * 10_000, year: 2100)?.name, name.hasPrefix(p) {
      name = name.dropFirst(p.count)
    }
    if let pref = table.region(code: code / 100 * 100, year: 2100)?.name {
      var short = Substring(pref)
      if let p = table.region(code: code / 10_000 * 10_000, year: 2100)?.name, short.hasPrefix(p) {
        short = short.dropFirst(p.count)
      }
      if !short.isEmpty, name.hasPrefix(short), name.count > short.count { name = name.dropFirst(short.count) }
    }
    return String(name)
  }
}

/// The jurisdiction of a run as the contract's verifier reads it: a county column naming one of
/// the names (or its form without 县/区/市/旗, or a code) is inside; a blank county column falls
/// back to the ID's address code.
struct Jurisdiction: Sendable {
  let codes: Set<String>
  let names: Set<String>
  private let stripped: Set<String>

  init(codes: [String], names: [String]) {
    self.codes = Set(codes)
    self.names = Set(names.map(Jurisdiction.key))
    stripped = Set(names.compactMap { Jurisdiction.withoutSuffix(Jurisdiction.key($0)) })
  }

  func contains(county text: String) -> Bool {
    let k = Jurisdiction.key(text)
    if names.contains(k) || codes.contains(k) { return true }
    if let s = Jurisdiction.withoutSuffix(k), names.contains(s) { return true }
    return stripped.contains(k)
  }

  /// Inside when the county text says so, or (blank county) when the ID's code is listed.
  func inside(countyText: String, regionCode: String) -> Bool {
    if !Jurisdiction.key(countyText).isEmpty { return contains(county: countyText) }
    if regionCode.isEmpty || codes.isEmpty { return true }
    return codes.contains(regionCode)
  }

  static func key(_ s: String) -> String {
    String(s.unicodeScalars.filter { !$0.properties.isWhitespace && $0 != "\u{3000}" }.map(Character.init))
  }

  static func withoutSuffix(_ s: String) -> String? {
    for suffix in ["自治县", "县", "区", "市", "旗"] where s.hasSuffix(suffix) && s.count > suffix.count + 1 {
      return String(s.dropLast(suffix.count))
    }
    return nil
  }
}
