import Dispatch
import RosterCore

/// The Deduplicate stage: one person, one pairing unit (§5 of the data contract).
///
/// Takes every verified record of a run (both rosters and the deaths list, any order) and
/// decides, for each, its disposition and pairing unit; builds the units of the pairing roster;
/// and reports exact and probable duplicates with evidence. Probable duplicates are never
/// merged: they add a `PROBABLE_DUP_…` finding (effect `review`) to the records concerned.
///
/// The result does not depend on the order of the input: persons are keyed by their
/// normalized ID, households by their household key, units and groups by hashes of those keys,
/// and "first" always means first in provenance order (source, file, line).
///
/// Findings are only ever added, never removed: a disability record without hardship that is
/// paired because another record of the person shows 低保 keeps `NO_QUALIFYING_HARDSHIP` and
/// gains `HARDSHIP_FROM_OTHER_RECORD`, so the ledger tells the whole story.
///
/// ```swift
/// var records: [SubjectRecord] = verified
/// let result = Deduplicator(eligibility: rules.eligibility).run(records)
/// result.apply(to: &records)   // add this stage's findings
/// result.dispositions[0]       // .paired
/// result.units.count           // rows of pairing-roster.csv
/// ```
public struct Deduplicator: Sendable {
  public var eligibility: Rules.Eligibility

  public init(eligibility: Rules.Eligibility = Rules.Eligibility()) {
    self.eligibility = eligibility
  }

  public func run(_ records: [VerifiedRecord]) -> DeduplicationResult {
    nonisolated(unsafe) var work = Work.settled(records, eligibility: eligibility)
    work.releaseUnitLookups()
    // Probable duplicates (rules 1, 2, then 3) and the comparison of each person's records on
    // one thread while the units and dispositions are made on the other; then the exact
    // groups on both, about half of their records each. Put together as one thread would have
    // made them: findings in the order they were added (attribute conflicts, then probable
    // duplicates), groups by ID, and the units of persons the search flagged marked for
    // review. (The exact groups are not made beside the search: with its memory they would
    // raise a province's peak by 100–200 MB.)
    nonisolated(unsafe) var finder: ProbableDuplicateFinder? = ProbableDuplicateFinder(work: work)
    work.releaseLookups()  // the finder's copy keeps the person index until it is done
    // Finding persons freed more than it holds (the keys sorted by provenance, the records'
    // facts): give those pages back before the search allocates its own.
    Allocator.releaseFreePages()
    let start = finder!.start()
    finder!.releaseNames()
    nonisolated(unsafe) var pairs = ProbableDuplicateFinder.Pairs()
    nonisolated(unsafe) var corrections = ProbableDuplicates()
    nonisolated(unsafe) var probable = ProbableDuplicates()
    nonisolated(unsafe) var units: [PairingUnit] = []
    nonisolated(unsafe) var dispositions: [Disposition] = []
    nonisolated(unsafe) var conflicts: (findings: [(Int32, Finding)], persons: [Int32]) = ([], [])
    // One variable per thread: threads must not write to one array at once.
    typealias Exact = (groups: [DuplicateGroup], findings: [(Int32, Finding)])
    nonisolated(unsafe) var exact0: Exact = ([], [])
    nonisolated(unsafe) var exact1: Exact = ([], [])
    nonisolated(unsafe) var (numbers0, numbers1): ([UInt64]?, [UInt64]?) = (nil, nil)
    do {
      nonisolated(unsafe) let persons = work
      DispatchQueue.concurrentPerform(iterations: 2) { part in
        if part == 0 {
          pairs = finder!.findPairs(start)
          corrections = finder!.findCorrections(start)
          conflicts = persons.attributeConflicts()
        } else {
          units = persons.buildUnits()
          dispositions = persons.dispositions()
        }
      }
      probable = finder!.joined(pairs, corrections)
      (finder, pairs, corrections) = (nil, ProbableDuplicateFinder.Pairs(), ProbableDuplicates())
      Allocator.releaseFreePages()  // the search's blocks and pairs, before the exact groups
      // Each thread puts its groups in order; the two lists are then merged.
      let half = persons.exactDuplicatesMidpoint()
      DispatchQueue.concurrentPerform(iterations: 2) { part in
        if part == 0 {
          exact0 = persons.exactDuplicates(of: 0..<half)
          numbers0 = Work.sortByGroupID(&exact0.groups)
        } else {
          exact1 = persons.exactDuplicates(of: half..<persons.personCount)
          numbers1 = Work.sortByGroupID(&exact1.groups)
        }
      }
    }
    // The findings are added on one thread, in the order one thread would have added them
    // (attribute conflicts, probable duplicates, exact ones), while the groups are put in
    // order on the other: the exact ones by ID, then the probable ones by ID. Each array is
    // taken out of its variable before it is changed, so that none is copied.
    nonisolated(unsafe) var groups: [DuplicateGroup] = []
    nonisolated(unsafe) var later = (
      exact: ((exact0.groups, numbers0), (exact1.groups, numbers1)), probable: probable.groups)
    (exact0.groups, exact1.groups, probable.groups, numbers0, numbers1) = ([], [], [], nil, nil)
    DispatchQueue.concurrentPerform(iterations: 2) { part in
      if part == 0 {
        for (r, finding) in conflicts.findings { work.add(r, finding) }
        for (r, finding) in probable.findings { work.add(r, finding) }
        for (r, finding) in exact0.findings { work.add(r, finding) }
        for (r, finding) in exact1.findings { work.add(r, finding) }
      } else {
        groups = Work.merge(
          byGroupID: &later.exact.0.0, later.exact.0.1, &later.exact.1.0, later.exact.1.1)
        Work.sortByGroupID(&later.probable)
        groups.append(contentsOf: later.probable)
      }
    }
    (exact0, exact1, later) = (([], []), ([], []), ((([], nil), ([], nil)), []))
    // Both flag their records for review, after the units were built.
    work.markForReview(&units, persons: probable.persons + conflicts.persons)
    conflicts = ([], [])
    Allocator.releaseFreePages()  // what making the groups freed, before the result is made
    return work.result(dispositions: dispositions, units: units, groups: groups)
  }
}

/// What settling a person found out about its records.
struct PersonFlags: OptionSet {
  let rawValue: UInt8
  /// A record of the person says deceased or unsuitable for pairing (all of them do, once
  /// settled).
  static let blocked = PersonFlags(rawValue: 1)
  /// A record has a severe disability grade and fails only for want of hardship.
  static let severeGradeWithoutHardship = PersonFlags(rawValue: 2)
}

/// The state of one deduplication run. Input records are read-only; what this stage decides
/// lives in side arrays.
struct Work {
  let records: [VerifiedRecord]
  let eligibility: Rules.Eligibility

  /// Rank of each record in provenance order, and the records in that order.
  var rank: [Int32] = []
  var byRank: [Int32] = []
  /// The records of one file are consecutive in provenance order: the rank each file's run
  /// starts at, and how ``location(_:)`` names the file (`civil-affairs a.csv:`).
  var fileRuns: [(start: Int32, prefix: String)] = []

  /// Per record: the categories it counts under, and what this stage found.
  var eligible: [CategorySet]
  /// (record index, finding): the type of ``DeduplicationResult/addedFindings``, so the
  /// result takes the array over without a copy.
  var added: [(Int, Finding)] = []
  /// Per record: bit 0 deceased, bit 1 unsuitable, bit 2 needs review — set by added findings;
  /// bit 3 (``ownExclusionFlag``) when the record's own findings exclude it.
  var addedFlags: [UInt8]
  /// The records rejected for their ID (the verify stage's), in input order.
  var rejected: [Int32] = []

  // Persons: records with the same valid normalized ID (rejected and deaths-list records are
  // not part of any person). Stored as CSR: the records of person p are
  // personRecords[personStart[p]..<personStart[p + 1]], in provenance order.
  var personOf: [Int32] = []
  var personKey: [UInt64] = []
  var personIndex = KeyIndex()
  var personStart: [Int32] = []
  var personRecords: [Int32] = []
  var personEligible: [CategorySet] = []
  /// The record that stands for the person: the first that qualifies, else the first.
  var representative: [Int32] = []
  /// Per person, what settling found out about its records (``PersonFlags``), so that
  /// assigning units need not read them again.
  var personFlags: [PersonFlags] = []
  /// Scoped household keys, numbered: keys equal as strings (canonically equivalent) get
  /// one number, and numbers are what the tables below are keyed by. (As `String` keys of
  /// dictionaries, the Chinese county names in them were normalized at every lookup.)
  var households = NameInterner()
  /// The household (number) the person is paired with, or -1.
  var personHousehold: [Int32] = []
  /// The unit of each person: an index into ``unitIDs``, or -1 when none. (A province has
  /// five million persons and a few hundred thousand units: an index is a quarter of a string.)
  var personUnit: [Int32] = []
  /// The ID of each unit a person was put in, `P-…` or `H-…`.
  var unitIDs: [String] = []
  /// The unit of each household, once one of its members was put in it (every household
  /// of ``householdMembers`` has one).
  var householdUnits: [Int32: Int32] = [:]

  /// The hash of each record's name key, for the probable-duplicate search.
  var names = RecordNames()

  /// Households with at least one member (their persons), by household number.
  var householdMembers: [Int32: [Int32]] = [:]
  var conflictedHouseholds: Set<Int32> = []

  /// A run's state after persons are found, settled and given units, name keys hashed:
  /// persons are indexed on one thread while the other reads what the records say alone
  /// (``readRecords()``), puts them in provenance order and hashes their name keys (only the
  /// probable-duplicate search needs those); then persons are numbered, settled and given
  /// units. `threads: 1` does the same on one thread.
  static func settled(
    _ records: [VerifiedRecord], eligibility: Rules.Eligibility, threads: Int = 2
  ) -> Work {
    var work = Work(records: records, eligibility: eligibility)
    nonisolated(unsafe) var names = RecordNames()
    nonisolated(unsafe) var facts = RecordFacts()
    nonisolated(unsafe) var ranking = Ranking()
    nonisolated(unsafe) var index = PersonIndex()
    nonisolated(unsafe) let reader = work
    let part: @Sendable (Int) -> Void = { k in
      if k == 0 {
        facts = reader.readRecords()
        ranking = reader.rankRecords()
        names = RecordNames(reader.records)
      } else {
        index = reader.indexPersons()
      }
    }
    if threads > 1 {
      DispatchQueue.concurrentPerform(iterations: 2, execute: part)
    } else {
      part(0)
      part(1)
    }
    (work.eligible, work.addedFlags, work.rejected) = (facts.eligible, facts.flags, facts.rejected)
    facts = RecordFacts()
    work.finishPersons(ranking, index)
    (ranking, index) = (Ranking(), PersonIndex())
    work.settlePersons()
    work.assignUnits()
    work.names = names
    return work
  }

  /// A run's state before anything is found: ``eligible`` and ``addedFlags`` are filled in by
  /// ``readRecords()`` (see ``settled(_:eligibility:threads:)``).
  init(records: [VerifiedRecord], eligibility: Rules.Eligibility) {
    self.records = records
    self.eligibility = eligibility
    eligible = []
    addedFlags = []
  }

  /// What one pass over the records gives that does not depend on persons: each record's
  /// categories (``eligible``), its flags (``addedFlags``, with ``ownExclusionFlag``) and the
  /// records rejected for their ID (``rejected``).
  struct RecordFacts {
    var eligible: [CategorySet] = []
    var flags: [UInt8] = []
    var rejected: [Int32] = []
  }

  /// Reads ``RecordFacts`` off the records. Reads only the records, so that it can run beside
  /// ``indexPersons()``.
  func readRecords() -> RecordFacts {
    var facts = RecordFacts()
    facts.eligible = records.map(\.eligibleAs)
    facts.flags = [UInt8](repeating: 0, count: records.count)
    for i in records.indices {
      if records[i].hasExclusion { facts.flags[i] = Work.ownExclusionFlag }
      if records[i].isRejected { facts.rejected.append(Int32(i)) }
    }
    return facts
  }

  /// The bit of ``addedFlags`` that says the record's own findings (of the verify stage)
  /// already exclude it.
  static let ownExclusionFlag: UInt8 = 8

  var personCount: Int { max(0, personStart.count - 1) }

  func records(ofPerson p: Int) -> ArraySlice<Int32> {
    personRecords[Int(personStart[p])..<Int(personStart[p + 1])]
  }

  /// Where record `r` comes from, as messages name it: `civil-affairs a.csv:12`.
  func location(_ r: Int32) -> String {
    var text: [UInt8] = []
    appendLocation(r, to: &text)
    return String(decoding: text, as: UTF8.self)
  }

  /// Appends the UTF-8 of ``location(_:)`` of `r` to `text`.
  func appendLocation(_ r: Int32, to text: inout [UInt8]) {
    // The last run of records of one file (in provenance order) that starts at or before r.
    let k = rank[Int(r)]
    var lo = 0
    var hi = fileRuns.count
    while hi - lo > 1 {
      let mid = (lo + hi) / 2
      if fileRuns[mid].start <= k { lo = mid } else { hi = mid }
    }
    text.append(contentsOf: fileRuns[lo].prefix.utf8)
    var line = records[Int(r)].provenance.line
    if line < 0 {
      text.append(0x2D)  // "-"
      line = -line
    }
    let start = text.count
    repeat {
      text.append(0x30 + UInt8(line % 10))
      line /= 10
    } while line > 0
    text[start...].reverse()
  }

  mutating func add(_ r: Int32, _ finding: Finding) {
    added.append((Int(r), finding))
    switch finding.reason {
    case .deceased: addedFlags[Int(r)] |= 1
    case .unsuitableForPairing: addedFlags[Int(r)] |= 2
    default: break
    }
    if finding.effect == .review { addedFlags[Int(r)] |= 4 }
  }

  func has(_ r: Int32, _ reason: Reason) -> Bool {
    switch reason {
    case .deceased where addedFlags[Int(r)] & 1 != 0: true
    case .unsuitableForPairing where addedFlags[Int(r)] & 2 != 0: true
    default: records[Int(r)].has(reason)
    }
  }

  func needsReview(_ r: Int32) -> Bool {
    addedFlags[Int(r)] & 4 != 0 || records[Int(r)].needsReview
  }

  // MARK: Persons

  /// The records in provenance order (source, file by name, line, then input position), for
  /// ``rank``, ``byRank`` and ``fileRuns``, and whether the input was in that order already
  /// (it usually is; then nothing is sorted).
  struct Ranking {
    var rank: [Int32] = []
    var byRank: [Int32] = []
    var fileRuns: [(start: Int32, prefix: String)] = []
    var inputInRankOrder = true
  }

  /// Puts the records in provenance order (see ``Ranking``). Reads only the records, so that
  /// it can run beside ``indexPersons()``.
  func rankRecords() -> Ranking {
    var ranking = Ranking()
    let n = records.count
    // One pass over the records (a province's are a gigabyte: each pass reads it all): each
    // record's provenance key, with its file numbered in order of first sight for now.
    // Records come file by file, so a one-entry cache spares hashing the path of each record.
    var fileIDs: [String: Int] = [:]
    var lastFile: String?
    var lastID = 0
    // Three kinds: a linear search, no hashing.
    let ranked = SourceKind.allCases.sorted()
    var keys: [(UInt64, Int32)] = []
    keys.reserveCapacity(n)
    for i in 0..<n {
      // Fields are read in place: copying a record out of the array retains its strings.
      if records[i].provenance.file != lastFile {
        let file = records[i].provenance.file
        lastFile = file
        if let id = fileIDs[file] {
          lastID = id
        } else {
          lastID = fileIDs.count
          fileIDs[file] = lastID
        }
      }
      let source = records[i].provenance.source
      keys.append(
        (UInt64(ranked.firstIndex(of: source)!) << 56 | UInt64(lastID) << 32
           | UInt64(UInt32(clamping: records[i].provenance.line)), Int32(i)))
    }
    // Sort key: source, file (by name), line, then input position for exact ties.
    var fileRank = [UInt64](repeating: 0, count: fileIDs.count)
    for (rank, file) in fileIDs.keys.sorted().enumerated() { fileRank[fileIDs[file]!] = UInt64(rank) }
    let fileBits: UInt64 = 0xFF_FFFF << 32
    var sorted = true
    for j in 0..<n {
      let k = keys[j].0
      keys[j].0 = k & ~fileBits | fileRank[Int((k & fileBits) >> 32)] << 32
      if j > 0, keys[j - 1].0 > keys[j].0 { sorted = false }
    }
    if !sorted { keys.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 } }
    var lastRun = UInt64.max
    for r in keys.indices where keys[r].0 >> 32 != lastRun {
      lastRun = keys[r].0 >> 32
      let p = records[Int(keys[r].1)].provenance
      ranking.fileRuns.append((Int32(r), "\(p.source.rawValue) \(p.file):"))
    }
    ranking.byRank = keys.map(\.1)
    keys = []
    ranking.rank = [Int32](repeating: 0, count: n)
    for (r, i) in ranking.byRank.enumerated() { ranking.rank[Int(i)] = Int32(r) }
    ranking.inputInRankOrder = sorted
    return ranking
  }

  /// The persons of the records, numbered in the order the records come in: for
  /// ``personOf``, ``personIndex`` and ``personKey``, and the number of records of each.
  struct PersonIndex {
    var personOf: [Int32] = []
    var personIndex = KeyIndex()
    var personKey: [UInt64] = []
    var counts: [Int32] = []
  }

  /// Finds the persons: records with the same valid ID (deaths-list and rejected records are
  /// none), numbered in the order the records come in. Reads only the records, so that it
  /// can run beside ``rankRecords()``; ``finishPersons(_:_:)`` then numbers them in
  /// provenance order.
  func indexPersons() -> PersonIndex {
    let n = records.count
    var personOf = [Int32](repeating: -1, count: n)
    // Room for a key a record at once: growing by doubling would move each key to a random
    // slot of a new table again and again (a fifth of the time of finding a province's persons).
    var personIndex = KeyIndex(capacity: n)
    var personKey: [UInt64] = []
    var counts: [Int32] = []
    // Keys go in sixteen at a time: their slots are read first, all at once, so that the
    // table's cache misses (a province's index is far larger than the cache) overlap instead
    // of coming one after another.
    var pending: [(record: Int32, key: UInt64)] = []
    pending.reserveCapacity(16)
    var next = 0
    while next < n {
      pending.removeAll(keepingCapacity: true)
      while next < n && pending.count < 16 {
        let i = next
        next += 1
        if records[i].idValid, records[i].provenance.source != .deaths, !records[i].isRejected {
          pending.append((Int32(i), records[i].idBody))
        }
      }
      for k in pending.indices { personIndex.warm(pending[k].key) }
      for (i, key) in pending {
        if let p = personIndex.insertIfAbsent(key, Int32(personKey.count)) {
          personOf[Int(i)] = p
          counts[Int(p)] += 1
        } else {
          let p = Int32(personKey.count)
          personKey.append(key)
          counts.append(1)
          personOf[Int(i)] = p
        }
      }
    }
    return PersonIndex(personOf: personOf, personIndex: personIndex, personKey: personKey, counts: counts)
  }

  /// Takes the results of ``rankRecords()`` and ``indexPersons()``: numbers the persons in the
  /// provenance order of their first records (as they were numbered when the input was in
  /// that order) and lists each person's records in provenance order (``personStart``,
  /// ``personRecords``).
  mutating func finishPersons(_ ranking: Ranking, _ index: PersonIndex) {
    (rank, byRank, fileRuns) = (ranking.rank, ranking.byRank, ranking.fileRuns)
    (personOf, personIndex, personKey) = (index.personOf, index.personIndex, index.personKey)
    var counts = index.counts
    if !ranking.inputInRankOrder {
      var number = [Int32](repeating: -1, count: personKey.count)
      var next: Int32 = 0
      for i in byRank where personOf[Int(i)] >= 0 && number[Int(personOf[Int(i)])] < 0 {
        number[Int(personOf[Int(i)])] = next
        next += 1
      }
      for i in personOf.indices where personOf[i] >= 0 { personOf[i] = number[Int(personOf[i])] }
      var keys = personKey
      var newCounts = counts
      for p in number.indices {
        keys[Int(number[p])] = personKey[p]
        newCounts[Int(number[p])] = counts[p]
      }
      personKey = keys
      counts = newCounts
      personIndex = KeyIndex(capacity: personKey.count)
      for (p, key) in personKey.enumerated() { _ = personIndex.insertIfAbsent(key, Int32(p)) }
    }
    personStart = [Int32](repeating: 0, count: personKey.count + 1)
    for p in 0..<personKey.count { personStart[p + 1] = personStart[p] + counts[p] }
    personRecords = [Int32](repeating: 0, count: Int(personStart[personKey.count]))
    var fill = Array(personStart.dropLast())
    for i in byRank where personOf[Int(i)] >= 0 {
      let p = Int(personOf[Int(i)])
      personRecords[Int(fill[p])] = i
      fill[p] += 1
    }
  }

  /// Applies person-level facts to every record of a person: death and unsuitability,
  /// hardship shown by another record, and the person's household.
  mutating func settlePersons() {
    let persons = personCount
    personEligible = [CategorySet](repeating: [], count: persons)
    representative = [Int32](repeating: -1, count: persons)
    personFlags = [PersonFlags](repeating: [], count: persons)
    personHousehold = [Int32](repeating: -1, count: persons)
    personUnit = [Int32](repeating: -1, count: persons)

    for p in 0..<persons {
      let rs = records(ofPerson: p)
      if rs.count > 1 {  // one record has no other to tell
        propagate(.deceased, over: rs)
        propagate(.unsuitableForPairing, over: rs)
      }
      let blocked = rs.contains { has($0, .deceased) || has($0, .unsuitableForPairing) }
      let severeWithoutHardship = rs.contains { hasSevereGradeWithoutHardship($0) }
      personFlags[p] = [
        blocked ? .blocked : [], severeWithoutHardship ? .severeGradeWithoutHardship : [],
      ]
      var personal = CategorySet()
      if blocked {
        for r in rs { eligible[Int(r)] = [] }
      } else {
        for r in rs { personal.formUnion(eligible[Int(r)]) }
        if !personal.contains(.severelyDisabled), severeWithoutHardship, let source = hardshipSource(rs) {
          // A severe grade whose only failure was hardship; another record shows hardship.
          for r in rs where hasSevereGradeWithoutHardship(r) {
            add(r, Finding(.hardshipFromOtherRecord, field: .hardship,
                           message: "hardship shown by \(location(source))"))
            eligible[Int(r)].insert(.severelyDisabled)
            personal.insert(.severelyDisabled)
          }
        }
      }
      personEligible[p] = personal
      representative[p] = rs.first { !eligible[Int($0)].isEmpty } ?? rs.first!
      if personal.contains(.extremelyPoor) {
        let source = rs.first { eligible[Int($0)].contains(.extremelyPoor) }!
        // The key is made by a static function: a method would hold `self` while the
        // closure changes `households`, and Swift would copy the interner for that.
        personHousehold[p] = Work.withScopedHouseholdKey(records, representative, source, p) {
          households.intern(utf8: $0)
        }
      }
      if rs.count > 1 { reportHouseholdConflicts(person: p) }
    }
  }

  /// When one record of a person carries `reason` (death, unsuitability), the others get it
  /// too, pointing at the record that says so.
  mutating func propagate(_ reason: Reason, over rs: ArraySlice<Int32>) {
    guard let source = rs.first(where: { has($0, reason) }) else { return }
    for r in rs where !has(r, reason) {
      add(r, Finding(reason, message: "another record of this person says so: \(location(source))"))
    }
  }

  func hasSevereGradeWithoutHardship(_ r: Int32) -> Bool {
    // The finding first: asked of every record, and a set lookup hashes.
    guard records[Int(r)].reasons.contains(.noQualifyingHardship), let g = records[Int(r)].storedGrade
    else { return false }
    return eligibility.eligibleDisabilityGrades.contains(Int(g))
  }

  /// A record of the person (records `rs`) that shows a qualifying hardship. Asked when
  /// another of them has a severe grade and lacks one.
  func hardshipSource(_ rs: ArraySlice<Int32>) -> Int32? {
    return rs.first { r in
      if let h = records[Int(r)].hardship, eligibility.qualifyingHardship.contains(h) { return true }
      let status = records[Int(r)].status
      if status == .inactive || status == .dead { return false }
      if records[Int(r)].categories.contains(.minimumLiving),
        eligibility.qualifyingHardship.contains(.minimumLiving)
      {
        return true
      }
      return eligible[Int(r)].contains(.extremelyPoor)
        && eligibility.qualifyingHardship.contains(.extremelyPoor)
    }
  }

  /// Calls `body` with the UTF-8 of the household key of a record, scoped so that short
  /// household numbers of different counties cannot collide; a record without one is a
  /// household of its own person (`ID:` and the person's ID).
  static func withScopedHouseholdKey<R>(
    _ records: [VerifiedRecord], _ representative: [Int32], _ r: Int32, _ p: Int,
    _ body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    if records[Int(r)].householdKey.isEmpty { return withPersonHouseholdKey(records, representative, p, body) }
    return withScope(records, r, body)
  }

  /// The number of the scoped household key of record `r` in `households`, if there.
  /// (Static, taking what it reads: a closure that captured `self` would copy all of `Work`.)
  static func household(
    ofScope r: Int32, _ records: [VerifiedRecord], in households: NameInterner
  ) -> Int32? {
    withScope(records, r) { households.index(ofUTF8: $0) }
  }

  /// The number of the household person `p` heads (`ID:` and their ID) in `households`, if
  /// there.
  static func household(
    headedBy p: Int, _ records: [VerifiedRecord], _ representative: [Int32],
    in households: NameInterner
  ) -> Int32? {
    withPersonHouseholdKey(records, representative, p) { households.index(ofUTF8: $0) }
  }

  /// Calls `body` with the UTF-8 of `ID:` and person `p`'s ID: the household key of a
  /// household this person heads.
  static func withPersonHouseholdKey<R>(
    _ records: [VerifiedRecord], _ representative: [Int32], _ p: Int,
    _ body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    records.withIDBytes(at: Int(representative[p])) { id in Work.withJoined("ID:", id, body) }
  }

  /// Calls `body` with the UTF-8 of the scoped household key of record `r`, which has a
  /// household key — `ID:` and the key when it is an ID, else `NO:`, the county, `|` and the
  /// key — made on the stack.
  static func withScope<R>(
    _ records: [VerifiedRecord], _ r: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    records[Int(r)].householdKey.withUTF8Bytes { key in
      if key.count == 18, VerifiedRecord.split(bytes: key) != nil { return withJoined("ID:", key, body) }
      return records[Int(r)].county.withUTF8Bytes { county in
        withJoined("NO:", county, "|", key, body)
      }
    }
  }

  /// Calls `body` with `a` then `b`, one after the other, on the stack: keys and messages made
  /// of parts without a `String` for each step.
  ///
  /// ```swift
  /// Work.withJoined("NO:", county, "|", key) { households.index(ofUTF8: $0) }
  /// ```
  static func withJoined<R>(
    _ a: StaticString, _ b: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    withJoined(a, b, "", UnsafeBufferPointer(start: nil, count: 0), body)
  }

  /// ``withJoined(_:_:_:)`` of four parts.
  static func withJoined<R>(
    _ a: StaticString, _ b: UnsafeBufferPointer<UInt8>, _ c: StaticString,
    _ d: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    let first = UnsafeBufferPointer(start: a.utf8Start, count: a.utf8CodeUnitCount)
    let third = UnsafeBufferPointer(start: c.utf8Start, count: c.utf8CodeUnitCount)
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: first.count + b.count + third.count + d.count) { out in
      var k = 0
      func put(_ part: UnsafeBufferPointer<UInt8>) {
        for byte in part {
          out[k] = byte
          k += 1
        }
      }
      put(first)
      put(b)
      put(third)
      put(d)
      return body(UnsafeBufferPointer(out))
    }
  }

  /// Records of one person in different households are a conflict for review.
  mutating func reportHouseholdConflicts(person p: Int) {
    // Most persons have one record: no scoped keys to build then.
    var withKey = 0
    for r in records(ofPerson: p) where !records[Int(r)].householdKey.isEmpty {
      withKey += 1
      if withKey > 1 { break }
    }
    guard withKey > 1 else { return }
    var seen: [(household: Int32, record: Int32)] = []
    for r in records(ofPerson: p) where !records[Int(r)].householdKey.isEmpty {
      let h = Work.withScope(records, r) { households.intern(utf8: $0) }
      if seen.contains(where: { $0.household == h }) { continue }
      seen.append((h, r))
    }
    guard seen.count > 1 else { return }
    let first = seen[0]
    for other in seen.dropFirst() {
      add(
        other.record,
        Finding(
          .householdConflict, field: .householdID,
          message:
            "household \(display(other.household)) here, household \(display(first.household)) in \(location(first.record))"
        ))
      conflictedHouseholds.insert(other.household)
    }
    conflictedHouseholds.insert(first.household)
  }

  /// Household `h` as shown in messages: IDs masked.
  func display(_ h: Int32) -> String { display(households.key(Int(h))) }

  /// A household key as shown in messages: IDs masked.
  func display(_ scoped: String) -> String {
    if scoped.hasPrefix("ID:") { return IDMask.mask(String(scoped.dropFirst(3))) }
    return String(scoped.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).last ?? "")
  }

  // MARK: Units

  mutating func assignUnits() {
    // 1. Households: persons eligible as extremely poor who are not children.
    for p in 0..<personCount {
      let e = personEligible[p]
      let hk = personHousehold[p]
      guard e.isDisjoint(with: .children), e.contains(.extremelyPoor), hk >= 0 else { continue }
      householdMembers[hk, default: []].append(Int32(p))
    }
    // 2. Every person: a child is their own unit; an extremely poor person their household's;
    //    a severely disabled person their 特困 household's when listed in one, else their own.
    for p in 0..<personCount {
      let e = personEligible[p]
      let rep = representative[p]
      if !e.isDisjoint(with: .children) {
        putInPersonalUnit(p)
        if personHousehold[p] >= 0 {
          let hk = personHousehold[p]
          add(rep, Finding(.childPairedIndividually,
                           message: "paired as a child, not with household \(display(hk))"))
        }
      } else if e.contains(.extremelyPoor), personHousehold[p] >= 0 {
        let hk = personHousehold[p]
        put(p, inHousehold: hk)
        if e.contains(.severelyDisabled) {
          add(rep, Finding(.householdMember, message: "covered by household \(display(hk))"))
        }
      } else if let hk = eligibleHouseholdOfDisabled(p) {
        householdMembers[hk, default: []].append(Int32(p))
        put(p, inHousehold: hk)
        for r in records(ofPerson: p) where hasSevereGradeWithoutHardship(r) {
          eligible[Int(r)].insert(.severelyDisabled)
        }
        personEligible[p].insert(.severelyDisabled)
        representative[p] = records(ofPerson: p).first { !eligible[Int($0)].isEmpty } ?? rep
        add(representative[p], Finding(.householdMember, message: "covered by household \(display(hk))"))
      } else if e.contains(.severelyDisabled) {
        putInPersonalUnit(p)
      }
    }
  }

  /// Makes person `p` a unit of their own, `P-` and a hash of their ID.
  mutating func putInPersonalUnit(_ p: Int) {
    personUnit[p] = Int32(unitIDs.count)
    unitIDs.append(StableHash.hex(records.id(at: Int(representative[p])), prefix: "P-"))
  }

  /// Puts person `p` in the unit of household `h`, `H-` and a hash of its scoped key.
  mutating func put(_ p: Int, inHousehold h: Int32) {
    if let k = householdUnits[h] {
      personUnit[p] = k
      return
    }
    let k = Int32(unitIDs.count)
    unitIDs.append(StableHash.hex(households.key(Int(h)), prefix: "H-"))
    householdUnits[h] = k
    personUnit[p] = k
  }

  /// The ID of person `p`'s unit, if in one.
  func unitID(ofPerson p: Int) -> String? {
    let k = personUnit[p]
    return k < 0 ? nil : unitIDs[Int(k)]
  }

  /// Whether person `p` is in a unit.
  func inUnit(_ p: Int) -> Bool { personUnit[p] >= 0 }

  /// The eligible 特困 household a severely disabled person (eligible, or failing only for want
  /// of hardship) is listed in, if any.
  func eligibleHouseholdOfDisabled(_ p: Int) -> Int32? {
    let flags = personFlags[p]
    let severe =
      personEligible[p].contains(.severelyDisabled) || flags.contains(.severeGradeWithoutHardship)
    guard severe, personEligible[p].isDisjoint(with: .children), !flags.contains(.blocked)
    else { return nil }
    let rs = records(ofPerson: p)
    for r in rs where !records[Int(r)].householdKey.isEmpty {
      if let h = Work.household(ofScope: r, records, in: households), householdMembers[h] != nil {
        return h
      }
    }
    // Listed as the head: other members use this person's ID as their household key.
    if let h = Work.household(headedBy: p, records, representative, in: households),
      householdMembers[h] != nil
    {
      return h
    }
    return nil
  }

  /// Rows of one person that disagree with its representative on name, address or (within one
  /// source) category: their findings, in person order, and the persons they were found in.
  func attributeConflicts() -> (findings: [(Int32, Finding)], persons: [Int32]) {
    var findings: [(Int32, Finding)] = []
    var persons: [Int32] = []
    for p in 0..<personCount {
      let rs = records(ofPerson: p)
      guard rs.count > 1 else { continue }
      let rep = representative[p]
      let a = records[Int(rep)]  // a copy per person with several records, not per record
      let before = findings.count
      defer { if findings.count > before { persons.append(Int32(p)) } }
      for r in rs where r != rep {
        let b = records[Int(r)]
        func compare(_ field: Field, _ x: String, _ y: String, _ shownX: String, _ shownY: String) {
          guard !x.isEmpty, !y.isEmpty, x != y else { return }
          findings.append(
            (r, Finding(.dupAttributeConflict, field: field,
                        message: "\(field.rawValue) \(shownY) here, \(shownX) in \(location(rep))")))
        }
        compare(.name, a.nameKey, b.nameKey, a.name, b.name)
        compare(.county, a.county, b.county, a.county, b.county)
        compare(.township, a.township, b.township, a.township, b.township)
        compare(.village, a.village, b.village, a.village, b.village)
        if a.provenance.source == b.provenance.source, !a.categories.isEmpty,
          !b.categories.isEmpty, a.categories != b.categories
        {
          let names = { (c: CategorySet) in c.map(\.chineseName).joined(separator: "、") }
          compare(.category, a.categories.description, b.categories.description,
                  names(a.categories), names(b.categories))
        }
      }
    }
    return (findings, persons)
  }

  // MARK: Result

  /// Frees what only finding households and units needed, before probable duplicates are
  /// looked for, which is when a province's run peaks (its household keys per person are 85 MB).
  mutating func releaseUnitLookups() {
    personOf = []
    personHousehold = []
    personFlags = []
  }

  /// Drops this copy's person index, keys and name hashes (a province's index alone is
  /// 100 MB), which only finding persons and probable duplicates need.
  mutating func releaseLookups() {
    personIndex = KeyIndex()
    personKey = []
    names = RecordNames()
  }

  /// Each record's disposition: rejected, paired or merged in a unit, else excluded.
  func dispositions() -> [Disposition] {
    var dispositions = [Disposition](repeating: .excluded, count: records.count)
    for i in 0..<records.count where records[i].isRejected { dispositions[i] = .rejected }
    for p in 0..<personCount where inUnit(p) {
      let rep = representative[p]
      for r in records(ofPerson: p) { dispositions[Int(r)] = r == rep ? .paired : .merged }
    }
    return dispositions
  }

  /// The person that splits the exact groups in two halves of about as many records, so that
  /// two threads can make them side by side. (Persons are numbered in provenance order: most
  /// persons with several records are first seen in the first source, so half the persons
  /// would leave one thread most of the groups.)
  func exactDuplicatesMidpoint() -> Int {
    var total = 0
    for p in 0..<personCount {
      let n = Int(personStart[p + 1] - personStart[p])
      if n > 1 { total += n }
    }
    var sum = 0
    for p in 0..<personCount {
      let n = Int(personStart[p + 1] - personStart[p])
      if n > 1 { sum += n }
      if 2 * sum >= total { return p + 1 }
    }
    return personCount
  }

  /// The exact groups of `persons` (in person order) and the findings of their records merged
  /// into another. Their texts are built as bytes, one string each (a province has 400,000
  /// groups): the members merged within a source share one message, those across sources
  /// another.
  func exactDuplicates(of persons: Range<Int>) -> (groups: [DuplicateGroup], findings: [(Int32, Finding)]) {
    var groups: [DuplicateGroup] = []
    var findings: [(Int32, Finding)] = []
    var repLocation: [UInt8] = []
    var text: [UInt8] = []
    for p in persons {
      let rs = records(ofPerson: p)
      guard rs.count > 1 else { continue }
      let rep = representative[p]
      repLocation.removeAll(keepingCapacity: true)
      appendLocation(rep, to: &repLocation)
      let repSource = records[Int(rep)].provenance.source
      var messages: (same: String?, cross: String?) = (nil, nil)
      for r in rs where r != rep {
        let same = records[Int(r)].provenance.source == repSource
        let message: String
        if same {
          message = messages.same ?? Work.string(repLocation, between: "same ID as ", and: "; merged into it")
          messages.same = message
        } else {
          message = messages.cross ?? Work.string(repLocation, between: "the same person as ", and: "")
          messages.cross = message
        }
        findings.append((r, Finding(same ? .dupSameSource : .dupCrossSource, field: .idNumber, message: message)))
      }
      // Fewer sources than records: a source seen twice.
      let kind: Reason =
        sourceBits(person: p).nonzeroBitCount < rs.count ? .dupSameSource : .dupCrossSource
      let groupID = records.withIDBytes(at: Int(rep)) { id in
        text.removeAll(keepingCapacity: true)
        text.append(contentsOf: kind.code.utf8)
        text.append(0x3A)  // ":"
        text.append(contentsOf: id)
        let groupID = text.withUnsafeBufferPointer { StableHash.hex(bytes: $0, prefix: "G-") }
        text.removeAll(keepingCapacity: true)
        text.append(contentsOf: "same ID ".utf8)
        IDMask.appendMasked(id, to: &text)
        return groupID
      }
      text.append(contentsOf: " in ".utf8)
      for r in rs {
        if r != rs.first { text.append(contentsOf: ", ".utf8) }
        if r == rep { text.append(contentsOf: repLocation) } else { appendLocation(r, to: &text) }
      }
      groups.append(
        DuplicateGroup(
          groupID: groupID, kind: kind, members: rs.map { Int($0) },
          evidence: String(decoding: text, as: UTF8.self)))
    }
    return (groups, findings)
  }

  /// `before`, the UTF-8 `bytes`, then `after`, as one string made in place.
  ///
  /// ```swift
  /// Work.string(Array("a.csv:3".utf8), between: "see ", and: ".")  // "see a.csv:3."
  /// ```
  static func string(_ bytes: [UInt8], between before: StaticString, and after: StaticString) -> String {
    bytes.withUnsafeBufferPointer { middle in
      withJoined(before, middle, after, UnsafeBufferPointer(start: nil, count: 0)) {
        String(decoding: $0, as: UTF8.self)
      }
    }
  }

  /// The result, once every finding is added. `groups` are in their order in
  /// ``DeduplicationResult/groups``.
  mutating func result(
    dispositions: [Disposition], units: [PairingUnit], groups: [DuplicateGroup]
  ) -> DeduplicationResult {
    let n = records.count
    var recordUnits = UnitIDs(count: n, ids: unitIDs)
    for p in 0..<personCount where inUnit(p) {
      recordUnits.assign(personUnit[p], to: records(ofPerson: p))
    }

    // Every excluded roster record must say why: those that do not yet get
    // NOT_PAIRING_CATEGORY, last of their findings. Most of a province's records are such
    // (residents on a roster who are not subjects), so the flags stand for the findings
    // until the result is put together.
    var notPairing = [Bool](repeating: false, count: n)
    for k in added.indices where added[k].1.reason.effect == .exclude { notPairing[added[k].0] = true }  // explained
    var notPairingCount = 0
    for i in 0..<n {
      let says = notPairing[i] || addedFlags[i] & Work.ownExclusionFlag != 0
      notPairing[i] = dispositions[i] == .excluded && !says
      if notPairing[i] { notPairingCount += 1 }
    }

    // By record, then in the order added: a radix sort of (record, position) keys.
    var order = added.indices.map { UInt64($0) | UInt64(added[$0].0) << 32 }
    radixSort(&order)
    added = order.map { added[Int($0 & 0xFFFF_FFFF)] }
    order = []
    let notPairingFinding = Finding(
      .notPairingCategory, message: "no category of this person qualifies for pairing")
    let pairs = added
    added = []
    var addedFindings = AddedFindings(
      pairs: pairs, reservingCapacity: pairs.count + notPairingCount, shared: notPairingFinding)
    var j = 0
    for i in 0..<n {
      while j < pairs.count, pairs[j].0 == i {
        addedFindings.appendPair(j)
        j += 1
      }
      if notPairing[i] { addedFindings.appendShared(record: i) }
    }
    return DeduplicationResult(
      dispositions: dispositions, unitIDs: recordUnits, units: units,
      groups: groups,
      addedFindings: addedFindings, provenanceOrder: byRank,
      eligibleAs: eligible)
  }

  /// Marks for review the units of `persons`, whose records were flagged for review after
  /// `units` were built (by the probable-duplicate search, which ran beside it, and by the
  /// comparison of each person's records, which ran after it on the same thread): as
  /// ``buildUnits()`` would have marked them had it run after.
  func markForReview(_ units: inout [PairingUnit], persons: [Int32]) {
    let flagged = Set(persons.lazy.compactMap { self.unitID(ofPerson: Int($0)) })
    guard !flagged.isEmpty else { return }
    for i in units.indices where !units[i].needsReview && flagged.contains(units[i].unitID) {
      units[i].needsReview = true
    }
  }

  /// Puts `groups` in the order of their IDs, as `sort { $0.groupID < $1.groupID }` (stable)
  /// would. Group IDs are `G-` and 16 upper-case hexadecimal digits, whose order is their
  /// number's: sorting numbers spares hundreds of thousands of string comparisons; the groups
  /// are then swapped into place, not copied. Returns the IDs' numbers in their new order, for
  /// ``merge(byGroupID:_:_:_:)``; nil when an ID is not of that shape (then strings were sorted).
  @discardableResult
  static func sortByGroupID(_ groups: inout [DuplicateGroup]) -> [UInt64]? {
    var numbers: [UInt64] = []
    numbers.reserveCapacity(groups.count)
    // By index: `for g in groups` copies each group, retaining its strings and members.
    for i in groups.indices {
      guard let n = groupNumber(groups[i].groupID) else {
        groups.sort { $0.groupID < $1.groupID }
        return nil
      }
      numbers.append(n)
    }
    let order = stableOrder(numbers)
    groups.permute(by: order)
    return order.map { numbers[$0] }
  }

  /// Two lists of groups, each in the order of ``sortByGroupID(_:)``, merged into one in that
  /// order: the order of sorting `a + b` (of two equal IDs, the one of `a` first). Compared by
  /// the numbers `sortByGroupID` returned when both have them, else by the IDs. The groups are
  /// moved, not copied, and `a` and `b` are left empty: a province's groups are strings all
  /// over memory, and copying one retains each of them (a cache miss each).
  ///
  /// ```swift
  /// let na = Work.sortByGroupID(&a), nb = Work.sortByGroupID(&b)
  /// let all = Work.merge(byGroupID: &a, na, &b, nb)  // a + b in ID order; a, b now empty
  /// ```
  static func merge(
    byGroupID a: inout [DuplicateGroup], _ na: [UInt64]?,
    _ b: inout [DuplicateGroup], _ nb: [UInt64]?
  ) -> [DuplicateGroup] {
    let n = a.count + b.count
    let bFirst: (UnsafeMutableBufferPointer<DuplicateGroup>, Int, UnsafeMutableBufferPointer<DuplicateGroup>, Int) -> Bool
    if let na, let nb {
      bFirst = { _, i, _, j in nb[j] < na[i] }
    } else {
      bFirst = { x, i, y, j in y[j].groupID < x[i].groupID }
    }
    // What a moved-out slot holds until its array is freed: no references to release.
    let hole = DuplicateGroup(groupID: "", kind: .dupSameSource, members: [], evidence: "")
    let out = a.withUnsafeMutableBufferPointer { x in
      b.withUnsafeMutableBufferPointer { y in
        [DuplicateGroup](unsafeUninitializedCapacity: n) { out, count in
          var (i, j) = (0, 0)
          for k in 0..<n {
            let fromB = i == x.count || (j < y.count && bFirst(x, i, y, j))
            let source = fromB ? y.baseAddress! + j : x.baseAddress! + i
            (out.baseAddress! + k).initialize(to: source.move())
            source.initialize(to: hole)
            if fromB { j += 1 } else { i += 1 }
          }
          count = n
        }
      }
    }
    (a, b) = ([], [])
    return out
  }

  /// The indices of `numbers` by number, equal numbers by index (a stable sort), by radix-
  /// sorting keys that pack a number's high bits above its index; the rare runs of keys whose
  /// high bits are equal are then ordered by the whole numbers.
  ///
  /// ```swift
  /// Work.stableOrder([7, 3, 7, 1])  // [3, 1, 0, 2]
  /// ```
  static func stableOrder(_ numbers: [UInt64]) -> [Int] {
    let n = numbers.count
    let indexBits = UInt64(max(1, UInt64.bitWidth - UInt64(n).leadingZeroBitCount))
    let indexMask: UInt64 = (1 << indexBits) - 1
    var keys = [UInt64](unsafeUninitializedCapacity: n) { keys, count in
      for i in 0..<n { keys[i] = (numbers[i] >> indexBits) << indexBits | UInt64(i) }
      count = n
    }
    radixSort(&keys)
    var order = keys.map { Int($0 & indexMask) }
    var start = 0
    while start < n {
      var end = start + 1
      while end < n, keys[end] >> indexBits == keys[start] >> indexBits { end += 1 }
      if end - start > 1 {
        order[start..<end].sort { numbers[$0] != numbers[$1] ? numbers[$0] < numbers[$1] : $0 < $1 }
      }
      start = end
    }
    return order
  }

  /// The number of a group ID `G-` + 16 digits 0–9 A–F, or nil for any other text.
  static func groupNumber(_ id: String) -> UInt64? {
    guard let (letter, number) = hexIDKey(id), letter == 0x47 else { return nil }
    return number
  }

  /// A unit ID `H-` or `P-` + 16 digits 0–9 A–F as its letter and number, which order as the
  /// strings do; nil for any other text.
  ///
  /// ```swift
  /// Work.unitIDKey("P-00000000000000FF")  // (0x50, 255)
  /// ```
  static func unitIDKey(_ id: String) -> (letter: UInt8, number: UInt64)? {
    guard let key = hexIDKey(id), key.letter == 0x48 || key.letter == 0x50 else { return nil }
    return key
  }

  /// An upper-case ASCII letter, `-` and 16 digits 0–9 A–F, as the letter and the number.
  static func hexIDKey(_ id: String) -> (letter: UInt8, number: UInt64)? {
    id.withUTF8Bytes { b -> (UInt8, UInt64)? in
      guard b.count == 18, b[0] >= 0x41, b[0] <= 0x5A, b[1] == 0x2D else { return nil }
      var n: UInt64 = 0
      for k in 2..<18 {
        let c = b[k]
        switch c {
        case 0x30...0x39: n = n << 4 | UInt64(c - 0x30)
        case 0x41...0x46: n = n << 4 | UInt64(c - 0x41 + 10)
        default: return nil
        }
      }
      return (b[0], n)
    }
  }

  func needsReview(person p: Int) -> Bool { records(ofPerson: p).contains { needsReview($0) } }

  /// The sources of the person's records, one bit each (``SourceKind/ordinal``).
  func sourceBits(person p: Int) -> UInt8 {
    var bits: UInt8 = 0
    for r in records(ofPerson: p) { bits |= 1 << records[Int(r)].provenance.source.ordinal }
    return bits
  }

  /// The sources of `bits`, in order (sources order as their ordinals do).
  static func sources(_ bits: UInt8) -> [SourceKind] {
    SourceKind.allCases.filter { bits & 1 << $0.ordinal != 0 }
  }

  /// `persons` in the provenance order of their representative records.
  func inProvenanceOrder(_ persons: [Int32]) -> [Int32] {
    guard persons.count > 1 else { return persons }
    // The closure captures these two arrays: capturing `self` would copy all of `Work`
    // (retaining each of its arrays) for every sort.
    let (rank, representative) = (self.rank, self.representative)
    return persons.sorted { rank[Int(representative[Int($0)])] < rank[Int(representative[Int($1)])] }
  }

  /// The first record of the person (provenance order) with an address, else the representative.
  func addressRecord(person p: Int) -> Int {
    Int(records(ofPerson: p).first { !records[Int($0)].village.isEmpty } ?? representative[p])
  }

  func buildUnits() -> [PairingUnit] {
    let pairing: CategorySet = [.orphan, .deFactoUnsupported, .extremelyPoor, .severelyDisabled]
    var units: [PairingUnit] = []
    // Records are read field by field, in place: copying one retains each of its strings.
    for p in 0..<personCount {
      guard let unitID = unitID(ofPerson: p), unitID.hasPrefix("P-") else { continue }
      let rep = Int(representative[p])
      let address = addressRecord(person: p)
      units.append(
        PairingUnit(
          unitID: unitID, type: .person, name: records[rep].name, idNumber: records.id(at: rep),
          sex: records[rep].sex, birthDate: records[rep].birthDate,
          categories: personEligible[p].intersection(pairing), county: records[address].county,
          township: records[address].township, village: records[address].village,
          members: [rep], needsReview: needsReview(person: p),
          sources: Work.sources(sourceBits(person: p))))
    }
    for (h, members) in householdMembers {
      let key = households.key(Int(h))
      let byProvenance = inProvenanceOrder(members)
      let head = headOfHousehold(key: key, membersInProvenanceOrder: byProvenance)
      let ordered = [head] + byProvenance.filter { $0 != head }
      let headRecord = Int(representative[Int(head)])
      let address = addressRecord(person: Int(head))
      var categories = CategorySet()
      var sourceBits: UInt8 = 0
      var review = conflictedHouseholds.contains(h)
      for m in ordered {
        categories.formUnion(personEligible[Int(m)])
        sourceBits |= self.sourceBits(person: Int(m))
        review = review || needsReview(person: Int(m))
      }
      units.append(
        PairingUnit(
          unitID: unitIDs[Int(householdUnits[h]!)], type: .household,
          name: records[headRecord].name,
          idNumber: records.id(at: headRecord), sex: records[headRecord].sex,
          birthDate: records[headRecord].birthDate,
          categories: categories.intersection(pairing).subtracting(.children),
          county: records[address].county, township: records[address].township,
          village: records[address].village,
          members: ordered.map { Int(representative[Int($0)]) }, needsReview: review,
          sources: Work.sources(sourceBits)))
    }
    // Sort indices, not the units themselves (moving large values dominates otherwise). Place
    // names are compared as ranks: comparing Chinese strings costs a normalization each time;
    // unit IDs (`H-`/`P-` and 16 hexadecimal digits) by their letter and number, not as
    // strings all over memory.
    let county = PlaceRanks(units.map(\.county))
    let township = PlaceRanks(units.map(\.township))
    let village = PlaceRanks(units.map(\.village))
    var idKeys: [(letter: UInt8, number: UInt64)] = []
    idKeys.reserveCapacity(units.count)
    for i in units.indices {
      guard let key = Work.unitIDKey(units[i].unitID) else {
        idKeys = []
        break
      }
      idKeys.append(key)
    }
    let byNumbers = idKeys.count == units.count
    let order = units.withUnsafeBufferPointer { u in
      u.indices.sorted { i, j in
        if county.ranks[i] != county.ranks[j] { return county.ranks[i] < county.ranks[j] }
        if township.ranks[i] != township.ranks[j] { return township.ranks[i] < township.ranks[j] }
        if village.ranks[i] != village.ranks[j] { return village.ranks[i] < village.ranks[j] }
        if byNumbers { return idKeys[i] < idKeys[j] }
        return u[i].unitID < u[j].unitID
      }
    }
    units.permute(by: order)
    return units
  }

  /// The head: the member whose ID is the household key, else the one recorded as 户主 / 本人,
  /// else the first member in provenance order. `members` are in provenance order.
  func headOfHousehold(key: String, membersInProvenanceOrder members: [Int32]) -> Int32 {
    if key.hasPrefix("ID:") {
      let id = String(key.dropFirst(3))
      // By number: a person's record has a valid ID, stored as its body and check character.
      if let (body, check) = VerifiedRecord.split(id) {
        if let m = members.first(where: {
          let r = Int(representative[Int($0)])
          return records[r].idBody == body && records[r].idCheck == check
        }) {
          return m
        }
      } else if let m = members.first(where: { records.id(at: Int(representative[Int($0)])) == id }) {
        return m
      }
    }
    if let m = members.first(where: { m in
      records(ofPerson: Int(m)).contains { records[Int($0)].isHouseholdHead }
    }) {
      return m
    }
    return members[0]
  }
}
