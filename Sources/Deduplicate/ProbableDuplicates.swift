import RosterCore

/// Probable duplicates found in a run: groups for `duplicates.csv` and the findings to add.
struct ProbableDuplicates {
  var groups: [DuplicateGroup] = []
  /// (record index, finding) pairs.
  var findings: [(Int32, Finding)] = []
  /// The persons whose representative record got a finding (the others are rejected records,
  /// which belong to no person).
  var persons: [Int32] = []
}

/// Finds records that are probably the same person behind different IDs (§5 of the contract):
///
/// 1. same name key, valid IDs whose 17-digit bodies are one substitution or one adjacent
///    transposition apart (`PROBABLE_DUP_ID_TYPO`; the check characters then differ too);
/// 2. same name key, birth date and village, different IDs
///    (`PROBABLE_DUP_SAME_NAME_BIRTH_VILLAGE`);
/// 3. a record rejected for an invalid ID whose single-edit correction is the ID of a person
///    with the same name key (`PROBABLE_DUP_CORRECTED_ID`, "did you mean …").
///
/// Blocking keeps it sub-quadratic: persons are grouped by name key, and two 17-digit bodies one
/// edit apart always share their first nine digits, their last eight, or all but digits 9–10;
/// only persons sharing such a block are compared. Pairs where neither person is in a pairing unit
/// are not reported (they cannot be paired twice).
///
/// The search comes in parts, so that rules 1–2 and rule 3 can run on different threads:
///
/// ```swift
/// let finder = ProbableDuplicateFinder(work: work)
/// let start = finder.start()
/// let pairs = finder.findPairs(start)              // rules 1 and 2
/// let corrections = finder.findCorrections(start)  // rule 3
/// let probable = finder.joined(pairs, corrections)
/// ```
struct ProbableDuplicateFinder {
  private(set) var work: Work

  init(work: Work) { self.work = work }

  fileprivate struct Pair: Hashable {
    var a: Int32
    var b: Int32
    init(_ x: Int32, _ y: Int32) {
      a = min(x, y)
      b = max(x, y)
    }
  }

  fileprivate struct Match {
    var kind: Reason
    var evidence: [String]
  }

  /// What the parts of the search start from.
  struct Start: Sendable {
    /// The name hash (``RecordNames``) of each person's representative record
    /// (``RecordNames/none`` when it has no name).
    var personName: [UInt64]
    /// The persons with a name key: only they can be probable duplicates.
    var candidates: [Int32]
    /// The records rejected for their ID, which rule 3 looks at.
    var rejected: [Int32]
    /// The name hash of each of `rejected`.
    var rejectedName: [UInt64]
  }

  /// Pairs of persons found by rules 1 and 2, with their evidence.
  struct Pairs: Sendable {
    fileprivate var matches: [Pair: Match] = [:]
  }

  /// The first part: what the others start from.
  func start() -> Start {
    var personName = [UInt64](repeating: RecordNames.none, count: work.personCount)
    var candidates: [Int32] = []
    for p in 0..<work.personCount {
      let name = work.names.hash[Int(work.representative[p])]
      guard name != RecordNames.none else { continue }
      personName[p] = name
      candidates.append(Int32(p))
    }
    let rejected = work.rejected
    let rejectedName = rejected.map { work.names.hash[Int($0)] }
    return Start(
      personName: personName, candidates: candidates, rejected: rejected, rejectedName: rejectedName)
  }

  /// Frees the name hashes of every record (a province's are 47 MB), once ``start()`` has
  /// taken what the search needs of them.
  mutating func releaseNames() { work.names = RecordNames() }

  /// Rules 1 and 2; a pair found by both is a typo with both pieces of evidence.
  func findPairs(_ start: Start) -> Pairs {
    var matches: [Pair: Match] = [:]
    // Persons in units, once for the four bitmaps of `blockEntries`.
    var inUnits = 0
    for p in start.candidates where inUnit(p) { inUnits += 1 }
    findTypos(candidates: start.candidates, inUnits: inUnits, personName: start.personName, into: &matches)
    var villageMatches: [Pair: Match] = [:]
    findSameNameBirthVillage(
      candidates: start.candidates, inUnits: inUnits, personName: start.personName, into: &villageMatches)
    for (pair, match) in villageMatches {
      if var existing = matches[pair] {
        existing.evidence.append(contentsOf: match.evidence)
        matches[pair] = existing
      } else {
        matches[pair] = match
      }
    }
    return Pairs(matches: matches)
  }

  /// Rule 3.
  func findCorrections(_ start: Start) -> ProbableDuplicates {
    var corrections = ProbableDuplicates()
    findCorrections(
      rejected: start.rejected, rejectedName: start.rejectedName, personName: start.personName,
      into: &corrections)
    return corrections
  }

  /// The groups and findings of `pairs`, in a fixed order, then the `corrections`.
  func joined(_ pairs: Pairs, _ corrections: ProbableDuplicates) -> ProbableDuplicates {
    var out = ProbableDuplicates()
    // In a fixed order: dictionary order differs from process to process.
    for (pair, match) in pairs.matches.sorted(by: { ($0.key.a, $0.key.b) < ($1.key.a, $1.key.b) }) {
      let ra = work.representative[Int(pair.a)]
      let rb = work.representative[Int(pair.b)]
      let members = [ra, rb].sorted { work.rank[Int($0)] < work.rank[Int($1)] }
      let ids = [work.records.id(at: Int(ra)), work.records.id(at: Int(rb))].sorted()
      let evidence = match.evidence.joined(separator: "; ")
      out.groups.append(
        DuplicateGroup(
          groupID: StableHash.hex(
            match.kind.code + ":" + ids.joined(separator: ","), prefix: "G-"),
          kind: match.kind, members: members.map { Int($0) }, evidence: evidence))
      out.findings.append(
        (ra, Finding(match.kind, field: .idNumber, message: "\(evidence) (see \(work.location(rb)))")))
      out.findings.append(
        (rb, Finding(match.kind, field: .idNumber, message: "\(evidence) (see \(work.location(ra)))")))
      out.persons += [pair.a, pair.b]
    }
    out.groups.append(contentsOf: corrections.groups)
    out.findings.append(contentsOf: corrections.findings)
    out.persons.append(contentsOf: corrections.persons)
    return out
  }

  private func inUnit(_ p: Int32) -> Bool { work.personUnit[Int(p)] >= 0 }

  /// Whether persons `p` and `q`, whose name hashes are equal, have the same name key.
  private func sameName(_ p: Int32, _ q: Int32) -> Bool {
    RecordNames.sameNameKey(
      Int(work.representative[Int(p)]), Int(work.representative[Int(q)]), in: work.records)
  }

  /// Calls `body` with every run of two or more persons sharing a block key, persons in
  /// ascending order. Blocks are found by sorting packed keys — the key's hash in the high
  /// bits, the person in the low ``personBits`` — which is much cheaper in time and memory
  /// than a dictionary of arrays; hashes may collide, so a block may mix unrelated persons:
  /// the pair checks reject those.
  private func forEachBlock(_ entries: inout [UInt64], _ body: ([Int32]) -> Void) {
    radixSort(&entries, ignoringLowBits: personBits)  // persons are ascending already
    let bits = personBits
    let personMask: UInt64 = (1 << bits) - 1
    var start = 0
    var persons: [Int32] = []
    while start < entries.count {
      let block = entries[start] >> bits
      var end = start + 1
      while end < entries.count, entries[end] >> bits == block { end += 1 }
      if end - start > 1 {
        persons.removeAll(keepingCapacity: true)
        for k in start..<end { persons.append(Int32(truncatingIfNeeded: entries[k] & personMask)) }
        body(persons)
      }
      start = end
    }
  }

  /// The block entries (``entry(_:_:)``) of `candidates` by their block hash (`hash`; nil:
  /// none; `inUnits` of them are in a unit) — only of those whose block may hold a person in a unit: a pair needs one, and a
  /// province's units hold 300,000 of its five million persons. A bitmap of the hashes of
  /// persons in units (16 bits or more a person) lets through every block with one, and a few
  /// per cent of the others, which then find no pair: the sort that finds the blocks sorts a
  /// tenth of the entries.
  private func blockEntries(
    _ candidates: [Int32], inUnits: Int, hash: (Int32) -> UInt64?
  ) -> [UInt64] {
    var bitCount = 1 << 16
    while bitCount < 16 * inUnits { bitCount <<= 1 }
    let shift = UInt64(UInt64.bitWidth - bitCount.trailingZeroBitCount)
    var bitmap = [UInt64](repeating: 0, count: bitCount / 64)
    for p in candidates where inUnit(p) {
      guard let h = hash(p) else { continue }
      let bit = Int(truncatingIfNeeded: h >> shift)
      bitmap[bit >> 6] |= 1 << UInt64(bit & 63)
    }
    var entries: [UInt64] = []
    for p in candidates {
      guard let h = hash(p) else { continue }
      let bit = Int(truncatingIfNeeded: h >> shift)
      guard bitmap[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { continue }
      entries.append(entry(h, Int(p)))
    }
    return entries
  }

  /// Low bits of a packed block entry that hold the person.
  private var personBits: Int { max(1, UInt64.bitWidth - UInt64(work.personCount).leadingZeroBitCount) }

  /// A block entry: 32 bits of the hash, then the person. (Blocks of different keys that
  /// share 32 bits are rare, and the pair checks tell them apart; sorting 32 bits takes two
  /// passes of the radix sort, 41 took three.)
  @inline(__always) private func entry(_ hash: UInt64, _ p: Int) -> UInt64 {
    (hash >> 32) << personBits | UInt64(p)
  }

  /// A 64-bit mix of a block's parts (SplitMix64's finalizer).
  @inline(__always) private static func mix(_ a: UInt64, _ b: UInt64, _ c: UInt64 = 0) -> UInt64 {
    var z = a &* 0x9E37_79B9_7F4A_7C15 ^ (b &+ 0xBF58_476D_1CE4_E5B9) &* 0x94D0_49BB_1331_11EB ^ c
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Rule 1: same name, ID bodies one edit apart. Two 17-digit bodies one substitution or
  /// adjacent transposition apart share their first nine digits, their last eight, or all but
  /// digits 9–10, so each person goes into three blocks.
  private func findTypos(
    candidates: [Int32], inUnits: Int, personName: [UInt64], into matches: inout [Pair: Match]
  ) {
    // One block kind at a time: a third of the memory of all three at once.
    for kind in 1...3 as ClosedRange<UInt64> {
      var entries = blockEntries(candidates, inUnits: inUnits) { p in
        let v = work.personKey[Int(p)]
        let name = personName[Int(p)]
        let part: UInt64
        switch kind {
        case 1: part = v / 100_000_000
        case 2: part = v % 100_000_000
        default: part = (v / 1_000_000_000) * 10_000_000 + v % 10_000_000
        }
        return Self.mix(name, part, kind)
      }
      forEachBlock(&entries) { persons in
        for i in 0..<persons.count {
          for j in (i + 1)..<persons.count {
            let p = persons[i]
            let q = persons[j]
            guard p != q, personName[Int(p)] == personName[Int(q)], inUnit(p) || inUnit(q) else { continue }
            let pair = Pair(p, q)
            if matches[pair]?.kind == .probableDupIDTypo { continue }
            guard let a = IDKey.bytes(work.records.id(at: Int(work.representative[Int(pair.a)]))),
              let b = IDKey.bytes(work.records.id(at: Int(work.representative[Int(pair.b)]))),
              let edit = IDKey.bodyEdit(from: a, to: b), sameName(pair.a, pair.b)
            else { continue }
            let name = work.records[Int(work.representative[Int(p)])].name
            let evidence = "same name \(name); IDs one edit apart: \(edit.description)"
            var match = matches[pair] ?? Match(kind: .probableDupIDTypo, evidence: [])
            match.kind = .probableDupIDTypo
            match.evidence.insert(evidence, at: 0)
            matches[pair] = match
          }
        }
      }
    }
  }

  /// Rule 2: same name, birth date and village. Blocks are by name and birth date; villages
  /// are compared within a block (hashing every person's village cost more than that).
  private func findSameNameBirthVillage(
    candidates: [Int32], inUnits: Int, personName: [UInt64], into matches: inout [Pair: Match]
  ) {
    func village(_ p: Int32) -> String { work.records[work.addressRecord(person: Int(p))].village }
    let records = work.records
    var entries = blockEntries(candidates, inUnits: inUnits) { p in
      guard let birth = records[Int(work.representative[Int(p)])].birthDate else { return nil }
      return Self.mix(personName[Int(p)], UInt64(birth.daysSinceEpoch + 1_000_000))
    }
    forEachBlock(&entries) { persons in
      for i in 0..<persons.count {
        for j in (i + 1)..<persons.count {
          let p = persons[i]
          let q = persons[j]
          let rp = Int(work.representative[Int(p)])
          guard personName[Int(p)] == personName[Int(q)],
            records[rp].birthDate == records[Int(work.representative[Int(q)])].birthDate,
            inUnit(p) || inUnit(q), let birth = records[rp].birthDate
          else { continue }
          let vp = village(p)
          guard !vp.isEmpty, vp == village(q), sameName(p, q) else { continue }
          let pair = Pair(p, q)
          let evidence =
            "same name \(records[rp].name), birth date \(birth) and village \(vp) with different IDs"
          if var match = matches[pair] {
            match.evidence.append(evidence)
            matches[pair] = match
          } else {
            matches[pair] = Match(kind: .probableDupSameNameBirthVillage, evidence: [evidence])
          }
        }
      }
    }
  }

  /// Rule 3: an invalid ID one edit away from a person's ID, with the same name.
  private func findCorrections(
    rejected: [Int32], rejectedName: [UInt64], personName: [UInt64],
    into out: inout ProbableDuplicates
  ) {
    for (r, name) in zip(rejected, rejectedName) {
      let i = Int(r)
      let rec = work.records[i]  // a rejected record: a few percent of them
      guard rec.provenance.source != .deaths, name != RecordNames.none,
        !rec.has(.idExcelZeroed), !rec.has(.idExcelScientific),
        let bytes = IDKey.bytes(rec.id)
      else { continue }
      var seen = Set<Int32>()
      for (key, edit) in IDKey.corrections(of: bytes) {
        guard let p = work.personIndex[key], personName[Int(p)] == name,
          RecordNames.sameNameKey(i, Int(work.representative[Int(p)]), in: work.records),
          seen.insert(p).inserted
        else { continue }
        let target = work.representative[Int(p)]
        let evidence =
          "invalid ID \(IDMask.mask(rec.id)) becomes the ID of \(work.records[Int(target)].name) when \(edit.description) is corrected (did you mean \(IDMask.mask(work.records[Int(target)].id))?)"
        let members = [Int32(i), target].sorted { work.rank[Int($0)] < work.rank[Int($1)] }
        out.groups.append(
          DuplicateGroup(
            groupID: StableHash.hex(
              Reason.probableDupCorrectedID.code + ":" + rec.id + "," + work.records[Int(target)].id,
              prefix: "G-"),
            kind: .probableDupCorrectedID, members: members.map { Int($0) }, evidence: evidence))
        out.findings.append(
          (Int32(i), Finding(.probableDupCorrectedID, field: .idNumber,
                             message: "\(evidence) (see \(work.location(target)))")))
        out.findings.append(
          (target, Finding(.probableDupCorrectedID, field: .idNumber,
                           message: "\(evidence) (see \(work.location(Int32(i)))")))
        out.persons.append(p)
      }
    }
  }
}

