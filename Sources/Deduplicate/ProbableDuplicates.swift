import RosterCore

/// Probable duplicates found in a run: groups for `duplicates.csv` and the findings to add.
struct ProbableDuplicates {
  var groups: [DuplicateGroup] = []
  /// (record index, finding) pairs.
  var findings: [(Int32, Finding)] = []
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
struct ProbableDuplicateFinder {
  let work: Work

  init(work: Work) { self.work = work }

  private struct Pair: Hashable {
    var a: Int32
    var b: Int32
    init(_ x: Int32, _ y: Int32) {
      a = min(x, y)
      b = max(x, y)
    }
  }

  private struct Match {
    var kind: Reason
    var evidence: [String]
  }

  func find() -> ProbableDuplicates {
    // Intern the name key of each person's representative record.
    var nameIndex: [String: Int32] = [:]
    var personName = [Int32](repeating: -1, count: work.personCount)
    var namePersons: [[Int32]] = []
    for p in 0..<work.personCount {
      let key = work.records[Int(work.representative[p])].nameKey
      guard !key.isEmpty else { continue }
      let idx: Int32
      if let i = nameIndex[key] {
        idx = i
      } else {
        idx = Int32(namePersons.count)
        nameIndex[key] = idx
        namePersons.append([])
      }
      personName[p] = idx
      namePersons[Int(idx)].append(Int32(p))
    }

    var matches: [Pair: Match] = [:]
    findTypos(namePersons: namePersons, into: &matches)
    findSameNameBirthVillage(namePersons: namePersons, into: &matches)

    var out = ProbableDuplicates()
    for (pair, match) in matches {
      let ra = work.representative[Int(pair.a)]
      let rb = work.representative[Int(pair.b)]
      let members = [ra, rb].sorted { work.rank[Int($0)] < work.rank[Int($1)] }
      let ids = [work.records[Int(ra)].id, work.records[Int(rb)].id].sorted()
      let evidence = match.evidence.joined(separator: "; ")
      out.groups.append(
        DuplicateGroup(
          groupID: "G-" + StableHash.hex(match.kind.code + ":" + ids.joined(separator: ",")),
          kind: match.kind, members: members.map { Int($0) }, evidence: evidence))
      out.findings.append(
        (ra, Finding(match.kind, field: .idNumber, message: "\(evidence) (see \(work.location(rb)))")))
      out.findings.append(
        (rb, Finding(match.kind, field: .idNumber, message: "\(evidence) (see \(work.location(ra)))")))
    }
    findCorrections(nameIndex: nameIndex, personName: personName, into: &out)
    return out
  }

  private func inUnit(_ p: Int32) -> Bool { !work.personUnit[Int(p)].isEmpty }

  /// Rule 1: same name, IDs one edit apart.
  private func findTypos(namePersons: [[Int32]], into matches: inout [Pair: Match]) {
    var blocks: [TypoBlock: [Int32]] = [:]
    for persons in namePersons where persons.count > 1 {
      for p in persons {
        let v = work.personKey[Int(p)]  // the 17-digit body
        let name = persons[0]  // stands for the name within this run
        blocks[TypoBlock(name: name, part: v / 100_000_000, kind: 0), default: []].append(p)
        blocks[TypoBlock(name: name, part: v % 100_000_000, kind: 1), default: []].append(p)
        blocks[
          TypoBlock(name: name, part: (v / 1_000_000_000) * 10_000_000 + v % 10_000_000, kind: 2),
          default: []
        ].append(p)
      }
    }
    for (_, persons) in blocks where persons.count > 1 {
      for i in 0..<persons.count {
        for j in (i + 1)..<persons.count {
          let p = persons[i]
          let q = persons[j]
          guard inUnit(p) || inUnit(q) else { continue }
          let pair = Pair(p, q)
          if matches[pair]?.kind == .probableDupIDTypo { continue }
          guard let a = IDKey.bytes(work.records[Int(work.representative[Int(pair.a)])].id),
            let b = IDKey.bytes(work.records[Int(work.representative[Int(pair.b)])].id),
            let edit = IDKey.bodyEdit(from: a, to: b)
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

  /// Rule 2: same name, birth date and village.
  private func findSameNameBirthVillage(
    namePersons: [[Int32]], into matches: inout [Pair: Match]
  ) {
    var blocks: [BirthVillageBlock: [Int32]] = [:]
    for persons in namePersons where persons.count > 1 {
      for p in persons {
        let rec = work.records[Int(work.representative[Int(p)])]
        guard let birth = rec.birthDate else { continue }
        let village = work.records[work.addressRecord(person: Int(p))].village
        guard !village.isEmpty else { continue }
        blocks[BirthVillageBlock(name: persons[0], birth: birth, village: village), default: []].append(p)
      }
    }
    for (block, persons) in blocks where persons.count > 1 {
      for i in 0..<persons.count {
        for j in (i + 1)..<persons.count {
          let p = persons[i]
          let q = persons[j]
          guard inUnit(p) || inUnit(q) else { continue }
          let pair = Pair(p, q)
          let name = work.records[Int(work.representative[Int(p)])].name
          let evidence =
            "same name \(name), birth date \(block.birth) and village \(block.village) with different IDs"
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
    nameIndex: [String: Int32], personName: [Int32], into out: inout ProbableDuplicates
  ) {
    for i in 0..<work.records.count {
      let rec = work.records[i]
      guard rec.isRejected, rec.provenance.source != .deaths, !rec.nameKey.isEmpty,
        let name = nameIndex[rec.nameKey],
        !rec.has(.idExcelZeroed), !rec.has(.idExcelScientific),
        let bytes = IDKey.bytes(rec.id)
      else { continue }
      var seen = Set<Int32>()
      for (key, edit) in IDKey.corrections(of: bytes) {
        guard let p = work.personIndex[key], personName[Int(p)] == name, seen.insert(p).inserted
        else { continue }
        let target = work.representative[Int(p)]
        let evidence =
          "invalid ID \(IDMask.mask(rec.id)) becomes the ID of \(work.records[Int(target)].name) when \(edit.description) is corrected (did you mean \(IDMask.mask(work.records[Int(target)].id))?)"
        let members = [Int32(i), target].sorted { work.rank[Int($0)] < work.rank[Int($1)] }
        out.groups.append(
          DuplicateGroup(
            groupID: "G-"
              + StableHash.hex(
                Reason.probableDupCorrectedID.code + ":" + rec.id + "," + work.records[Int(target)].id),
            kind: .probableDupCorrectedID, members: members.map { Int($0) }, evidence: evidence))
        out.findings.append(
          (Int32(i), Finding(.probableDupCorrectedID, field: .idNumber,
                             message: "\(evidence) (see \(work.location(target)))")))
        out.findings.append(
          (target, Finding(.probableDupCorrectedID, field: .idNumber,
                           message: "\(evidence) (see \(work.location(Int32(i)))")))
      }
    }
  }
}

/// Persons sharing a name and part of their ID body (rule 1).
private struct TypoBlock: Hashable {
  var name: Int32
  var part: UInt64
  var kind: UInt8
}

/// Persons sharing a name, a birth date and a village (rule 2).
private struct BirthVillageBlock: Hashable {
  var name: Int32
  var birth: CalendarDate
  var village: String
}
