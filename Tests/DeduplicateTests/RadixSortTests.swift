import PropertyBased
import RosterCore
import Testing

@testable import Deduplicate

/// The radix sort of the probable-duplicate blocks sorts as `sort()` does.
@Suite struct RadixSortTests {
  @Test func sortsTheExample() {
    var keys: [UInt64] = [3 << 40 | 7, 1 << 40 | 9, 3 << 40 | 2]
    radixSort(&keys)
    #expect(keys == [1 << 40 | 9, 3 << 40 | 2, 3 << 40 | 7])
  }

  /// Values that differ in every digit, in one digit only (the other passes are skipped),
  /// in none, and packed keys like the blocks' (a hash above, a person below).
  static func value(shape: Int, _ rng: inout SystemRandomNumberGenerator) -> UInt64 {
    switch shape {
    case 0: UInt64.random(in: .min ... .max, using: &rng)
    case 1: UInt64.random(in: 0...0xFFFF, using: &rng)
    case 2: UInt64.random(in: 0...0xFFFF, using: &rng) << 32 | 0x1234
    case 3: [0, 1, .max, 1 << 63][Int.random(in: 0..<4, using: &rng)]
    default:
      UInt64.random(in: 0..<(1 << 41), using: &rng) << 23 | UInt64.random(in: 0..<5_000_000, using: &rng)
    }
  }

  @Test(arguments: 0..<5, [0, 1, 2, 1023, 1024, 1025, 70_000])
  func sortsAsSortDoes(_ shape: Int, _ count: Int) {
    var rng = SystemRandomNumberGenerator()
    let values = (0..<count).map { _ in RadixSortTests.value(shape: shape, &rng) }
    var sorted = values
    radixSort(&sorted)
    #expect(sorted == values.sorted(), "shape \(shape), \(count) values")
  }

  @Test func sortsTheExampleByItsHighBits() {
    var blocks: [UInt64] = [3 << 40 | 7, 1 << 40 | 9, 3 << 40 | 2]
    radixSort(&blocks, ignoringLowBits: 40)
    #expect(blocks == [1 << 40 | 9, 3 << 40 | 7, 3 << 40 | 2])
  }

  /// By the bits above the lowest `low`, stably: as a stable sort by `value >> low` does, for
  /// every `low` (digit widths from 16 down to 1) and both paths (under and over 1,024 values).
  @Test(arguments: [0, 1, 7, 23, 24, 40, 48, 49, 62, 63], [0, 5, 1023, 1024, 5000])
  func sortsByHighBitsStably(_ low: Int, _ count: Int) {
    var rng = SystemRandomNumberGenerator()
    // Few distinct high parts, so that many values tie there and the order among them shows.
    let values = (0..<count).map { _ -> UInt64 in
      let high = UInt64.random(in: 0...50, using: &rng) &* 0x9E37_79B9_7F4A_7C15
      let lowMask: UInt64 = low == 0 ? 0 : (1 << UInt64(low)) - 1
      return high & ~lowMask | UInt64.random(in: .min ... .max, using: &rng) & lowMask
    }
    let expected = values.indices.sorted {
      values[$0] >> UInt64(low) != values[$1] >> UInt64(low) ? values[$0] >> UInt64(low) < values[$1] >> UInt64(low) : $0 < $1
    }.map { values[$0] }
    var sorted = values
    radixSort(&sorted, ignoringLowBits: low)
    #expect(sorted == expected, "low \(low), \(count) values")
  }

  @Test func sortsRandomArrays() async {
    await propertyCheck(count: 100, input: Gen.uint64().array(of: 1000...3000)) { values in
      var sorted = values
      radixSort(&sorted)
      #expect(sorted == values.sorted())
    }
  }
}

/// Groups are ordered by ID through their numbers, as a stable sort of the strings would.
@Suite struct GroupOrderTests {
  @Test func groupNumbersReadOnlyTheGroupIDForm() {
    #expect(Work.groupNumber("G-00000000000000FF") == 255)
    #expect(Work.groupNumber("G-FFFFFFFFFFFFFFFF") == .max)
    #expect(Work.groupNumber("G-00000000000000ff") == nil)
    #expect(Work.groupNumber("G-0000000000000FF") == nil)
    #expect(Work.groupNumber("H-00000000000000FF") == nil)
    #expect(Work.groupNumber("G-00000000000000FFF") == nil)
  }

  /// Unit IDs sort by their letter and number as their strings do (units of one village are
  /// put in the order of their IDs so).
  @Test func unitIDKeysOrderAsTheStrings() async {
    #expect(Work.unitIDKey("P-00000000000000FF")! == (0x50, 255))
    #expect(Work.unitIDKey("H-FFFFFFFFFFFFFFFF")! == (0x48, .max))
    #expect(Work.unitIDKey("G-00000000000000FF") == nil)
    #expect(Work.unitIDKey("P-00000000000000ff") == nil)
    #expect(Work.unitIDKey("P-0000000000000FF") == nil)
    let id = Gen<Character?>.element(of: Array("HP")).map { $0! }.string(of: 1...1)
    let hex = Gen<Character?>.element(of: Array("019AF")).map { $0! }.string(of: 16...16)
    await propertyCheck(count: 300, input: id, hex, id, hex) { l1, h1, l2, h2 in
      let (a, b) = (l1 + "-" + h1, l2 + "-" + h2)
      #expect((Work.unitIDKey(a)! < Work.unitIDKey(b)!) == (a < b), "\(a) \(b)")
    }
  }

  /// Random IDs; IDs that repeat (the stable order must hold); and a list with one ID of
  /// another form (then the strings are compared).
  @Test func sortsAsStringsDo() async {
    let hex = Gen<Character?>.element(of: Array("0123456789ABCDEF")).map { $0! }
    let random = hex.array(of: 16).map { "G-" + String($0) }
    let repeating = Gen<String?>.element(of: ["G-0000000000000001", "G-000000000000000A", "G-A000000000000000"]).map { $0! }
    let mixed = Gen<String?>.element(of: ["G-0000000000000001", "G-000000000000000A", "G-1", "G-"]).map { $0! }
    await propertyCheck(count: 100, input: random.array(of: 0...40)) { GroupOrderTests.check($0) }
    await propertyCheck(count: 100, input: repeating.array(of: 0...40)) { GroupOrderTests.check($0) }
    await propertyCheck(count: 100, input: mixed.array(of: 0...40)) { GroupOrderTests.check($0) }
  }

  /// Thousands of numbers (the radix path): random; many equal and many sharing all but their
  /// low bits (the runs put in order after the radix sort); a mix. The order is a stable sort's.
  @Test(arguments: 0..<3, [0, 4, 1023, 1024, 5000])
  func stableOrderIsAStableSortOfTheNumbers(_ shape: Int, _ count: Int) {
    var rng = SystemRandomNumberGenerator()
    let numbers = (0..<count).map { _ -> UInt64 in
      let near = UInt64.random(in: 0...3, using: &rng) << 62 | UInt64.random(in: 0...5, using: &rng)
      let wide = UInt64.random(in: .min ... .max, using: &rng)
      return shape == 0 ? wide : shape == 1 ? near : Bool.random(using: &rng) ? near : wide
    }
    let expected = numbers.indices.sorted { numbers[$0] != numbers[$1] ? numbers[$0] < numbers[$1] : $0 < $1 }
    #expect(Work.stableOrder(numbers) == expected, "shape \(shape), \(count) numbers")
  }

  @Test func stableOrderOfTheExample() {
    #expect(Work.stableOrder([7, 3, 7, 1]) == [3, 1, 0, 2])
  }

  static func check(_ ids: [String]) {
    let groups = ids.enumerated().map { i, id in
      DuplicateGroup(groupID: id, kind: .dupSameSource, members: [i], evidence: "")
    }
    let expected = groups.sorted { $0.groupID < $1.groupID }
    var sorted = groups
    Work.sortByGroupID(&sorted)
    #expect(sorted.map(\.members) == expected.map(\.members))
  }
}

/// Permuting in place gives what mapping the order gives.
@Suite struct PermuteTests {
  @Test func permutesTheExample() {
    var letters = ["a", "b", "c", "d"]
    letters.permute(by: [2, 0, 3, 1])
    #expect(letters == ["c", "a", "d", "b"])
  }

  @Test func permutesAsMappingDoes() async {
    await propertyCheck(input: Gen.int(in: 0...200), Gen.int(in: 0...Int.max)) { count, seed in
      var rng = SplitMix64(seed: UInt64(truncatingIfNeeded: seed))
      let order = Array(0..<count).shuffled(using: &rng)
      var values = (0..<count).map { "v\($0)" }
      let expected = order.map { values[$0] }
      values.permute(by: order)
      #expect(values == expected)
    }
  }
}
