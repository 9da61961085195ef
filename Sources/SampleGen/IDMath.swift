import ResidentID
import RosterCore

/// ID arithmetic on 17-digit bodies held as integers.
enum IDMath {
  static let weights: [UInt64] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  static let checkCharacters: [UInt8] = Array("10X98765432".utf8)
  static let pow10: [UInt64] = (0...18).map { e in (0..<e).reduce(UInt64(1)) { acc, _ in acc * 10 } }

  /// The check character of a 17-digit body.
  @inline(__always) static func check(_ body: UInt64) -> UInt8 {
    var v = body
    var sum: UInt64 = 0
    for i in stride(from: 16, through: 0, by: -1) {
      sum += (v % 10) * weights[i]
      v /= 10
    }
    return checkCharacters[Int(sum % 11)]
  }

  /// Digit `i` (0-based from the left) of a 17-digit body.
  @inline(__always) static func digit(_ body: UInt64, _ i: Int) -> Int { Int(body / pow10[16 - i] % 10) }

  @inline(__always) static func setDigit(_ body: UInt64, _ i: Int, _ d: Int) -> UInt64 {
    body - UInt64(digit(body, i)) * pow10[16 - i] + UInt64(d) * pow10[16 - i]
  }

  static func body(region: Int32, birth: CalendarDate, sequence: Int) -> UInt64 {
    UInt64(region) * 100_000_000_000 + UInt64(birth.year * 10_000 + birth.month * 100 + birth.day) * 1000
      + UInt64(sequence)
  }

  static func region(_ body: UInt64) -> Int32 { Int32(body / 100_000_000_000) }
  static func sequence(_ body: UInt64) -> Int { Int(body % 1000) }
  /// The birth date digits YYYYMMDD of a body.
  static func birthKey(_ body: UInt64) -> Int { Int(body / 1000 % 100_000_000) }

  /// The date encoded in a body, when it is a real date.
  static func birthDate(_ body: UInt64) -> CalendarDate? {
    let k = birthKey(body)
    return CalendarDate(year: k / 10_000, month: k / 100 % 100, day: k % 100)
  }

  /// The 18 characters of an ID.
  static func text(_ body: UInt64, _ last: UInt8) -> [UInt8] {
    var out = [UInt8](repeating: 0x30, count: 18)
    var v = body
    for i in stride(from: 16, through: 0, by: -1) {
      out[i] = 0x30 + UInt8(v % 10)
      v /= 10
    }
    out[17] = last
    return out
  }

  /// The 15-digit legacy form of a body born 1900–1999 (address, YYMMDD, sequence).
  static func legacy15(_ body: UInt64) -> [UInt8] {
    let t = text(body, 0x30)
    return Array(t[0..<6]) + Array(t[8..<17])
  }

  /// The address code is known to the region table (a county-level code since 1981, or a
  /// Hong Kong / Macao / Taiwan residence permit).
  static func regionKnown(_ code: Int32) -> Bool {
    if code == 810_000 || code == 820_000 || code == 830_000 { return true }
    if knownCodes.contains(code) { return true }
    if code % 10_000 == 0 { return false }
    // Legacy city-level codes (…01, …02, …11, …20) under a known prefecture or municipality.
    let suffix = code % 100
    let middle = (code / 100) % 100
    let province = code / 10_000
    let citySuffix = suffix == 1 || suffix == 2 || suffix == 11 || suffix == 20
    if citySuffix, middle != 0, knownCodes.contains(code - suffix) { return true }
    let municipality = province == 11 || province == 12 || province == 31 || province == 50
    return municipality && (1...3).contains(middle) && (citySuffix || suffix == 0)
  }

  /// County- and prefecture-level codes of the region table (province codes alone are not an
  /// address).
  static let knownCodes: Set<Int32> = Set(RegionTable.standard.allCodes.filter { $0 % 10_000 != 0 })

  /// What the contract makes of a 15-digit legacy ID of `body` (its upgraded 17 digits): a real
  /// date in the 1900s on or before the reference date, and a code of the region table
  /// (residence permits have no 15-digit form).
  static func isValidLegacy(_ body: UInt64, asOf: CalendarDate) -> Bool {
    let code = region(body)
    guard let birth = birthDate(body), birth <= asOf, code / 10_000 < 81 || code / 10_000 > 83 else { return false }
    return regionKnown(code)
  }

  /// What the contract makes of an 18-character ID `body + last`: valid, or rejected.
  /// (Check character, a real birth date between 1890 and the reference date, a known code.)
  static func isValid(_ body: UInt64, _ last: UInt8, asOf: CalendarDate) -> Bool {
    guard check(body) == last, let birth = birthDate(body) else { return false }
    guard birth.year >= 1890, birth <= asOf else { return false }
    return regionKnown(region(body))
  }

  /// Two 17-digit bodies one substitution or one adjacent transposition apart.
  static func oneEditApart(_ a: UInt64, _ b: UInt64) -> Bool {
    guard a != b else { return false }
    var diffs: [Int] = []
    for i in 0..<17 where digit(a, i) != digit(b, i) {
      diffs.append(i)
      if diffs.count > 2 { return false }
    }
    if diffs.count == 1 { return true }
    return diffs.count == 2 && diffs[1] == diffs[0] + 1 && digit(a, diffs[0]) == digit(b, diffs[1])
      && digit(a, diffs[1]) == digit(b, diffs[0])
  }

  /// Every 18-character ID one substitution, one replaced check character or one adjacent
  /// swap away from `id` (18 bytes) whose check passes, as (body, check) — the candidates of
  /// "did you mean …".
  static func corrections(of id: [UInt8]) -> [UInt64] {
    var out: [UInt64] = []
    var b = id
    func body(_ b: [UInt8]) -> UInt64 {
      var v: UInt64 = 0
      for i in 0..<17 { v = v &* 10 &+ UInt64(b[i] &- 0x30) }
      return v
    }
    func passes(_ b: [UInt8]) -> Bool {
      for i in 0..<17 where !(b[i] >= 0x30 && b[i] <= 0x39) { return false }
      guard (b[17] >= 0x30 && b[17] <= 0x39) || b[17] == 0x58 else { return false }
      return check(body(b)) == b[17]
    }
    for p in 0..<17 {
      let original = b[p]
      for d in UInt8(0x30)...UInt8(0x39) where d != original {
        b[p] = d
        if passes(b) { out.append(body(b)) }
      }
      b[p] = original
    }
    if !passes(b), b[0..<17].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { out.append(body(b)) }
    for p in 0..<17 where b[p] != b[p + 1] {
      b.swapAt(p, p + 1)
      if passes(b) { out.append(body(b)) }
      b.swapAt(p, p + 1)
    }
    return out
  }
}
