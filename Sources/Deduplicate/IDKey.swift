import RosterCore

/// Compact keys for normalized identity numbers, and the single-edit arithmetic that probable
/// duplicate detection needs. A valid ID is 17 digits plus a check character that the digits
/// determine, so the 17 digits as an integer identify it.
enum IDKey {
  static let weights: [Int] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  static let checkCharacters: [UInt8] = Array("10X98765432".utf8)

  /// The 17 leading digits of an 18-character ID as an integer; nil unless they are digits.
  static func key(_ id: String) -> UInt64? { VerifiedRecord.split(id)?.0 }

  /// The 18 characters of `id` as bytes when it has the shape of an 18-character ID.
  static func bytes(_ id: String) -> [UInt8]? {
    let b = Array(id.utf8)
    guard b.count == 18 else { return nil }
    for i in 0..<17 where !(b[i] >= 0x30 && b[i] <= 0x39) { return nil }
    guard (b[17] >= 0x30 && b[17] <= 0x39) || b[17] == 0x58 else { return nil }
    return b
  }

  static func checkCharacter(_ digits: ArraySlice<UInt8>) -> UInt8 {
    var sum = 0
    for (i, d) in digits.enumerated() { sum += Int(d &- 0x30) * weights[i] }
    return checkCharacters[sum % 11]
  }

  static func key(bytes b: [UInt8]) -> UInt64 {
    var value: UInt64 = 0
    for i in 0..<17 { value = value &* 10 &+ UInt64(b[i] &- 0x30) }
    return value
  }

  /// Every ID one substitution or one adjacent transposition away from `id` that passes the
  /// check, with a description of the edit (1-based positions).
  static func corrections(of id: [UInt8]) -> [(key: UInt64, edit: Edit)] {
    var out: [(UInt64, Edit)] = []
    var b = id
    // Substitutions in the 17 digits.
    for p in 0..<17 {
      let original = b[p]
      for d in UInt8(0x30)...UInt8(0x39) where d != original {
        b[p] = d
        if checkCharacter(b[0..<17]) == b[17] {
          out.append((key(bytes: b), .substitution(position: p + 1, from: original, to: d)))
        }
      }
      b[p] = original
    }
    // A substituted check character.
    let check = checkCharacter(b[0..<17])
    if check != b[17] {
      out.append((key(bytes: b), .substitution(position: 18, from: b[17], to: check)))
    }
    // Adjacent transpositions (the last one swaps a digit with the check character).
    for p in 0..<17 where b[p] != b[p + 1] {
      b.swapAt(p, p + 1)
      if IDKey.isShape(b), checkCharacter(b[0..<17]) == b[17] {
        out.append((key(bytes: b), .transposition(position: p + 1, first: b[p + 1], second: b[p])))
      }
      b.swapAt(p, p + 1)
    }
    return out
  }

  static func isShape(_ b: [UInt8]) -> Bool {
    for i in 0..<17 where !(b[i] >= 0x30 && b[i] <= 0x39) { return false }
    return (b[17] >= 0x30 && b[17] <= 0x39) || b[17] == 0x58
  }

  /// How the 17-digit bodies of two IDs differ when they are one substitution or one adjacent
  /// transposition apart. (Two *valid* IDs can never be one edit apart in all 18 characters:
  /// MOD 11-2 catches every single substitution and adjacent transposition, so a typo that
  /// survived as a valid ID had its check character recomputed.)
  static func bodyEdit(from a: [UInt8], to b: [UInt8]) -> Edit? {
    var diffs: [Int] = []
    for i in 0..<17 where a[i] != b[i] {
      diffs.append(i)
      if diffs.count > 2 { return nil }
    }
    if diffs.count == 1 {
      let p = diffs[0]
      return .substitution(position: p + 1, from: a[p], to: b[p])
    }
    if diffs.count == 2, diffs[1] == diffs[0] + 1, a[diffs[0]] == b[diffs[1]],
      a[diffs[1]] == b[diffs[0]]
    {
      return .transposition(position: diffs[0] + 1, first: a[diffs[0]], second: a[diffs[1]])
    }
    return nil
  }

  /// A single edit between two IDs, described without revealing either ID.
  enum Edit: Hashable {
    case substitution(position: Int, from: UInt8, to: UInt8)
    /// Characters `first second` at `position`, `position + 1` read `second first` in the other ID.
    case transposition(position: Int, first: UInt8, second: UInt8)

    var description: String {
      switch self {
      case .substitution(let p, let from, let to):
        "character \(p) differs (\(Character(Unicode.Scalar(from))) vs \(Character(Unicode.Scalar(to))))"
      case .transposition(let p, let first, let second):
        "characters \(p)–\(p + 1) are swapped (\(Character(Unicode.Scalar(first)))\(Character(Unicode.Scalar(second))) vs \(Character(Unicode.Scalar(second)))\(Character(Unicode.Scalar(first))))"
      }
    }
  }
}
