import Deduplicate
import Foundation
import RosterCore
import Testing
import TestSupport

@Suite struct StabilityTests {
  /// A small county: households, children, disabled persons, duplicates and typos.
  func county() -> [SubjectRecord] {
    var out: [SubjectRecord] = []
    var line = 2
    for h in 0..<20 {
      let head = SyntheticID.make(birth: "1950010\(h % 9 + 1)", sequence: String(format: "%03d", 100 + h))
      let member = SyntheticID.make(birth: "1955020\(h % 9 + 1)", sequence: String(format: "%03d", 300 + h))
      out.append(record(line: line, name: "户主\(h)", id: head, categories: [.extremelyPoor],
                        eligible: [.extremelyPoor], household: "HH\(h)", relation: "户主"))
      out.append(record(line: line + 1, name: "成员\(h)", id: member, categories: [.extremelyPoor],
                        eligible: [.extremelyPoor], household: "HH\(h)"))
      line += 2
    }
    for c in 0..<15 {
      let id = SyntheticID.make(birth: "2012030\(c % 9 + 1)", sequence: String(format: "%03d", 500 + c))
      out.append(record(line: line, name: "孤儿\(c)", id: id, categories: [.orphan], eligible: [.orphan]))
      if c % 3 == 0 {
        out.append(record(.disability, line: line, name: "孤儿\(c)", id: id,
                          eligible: [.severelyDisabled], grade: 1))
      }
      if c % 5 == 0 {
        var chars = Array(id)
        chars[16] = chars[16] == "1" ? "2" : "1"
        out.append(record(.disability, line: line + 100, name: "孤儿\(c)", id: String(chars), valid: false))
      }
      line += 1
    }
    return out
  }

  func signature(_ records: [SubjectRecord], _ result: DeduplicationResult) -> [String: String] {
    // record identity (file:line:id) → disposition and unit
    var out: [String: String] = [:]
    for (i, r) in records.enumerated() {
      out["\(r.provenance.file):\(r.provenance.line):\(r.id)"] =
        "\(result.dispositions[i].rawValue) \(result.unitIDs[i]) \(r.reasons.map(\.code).sorted())"
    }
    return out
  }

  @Test func shufflingTheInputGivesTheSameUnitsAndGroups() {
    let input = county()
    let (a, ra) = run(input)
    var generator = SplitMix64(seed: 42)
    for _ in 0..<5 {
      let (b, rb) = run(input.shuffled(using: &generator))
      #expect(a.units == b.units.map { unit in
        // member indices differ with the order; compare everything else
        var u = unit
        u.members = a.units.first { $0.unitID == unit.unitID }?.members ?? []
        return u
      })
      #expect(Set(a.groups.map(\.groupID)) == Set(b.groups.map(\.groupID)))
      #expect(signature(ra, a) == signature(rb, b))
    }
  }

  @Test func unitIDsAreStableWhenRowsAreReorderedAndOneIsAdded() {
    let input = county()
    let (first, _) = run(input)
    // Reorder lines within the file and add one new orphan.
    var next = input.reversed().enumerated().map { (i, r) -> SubjectRecord in
      var r = r
      r.provenance.line = 1000 + i
      return r
    }
    let newID = SyntheticID.make(birth: "20150101", sequence: "777")
    next.append(record(line: 5000, name: "新孤儿", id: newID, categories: [.orphan], eligible: [.orphan]))
    let (second, _) = run(next)
    let before = Set(first.units.map(\.unitID))
    let after = Set(second.units.map(\.unitID))
    #expect(after.subtracting(before).count == 1)
    #expect(before.isSubset(of: after))
  }

  @Test func everyRecordGetsExactlyOneDisposition() {
    let input = county()
    let (result, records) = run(input)
    #expect(result.dispositions.count == input.count)
    #expect(records.count == input.count)
    for (i, d) in result.dispositions.enumerated() {
      switch d {
      case .paired, .merged: #expect(!result.unitIDs[i].isEmpty)
      case .excluded, .rejected: #expect(result.unitIDs[i].isEmpty)
      }
    }
    // Each unit member's record is paired; each paired record is a member of its unit.
    let paired = Set(result.dispositions.indices.filter { result.dispositions[$0] == .paired })
    #expect(Set(result.units.flatMap(\.members)) == paired)
  }
}

/// A deterministic generator so shuffles are reproducible.
struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite struct CompactRecordTests {
  @Test func compactRecordsDeduplicateExactlyLikeFullRecords() {
    let input = StabilityTests().county()
    let full = Deduplicator().run(input)
    let compact = Deduplicator().run(input.map(VerifiedRecord.init))
    #expect(full.dispositions == compact.dispositions)
    #expect(full.unitIDs == compact.unitIDs)
    #expect(full.units == compact.units)
    #expect(full.groups == compact.groups)
    #expect(full.addedFindings.map { "\($0.0) \($0.1)" } == compact.addedFindings.map { "\($0.0) \($0.1)" })
  }
}
