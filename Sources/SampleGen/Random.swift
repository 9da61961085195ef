/// The generator's deterministic randomness: xoshiro256** seeded through SplitMix64.
///
/// Nothing in SampleGen uses the system's randomness or Swift's `random(in:)`: the same seed
/// gives the same draws on every machine and every Swift version, so the same seed writes
/// byte-identical files.
///
/// ```swift
/// var rng = SampleRandom(seed: 42, stream: 621225)
/// rng.below(6)          // 0…5
/// rng.chance(0.25)      // true a quarter of the time
/// ```
public struct SampleRandom: Sendable {
  private var s0: UInt64
  private var s1: UInt64
  private var s2: UInt64
  private var s3: UInt64

  /// A generator for `seed`; `stream` selects an independent sequence (one per county), so the
  /// counties can be generated in any order or in parallel with the same result.
  public init(seed: UInt64, stream: UInt64 = 0) {
    var sm = SplitMix64(state: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66_D1CE_4E5B)
    s0 = sm.next()
    s1 = sm.next()
    s2 = sm.next()
    s3 = sm.next()
    if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
  }

  /// The next 64 random bits.
  @inline(__always) public mutating func next() -> UInt64 {
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// A uniform integer in `0..<n` (n > 0), by multiply-high (bias below 2⁻³²).
  @inline(__always) public mutating func below(_ n: Int) -> Int {
    precondition(n > 0)
    return Int(next().multipliedFullWidth(by: UInt64(n)).high)
  }

  /// A uniform integer in `range`.
  @inline(__always) public mutating func int(in range: ClosedRange<Int>) -> Int {
    range.lowerBound + below(range.upperBound - range.lowerBound + 1)
  }

  /// A uniform double in [0, 1).
  @inline(__always) public mutating func unit() -> Double {
    Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
  }

  /// True with probability `p`.
  @inline(__always) public mutating func chance(_ p: Double) -> Bool { unit() < p }

  /// A uniformly chosen element.
  @inline(__always) public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

  /// An index drawn with the given cumulative weights (ascending, last = total).
  @inline(__always) public mutating func pick(cumulative: [Double]) -> Int {
    let x = unit() * cumulative[cumulative.count - 1]
    var lo = 0
    var hi = cumulative.count - 1
    while lo < hi {
      let mid = (lo + hi) / 2
      if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }

  /// A count for an expected number of events `mean` (rounded down, plus one with the
  /// probability of the fraction): deterministic totals that average to `mean`.
  public mutating func count(mean: Double) -> Int {
    let whole = Int(mean)
    return whole + (chance(mean - Double(whole)) ? 1 : 0)
  }

  /// Fisher–Yates shuffle.
  public mutating func shuffle<T>(_ a: inout [T]) {
    guard a.count > 1 else { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) {
      let j = below(i + 1)
      if i != j { a.swapAt(i, j) }
    }
  }
}

/// SplitMix64 (Steele, Lea, Flood 2014): seeds xoshiro from one 64-bit value.
struct SplitMix64 {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// Cumulative weights for `SampleRandom.pick(cumulative:)`.
func cumulative(_ weights: [Double]) -> [Double] {
  var out: [Double] = []
  out.reserveCapacity(weights.count)
  var sum = 0.0
  for w in weights {
    sum += w
    out.append(sum)
  }
  return out
}

/// FNV-1a over UTF-8 bytes: hashes of name keys and villages for the global duplicate pass.
@inline(__always) func fnv64(_ s: String) -> UInt64 {
  var h: UInt64 = 0xcbf2_9ce4_8422_2325
  for b in s.utf8 {
    h ^= UInt64(b)
    h = h &* 0x0000_0100_0000_01B3
  }
  return h
}
