/// Sorts `values` ascending: a least-significant-digit radix sort, one counting pass for all
/// digits and one scatter pass for each digit that is not the same in every value. For the
/// millions of packed block keys of the probable-duplicate search it is several times faster
/// than `sort()` (a comparison merge sort).
///
/// With `ignoringLowBits`, values are ordered by their bits above the lowest `ignoringLowBits`
/// only, and values equal there keep their order (the sort is stable): the block keys hold a
/// person in their low bits, already ascending, and fewer bits to sort take fewer, narrower
/// passes (three of 14 bits for a province's 41 bits of hash, instead of four of 16). Bits
/// above the highest bit any value has are not sorted either.
///
/// ```swift
/// var keys: [UInt64] = [3 << 40 | 7, 1 << 40 | 9, 3 << 40 | 2]
/// radixSort(&keys)                        // [1 << 40 | 9, 3 << 40 | 2, 3 << 40 | 7]
/// var blocks: [UInt64] = [3 << 40 | 7, 1 << 40 | 9, 3 << 40 | 2]
/// radixSort(&blocks, ignoringLowBits: 40) // [1 << 40 | 9, 3 << 40 | 7, 3 << 40 | 2]
/// ```
func radixSort(_ values: inout [UInt64], ignoringLowBits low: Int = 0) {
  precondition(low >= 0 && low < 64, "ignoringLowBits must be in 0..<64")
  let n = values.count
  guard n >= 1024 else {
    if low == 0 {
      values.sort()  // equal values are the same value: nothing to keep in order
    } else {
      // Ties in the high bits keep their order: positions break them.
      let high = values.map { $0 >> UInt64(low) }
      let order = values.indices.sorted { high[$0] != high[$1] ? high[$0] < high[$1] : $0 < $1 }
      values = order.map { values[$0] }
    }
    return
  }
  // Only the bits some value has are sorted: fewer bits, fewer passes.
  var used: UInt64 = 0
  for v in values { used |= v }
  let sortedBits = max(1, 64 - used.leadingZeroBitCount - low)
  let digits = (sortedBits + 15) / 16
  let width = (sortedBits + digits - 1) / digits  // ≤ 16
  let radix = 1 << width
  let digitMask = UInt64(radix - 1)
  var counts = [Int](repeating: 0, count: digits * radix)
  var scratch = [UInt64](repeating: 0, count: n)
  values.withUnsafeMutableBufferPointer { a in
    scratch.withUnsafeMutableBufferPointer { b in
      counts.withUnsafeMutableBufferPointer { counts in
        for v in a {
          for d in 0..<digits {
            counts[d * radix + Int((v >> UInt64(low + d * width)) & digitMask)] += 1
          }
        }
        var source = a
        var target = b
        for d in 0..<digits {
          let shift = UInt64(low + d * width)
          let base = d * radix
          // Every value has the same digit here: the pass would change nothing.
          if counts[base + Int((source[0] >> shift) & digitMask)] == n { continue }
          var offset = 0
          for k in base..<(base + radix) {
            let c = counts[k]
            counts[k] = offset
            offset += c
          }
          for v in source {
            let k = base + Int((v >> shift) & digitMask)
            target[counts[k]] = v
            counts[k] += 1
          }
          swap(&source, &target)
        }
        if source.baseAddress != a.baseAddress {
          a.baseAddress!.update(from: source.baseAddress!, count: n)
        }
      }
    }
  }
}

extension Array {
  /// Rearranges the elements so that position `k` holds the element that was at `order[k]`,
  /// as `order.map { self[$0] }` would, but by swapping elements in place: a copy of an
  /// element retains each reference it holds, and the old array's release frees them again.
  /// `order` must be a permutation of the indices.
  ///
  /// ```swift
  /// var letters = ["a", "b", "c", "d"]
  /// letters.permute(by: [2, 0, 3, 1])  // ["c", "a", "d", "b"]
  /// ```
  mutating func permute(by order: [Int]) {
    precondition(order.count == count, "order must be a permutation of the indices")
    var done = [Bool](repeating: false, count: count)
    for start in indices where !done[start] {
      // Follow the cycle through `start`: each swap puts one element where it belongs.
      var k = start
      while order[k] != start {
        swapAt(k, order[k])
        done[k] = true
        k = order[k]
      }
      done[k] = true
    }
  }
}
