@testable import Deduplicate
import PropertyBased
import RosterCore
import Testing

/// `AddedFindings` reads like the `[(Int, Finding)]` it stands for, shared entries included.
@Suite struct AddedFindingsTests {
  static func text(_ pairs: some Sequence<(Int, Finding)>) -> [String] {
    pairs.map { "\($0.0) \($0.1.reason.code) \($0.1.field?.rawValue ?? "-") \($0.1.message)" }
  }

  @Test func readsLikeItsPairs() {
    let pairs = [
      (0, Finding(.dupSameSource, field: .idNumber, message: "same ID")),
      (3, Finding(.householdMember, message: "covered")),
    ]
    let added = AddedFindings(pairs)
    #expect(Self.text(added) == Self.text(pairs))
    #expect(added.count == 2 && added[1].0 == 3)
    let literal: AddedFindings = [(5, Finding(.notPairingCategory))]
    #expect(literal.count == 1 && literal[0].1.reason == .notPairingCategory)
    #expect(AddedFindings([]).isEmpty)
  }

  /// Pairs and shared entries, appended in record order, read back in that order.
  @Test func sharedEntriesReadAsTheSharedFinding() async {
    let shared = Finding(.notPairingCategory, message: "no category of this person qualifies for pairing")
    let step = Gen.bool.array(of: 0...60)
    await propertyCheck(count: 200, input: step) { kinds in
      // Record i gets a pair when kinds[i], else the shared finding.
      let pairs = kinds.indices.filter { kinds[$0] }.map { ($0, Finding(.dupCrossSource, message: "p\($0)")) }
      var added = AddedFindings(pairs: pairs, reservingCapacity: kinds.count, shared: shared)
      var expected: [(Int, Finding)] = []
      var k = 0
      for i in kinds.indices {
        if kinds[i] {
          added.appendPair(k)
          expected.append(pairs[k])
          k += 1
        } else {
          added.appendShared(record: i)
          expected.append((i, shared))
        }
      }
      #expect(Self.text(added) == Self.text(expected))
    }
  }
}
