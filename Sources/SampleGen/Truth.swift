import Dispatch
import RosterCore

/// The expected disposition of a record (§6 of the data contract).
public enum ExpectedDisposition: UInt8, CaseIterable, Sendable {
  case paired, merged, excluded, rejected
  public var name: String {
    switch self {
    case .paired: "paired"
    case .merged: "merged"
    case .excluded: "excluded"
    case .rejected: "rejected"
    }
  }
  public init?(name: some StringProtocol) {
    switch name {
    case "paired": self = .paired
    case "merged": self = .merged
    case "excluded": self = .excluded
    case "rejected": self = .rejected
    default: return nil
    }
  }
}

/// Where a record is: source (0 civil affairs, 1 disability, 2 deaths), file rank within the
/// source (files sorted by name), line. Ordered as the contract's provenance order.
struct RecordRef: Hashable, Comparable {
  var source: UInt8
  var file: UInt16
  var line: Int32
  static func < (a: RecordRef, b: RecordRef) -> Bool {
    (a.source, a.file, a.line) < (b.source, b.file, b.line)
  }
}

/// What the contract makes of one roster record: the meaning of its cells.
struct Meaning {
  var ref: RecordRef
  var rejected = false
  /// The normalized ID is valid.
  var valid = false
  /// The 17 leading digits of the (cleaned) ID, when it has the shape of an 18-character ID.
  var body: UInt64 = 0
  var last: UInt8 = 0
  /// A rejected record whose ID could be corrected into another's ("did you mean").
  var correctable = false
  var nameKey = ""
  var categories = CategorySet()
  var status: SupportStatus?
  var institutional = false
  var hardship: Hardship?
  var grade: Int?
  /// Scoped household key ("" when none).
  var household = ""
  var isHead = false
  var village = ""
  var outside = false
  var fromDisability = false
  // Verify
  var eligibleAs = CategorySet()
  var noQualifyingHardship = false
  var dead = false
}

/// A pipeline person (one valid normalized ID) reduced to what probable-duplicate detection
/// across the province needs.
struct PersonKey {
  var body: UInt64
  /// Hash of the representative's name key (0 when it has none).
  var name: UInt64
  /// Hash of the address village ("" → 0).
  var village: UInt64
  var inUnit: Bool
  var representative: RecordRef
}

/// A rejected roster record with an 18-character ID that might be corrected into a person's.
struct CorrectionCandidate {
  var id: [UInt8]
  var name: UInt64
  var ref: RecordRef
}

/// The truth of one county: dispositions of its roster records, its persons and candidates.
struct CountyTruth {
  var civil: [ExpectedDisposition]
  var disability: [ExpectedDisposition]
  var persons: [PersonKey]
  var candidates: [CorrectionCandidate]
  var units = 0
  var subjects = 0
}

/// Applies the contract (§4, §5; `docs/architecture.md`, "Semantics shared by the stages") to a
/// planned county.
struct TruthBuilder {
  let renderer: CountyRenderer
  let jurisdiction: Jurisdiction
  let asOf: CalendarDate
  let civilFile: UInt16
  let disabilityFile: UInt16
  let civilLines: [Int32]
  let disabilityLines: [Int32]
  /// Bodies of IDs whose death (dated on or before the reference date) is in the deaths list.
  let deadBodies: Set<UInt64>
  /// The county column of the county's own records names a county of the jurisdiction.
  let countyInside: Bool
  let jurisdictionCodes: Set<Int32>
  /// Scoped household keys, by household.
  let householdKeys: [String]

  init(
    renderer: CountyRenderer, jurisdiction: Jurisdiction, asOf: CalendarDate, civilFile: UInt16,
    disabilityFile: UInt16, civilLines: [Int32], disabilityLines: [Int32], deadBodies: Set<UInt64>
  ) {
    self.renderer = renderer
    self.jurisdiction = jurisdiction
    self.asOf = asOf
    self.civilFile = civilFile
    self.disabilityFile = disabilityFile
    self.civilLines = civilLines
    self.disabilityLines = disabilityLines
    self.deadBodies = deadBodies
    countyInside = jurisdiction.contains(county: renderer.style.countyText)
    jurisdictionCodes = Set(jurisdiction.codes.compactMap { Int32($0) })
    householdKeys = renderer.plan.households.indices.map {
      TruthBuilder.scope(key: renderer.householdCell(Int32($0)), county: renderer.style.countyText)
    }
  }

  var plan: CountyPlanner { renderer.plan }

  // MARK: Meaning

  func meaning(_ r: Rec, at ref: RecordRef) -> Meaning {
    var m = Meaning(ref: ref)
    m.fromDisability = r.source == 1
    var regionCode: Int32 = 0
    let person = plan.persons[Int(r.person)]
    if r.idForm == .normal || r.idForm == .zeroEnding {
      m.body = person.body
      m.last = person.check
      m.valid = IDMath.isValid(person.body, person.check, asOf: asOf)
      m.correctable = !m.valid
      regionCode = IDMath.region(person.body)
    } else {
      let core = renderer.idCore(r)
      if core.count == 18, core[0..<17].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      (core[17] >= 0x30 && core[17] <= 0x39) || core[17] == 0x58
    {
      var b: UInt64 = 0
      for i in 0..<17 { b = b * 10 + UInt64(core[i] - 0x30) }
      m.body = b
      m.last = core[17]
      m.valid = IDMath.isValid(b, core[17], asOf: asOf)
      let zeroedFailing = !m.valid && core[15] == 0x30 && core[16] == 0x30 && core[17] == 0x30
        && IDMath.check(b) != 0x30
      m.correctable = !m.valid && !zeroedFailing
      regionCode = IDMath.region(b)
    } else if core.count == 15, core.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
      var b: UInt64 = 0
      for i in 0..<6 { b = b * 10 + UInt64(core[i] - 0x30) }
      b = b * 100 + 19
      for i in 6..<15 { b = b * 10 + UInt64(core[i] - 0x30) }
      if IDMath.isValidLegacy(b, asOf: asOf) {
        m.valid = true
        m.body = b
        m.last = IDMath.check(b)
        regionCode = IDMath.region(b)
      }
    }
    }
    m.rejected = !m.valid || r.broken != .none
    if r.broken != .none && m.valid { m.correctable = true }
    if !m.rejected || m.correctable {
      switch r.nameForm {
      case .missing: m.nameKey = ""
      case .encodingBroken: m.nameKey = "\u{FFFD}"  // the row cannot be decoded
      default: m.nameKey = person.name
      }
    }
    if m.rejected { return m }

    m.village = renderer.villageCell(r)
    var countyWritten = true
    if r.source == 0 {
      m.categories = Words.categories[Int(r.category)].meaning
      m.status = Words.statuses[Int(r.status)].meaning
      m.institutional =
        renderer.style.hasSupportColumn && Words.supportModes[Int(r.support)].meaning == .institutional
      if r.household >= 0 { m.household = householdKeys[Int(r.household)] }
      m.isHead = Words.isHead(r.relation)
    } else {
      m.hardship = Words.hardships[Int(r.hardship)].meaning
      m.grade = r.gradeUnknownWord ? renderer.certDigits(r)?.grade : Int(r.grade)
      countyWritten = renderer.style.xmlHasCounty || r.outsideCounty >= 0
    }
    if r.outsideCounty >= 0 {
      m.outside = true  // the layout's outside counties are outside the jurisdiction by construction
    } else if countyWritten {
      m.outside = !countyInside
    } else {
      m.outside = !jurisdictionCodes.isEmpty && !jurisdictionCodes.contains(regionCode)
    }
    verify(&m)
    return m
  }

  /// The household key as the contract scopes it: an ID-shaped key stands for itself, any
  /// other number is scoped by the county column.
  static func scope(key: String, county: String) -> String {
    let b = Array(key.utf8)
    if b.count == 18, b[0..<17].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      (b[17] >= 0x30 && b[17] <= 0x39) || b[17] == 0x58
    {
      return "ID:" + key
    }
    return "NO:" + county + "|" + key
  }

  // MARK: Verify (claims)

  func verify(_ m: inout Meaning) {
    var claims = m.categories
    if m.fromDisability {
      claims.insert(.severelyDisabled)
    } else if claims.isEmpty, m.grade != nil {
      claims.insert(.severelyDisabled)
    }
    var eligible = CategorySet()
    let birth = IDMath.birthDate(m.body)
    for claim in claims {
      switch claim {
      case .orphan, .deFactoUnsupported:
        if m.status == .inactive { continue }
        if let birth, birth.age(on: asOf) >= 18 { continue }
        eligible.insert(claim)
      case .extremelyPoor:
        if m.status != .inactive { eligible.insert(claim) }
      case .severelyDisabled:
        guard let g = m.grade, g == 1 || g == 2 else { continue }
        if hasQualifyingHardship(m) {
          eligible.insert(claim)
        } else {
          m.noQualifyingHardship = true
        }
      case .minimumLiving:
        eligible.insert(claim)
      }
    }
    m.dead = m.status == .dead || deadBodies.contains(m.body)
    let excluded = m.dead || m.outside || m.institutional
    m.eligibleAs = excluded ? [] : eligible.subtracting([.minimumLiving])
  }

  func hasQualifyingHardship(_ m: Meaning) -> Bool {
    if let h = m.hardship, h == .minimumLiving || h == .extremelyPoor { return true }
    if m.status == .inactive || m.status == .dead { return false }
    return m.categories.contains(.extremelyPoor) || m.categories.contains(.minimumLiving)
  }

  // MARK: Deduplicate (persons, units, dispositions)

  func build() -> CountyTruth {
    var ms: [Meaning] = []
    ms.reserveCapacity(plan.civil.count + plan.disability.count)
    for (i, r) in plan.civil.enumerated() {
      ms.append(meaning(r, at: RecordRef(source: 0, file: civilFile, line: civilLines[i])))
    }
    for (i, r) in plan.disability.enumerated() {
      ms.append(meaning(r, at: RecordRef(source: 1, file: disabilityFile, line: disabilityLines[i])))
    }
    let n = ms.count
    // Persons: valid, non-rejected records by body, in provenance order.
    var keyed: [(UInt64, RecordRef, Int)] = []
    keyed.reserveCapacity(n)
    for i in 0..<n where !ms[i].rejected { keyed.append((ms[i].body, ms[i].ref, i)) }
    keyed.sort { ($0.0, $0.1) < ($1.0, $1.1) }
    let order = keyed.map(\.2)
    var groups: [ArraySlice<Int>] = []
    var start = 0
    while start < order.count {
      var end = start + 1
      while end < order.count && ms[order[end]].body == ms[order[start]].body { end += 1 }
      groups.append(order[start..<end])
      start = end
    }

    var eligible = ms.map(\.eligibleAs)
    let children: CategorySet = [.orphan, .deFactoUnsupported]
    func severeWithoutHardship(_ r: Int) -> Bool {
      guard let g = ms[r].grade, g == 1 || g == 2 else { return false }
      return ms[r].noQualifyingHardship
    }
    let personCount = groups.count
    var personal = [CategorySet](repeating: [], count: personCount)
    var representative = [Int](repeating: 0, count: personCount)
    var household = [String?](repeating: nil, count: personCount)
    var blocked = [Bool](repeating: false, count: personCount)

    for (p, rs) in groups.enumerated() {
      blocked[p] = rs.contains { ms[$0].dead || ms[$0].institutional }
      var mine = CategorySet()
      if blocked[p] {
        for r in rs { eligible[r] = [] }
      } else {
        for r in rs { mine.formUnion(eligible[r]) }
        if !mine.contains(.severelyDisabled), rs.contains(where: severeWithoutHardship) {
          let source = rs.first { r in
            let m = ms[r]
            if let h = m.hardship, h == .minimumLiving || h == .extremelyPoor { return true }
            if m.status == .inactive || m.status == .dead { return false }
            if m.categories.contains(.minimumLiving) { return true }
            return eligible[r].contains(.extremelyPoor)
          }
          if source != nil {
            for r in rs where severeWithoutHardship(r) {
              eligible[r].insert(.severelyDisabled)
              mine.insert(.severelyDisabled)
            }
          }
        }
      }
      personal[p] = mine
      representative[p] = rs.first { !eligible[$0].isEmpty } ?? rs.first!
      if mine.contains(.extremelyPoor) {
        let source = rs.first { eligible[$0].contains(.extremelyPoor) }!
        household[p] =
          ms[source].household.isEmpty
          ? "ID:" + String(decoding: IDMath.text(ms[representative[p]].body, ms[representative[p]].last), as: UTF8.self)
          : ms[source].household
      }
    }

    // Units.
    var households = Set<String>()
    for p in 0..<personCount where personal[p].isDisjoint(with: children) && personal[p].contains(.extremelyPoor) {
      if let hk = household[p] { households.insert(hk) }
    }
    var inUnit = [Bool](repeating: false, count: personCount)
    var unitKeys = Set<String>()
    for (p, rs) in groups.enumerated() {
      let e = personal[p]
      if !e.isDisjoint(with: children) {
        inUnit[p] = true
        unitKeys.insert("P\(ms[representative[p]].body)")
      } else if e.contains(.extremelyPoor), let hk = household[p] {
        inUnit[p] = true
        unitKeys.insert(hk)
      } else if !blocked[p], rs.contains(where: { e.contains(.severelyDisabled) || severeWithoutHardship($0) }) {
        // A severely disabled member of an eligible 特困 household is covered by it.
        var key: String?
        for r in rs where !ms[r].household.isEmpty && households.contains(ms[r].household) {
          key = ms[r].household
          break
        }
        if key == nil {
          let own = "ID:" + String(decoding: IDMath.text(ms[representative[p]].body, ms[representative[p]].last), as: UTF8.self)
          if households.contains(own) { key = own }
        }
        if let key {
          inUnit[p] = true
          unitKeys.insert(key)
          for r in rs where severeWithoutHardship(r) { eligible[r].insert(.severelyDisabled) }
          representative[p] = rs.first { !eligible[$0].isEmpty } ?? representative[p]
        } else if e.contains(.severelyDisabled) {
          inUnit[p] = true
          unitKeys.insert("P\(ms[representative[p]].body)")
        }
      }
    }

    // Dispositions.
    var dispositions = [ExpectedDisposition](repeating: .excluded, count: n)
    for i in 0..<n where ms[i].rejected { dispositions[i] = .rejected }
    var subjects = 0
    for (p, rs) in groups.enumerated() where inUnit[p] {
      subjects += 1
      for r in rs { dispositions[r] = r == representative[p] ? .paired : .merged }
    }

    // What the province-wide duplicate pass needs.
    var persons: [PersonKey] = []
    persons.reserveCapacity(personCount)
    for (p, rs) in groups.enumerated() {
      let rep = ms[representative[p]]
      let village = rs.first { !ms[$0].village.isEmpty }.map { ms[$0].village } ?? rep.village
      persons.append(
        PersonKey(
          body: rep.body, name: rep.nameKey.isEmpty ? 0 : fnv64(rep.nameKey),
          village: village.isEmpty ? 0 : fnv64(village), inUnit: inUnit[p], representative: rep.ref))
    }
    var candidates: [CorrectionCandidate] = []
    for m in ms where m.rejected && m.correctable && !m.nameKey.isEmpty {
      candidates.append(CorrectionCandidate(id: IDMath.text(m.body, m.last), name: fnv64(m.nameKey), ref: m.ref))
    }
    let civilCount = plan.civil.count
    return CountyTruth(
      civil: Array(dispositions[0..<civilCount]), disability: Array(dispositions[civilCount...]),
      persons: persons, candidates: candidates, units: unitKeys.count, subjects: subjects)
  }
}

/// A probable duplicate the contract's rules should report.
struct ExpectedPair: Hashable {
  var a: RecordRef
  var b: RecordRef
  var kind: Reason
}

/// The province-wide pass of probable duplicates (§5): same name and IDs one edit apart; same
/// name, birth date and village with different IDs (one of the two persons in a pairing unit);
/// an invalid ID whose single-edit correction is a person's ID with the same name.
enum ProbableDuplicateTruth {
  struct BlockKey: Hashable {
    var name: UInt64
    var part: UInt64
    var kind: UInt8
  }

  static func blocks(_ p: PersonKey) -> (BlockKey, BlockKey, BlockKey) {
    let v = p.body
    return (
      BlockKey(name: p.name, part: v / 100_000_000, kind: 0),
      BlockKey(name: p.name, part: v % 100_000_000, kind: 1),
      BlockKey(name: p.name, part: (v / 1_000_000_000) * 10_000_000 + v % 10_000_000, kind: 2)
    )
  }

  static func birthVillageKey(_ p: PersonKey) -> BlockKey? {
    guard p.village != 0, IDMath.birthDate(p.body) != nil else { return nil }
    return BlockKey(name: p.name ^ (p.village &* 0x9E37_79B9_7F4A_7C15), part: UInt64(IDMath.birthKey(p.body)), kind: 3)
  }

  /// A person: its group (county) and index there.
  struct PersonRef: Hashable, Comparable {
    var group: Int32
    var index: Int32
    static func < (a: PersonRef, b: PersonRef) -> Bool { (a.group, a.index) < (b.group, b.index) }
  }

  /// The expected pairs over the persons and correction candidates of all counties (one array
  /// per county). Persons of different counties are compared too.
  static func pairs(persons groups: [[PersonKey]], candidates: [[CorrectionCandidate]], workers: Int = 2)
    -> [ExpectedPair]
  {
    var out: [ExpectedPair] = []
    // Rules 1 and 2: index the persons in a unit, probe with every person (in parallel).
    var typoBlocks: [BlockKey: [PersonRef]] = [:]
    var birthVillage: [BlockKey: [PersonRef]] = [:]
    for (g, persons) in groups.enumerated() {
      for (i, p) in persons.enumerated() where p.inUnit && p.name != 0 {
        let r = PersonRef(group: Int32(g), index: Int32(i))
        let (a, b, c) = blocks(p)
        typoBlocks[a, default: []].append(r)
        typoBlocks[b, default: []].append(r)
        typoBlocks[c, default: []].append(r)
        if let k = birthVillageKey(p) { birthVillage[k, default: []].append(r) }
      }
    }
    struct Pair: Hashable {
      var a: PersonRef
      var b: PersonRef
      init(_ x: PersonRef, _ y: PersonRef) {
        a = min(x, y)
        b = max(x, y)
      }
    }
    let lanes = max(1, min(workers, groups.count))
    let found = UnsafeMutableBufferPointer<[Pair: Reason]>.allocate(capacity: lanes)
    found.initialize(repeating: [:])
    defer { found.deallocate() }
    nonisolated(unsafe) let results = found
    let typoIndex = typoBlocks
    let birthVillageIndex = birthVillage
    DispatchApply.concurrentPerform(lanes) { lane in
      var kinds: [Pair: Reason] = [:]
      for g in stride(from: lane, to: groups.count, by: lanes) {
        for (i, p) in groups[g].enumerated() where p.name != 0 {
          let me = PersonRef(group: Int32(g), index: Int32(i))
          let (a, b, c) = blocks(p)
          for k in [a, b, c] {
            guard let qs = typoIndex[k] else { continue }
            for q in qs where q != me {
              let other = groups[Int(q.group)][Int(q.index)]
              guard IDMath.oneEditApart(p.body, other.body) else { continue }
              kinds[Pair(me, q)] = .probableDupIDTypo
            }
          }
          if let k = birthVillageKey(p), let qs = birthVillageIndex[k] {
            for q in qs where q != me {
              let other = groups[Int(q.group)][Int(q.index)]
              guard other.village == p.village, other.name == p.name else { continue }
              let pair = Pair(me, q)
              if kinds[pair] == nil { kinds[pair] = .probableDupSameNameBirthVillage }
            }
          }
        }
      }
      results[lane] = kinds
    }
    var kinds: [Pair: Reason] = [:]
    for lane in 0..<lanes {
      for (pair, kind) in found[lane] where kinds[pair] != .probableDupIDTypo { kinds[pair] = kind }
    }
    for (pair, kind) in kinds {
      let x = groups[Int(pair.a.group)][Int(pair.a.index)].representative
      let y = groups[Int(pair.b.group)][Int(pair.b.index)].representative
      out.append(ExpectedPair(a: min(x, y), b: max(x, y), kind: kind))
    }
    // Rule 3: the corrections of every candidate, then one pass over the persons.
    var wanted: [UInt64: [Int32]] = [:]
    let flat = candidates.flatMap { $0 }
    for (k, c) in flat.enumerated() {
      for body in Set(IDMath.corrections(of: c.id)) { wanted[body, default: []].append(Int32(k)) }
    }
    for persons in groups {
      for p in persons {
        guard let ks = wanted[p.body] else { continue }
        for k in ks where flat[Int(k)].name == p.name {
          let c = flat[Int(k)]
          out.append(ExpectedPair(a: min(c.ref, p.representative), b: max(c.ref, p.representative), kind: .probableDupCorrectedID))
        }
      }
    }
    out.sort { ($0.a, $0.b, $0.kind.rawValue) < ($1.a, $1.b, $1.kind.rawValue) }
    return out
  }
}

/// `DispatchQueue.concurrentPerform` under a name that reads as what it does.
enum DispatchApply {
  static func concurrentPerform(_ n: Int, _ body: @Sendable (Int) -> Void) {
    DispatchQueue.concurrentPerform(iterations: n, execute: body)
  }
}
