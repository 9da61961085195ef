/// The vocabulary of the programme, shared by the rules, the Normalize stage and the checks.
/// Raw values are stable: they appear in outputs and in the run store.

/// A subject category (对象类别), §2.3 of the data contract.
public enum Category: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
  /// 孤儿
  case orphan
  /// 事实无人抚养儿童
  case deFactoUnsupported = "de-facto-unsupported"
  /// 特困人员 (特困供养人员, legacy 五保户); paired as a household.
  case extremelyPoor = "extremely-poor"
  /// 困难重度残疾人: derived from disability grade and hardship, or named in a category column.
  case severelyDisabled = "severely-disabled"
  /// 低保: not a pairing category by itself.
  case minimumLiving = "minimum-living"

  /// The Chinese name used in the pairing roster and the report.
  public var chineseName: String {
    switch self {
    case .orphan: "孤儿"
    case .deFactoUnsupported: "事实无人抚养儿童"
    case .extremelyPoor: "特困人员"
    case .severelyDisabled: "困难重度残疾人"
    case .minimumLiving: "低保"
    }
  }

  /// Children are always paired as individual units.
  public var isChild: Bool { self == .orphan || self == .deFactoUnsupported }

  /// Position in `allCases`: the bit of the category in a ``CategorySet``.
  @inlinable public var bit: UInt8 {
    switch self {
    case .orphan: 1 << 0
    case .deFactoUnsupported: 1 << 1
    case .extremelyPoor: 1 << 2
    case .severelyDisabled: 1 << 3
    case .minimumLiving: 1 << 4
    }
  }

  /// The category whose ``bit`` is `bit` (a single set bit of a ``CategorySet``).
  @inlinable static func byBit(_ bit: UInt8) -> Category? {
    switch bit {
    case 1 << 0: .orphan
    case 1 << 1: .deFactoUnsupported
    case 1 << 2: .extremelyPoor
    case 1 << 3: .severelyDisabled
    case 1 << 4: .minimumLiving
    default: nil
    }
  }

  public static func < (a: Category, b: Category) -> Bool { a.bit < b.bit }
  public func hash(into hasher: inout Hasher) { hasher.combine(bit) }
}

/// A set of categories in one byte (records carry several, millions of times over).
///
/// ```swift
/// var set: CategorySet = [.orphan]
/// set.insert(.extremelyPoor)
/// set.contains(.orphan) == true
/// Array(set) == [.orphan, .extremelyPoor]
/// ```
public struct CategorySet: Sendable, Hashable, Codable, Sequence, ExpressibleByArrayLiteral,
  CustomStringConvertible
{
  public var rawValue: UInt8

  @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
  @inlinable public init() { rawValue = 0 }
  @inlinable public init(arrayLiteral elements: Category...) {
    rawValue = 0
    for e in elements { rawValue |= e.bit }
  }
  @inlinable public init(_ elements: some Sequence<Category>) {
    rawValue = 0
    for e in elements { rawValue |= e.bit }
  }

  @inlinable public var isEmpty: Bool { rawValue == 0 }
  @inlinable public var count: Int { rawValue.nonzeroBitCount }
  @inlinable public func contains(_ c: Category) -> Bool { rawValue & c.bit != 0 }
  @inlinable public mutating func insert(_ c: Category) { rawValue |= c.bit }
  @inlinable public mutating func remove(_ c: Category) { rawValue &= ~c.bit }
  @inlinable public func union(_ other: CategorySet) -> CategorySet {
    CategorySet(rawValue: rawValue | other.rawValue)
  }
  @inlinable public func intersection(_ other: CategorySet) -> CategorySet {
    CategorySet(rawValue: rawValue & other.rawValue)
  }
  @inlinable public func subtracting(_ other: CategorySet) -> CategorySet {
    CategorySet(rawValue: rawValue & ~other.rawValue)
  }
  @inlinable public mutating func formUnion(_ other: CategorySet) { rawValue |= other.rawValue }
  @inlinable public func isDisjoint(with other: CategorySet) -> Bool {
    rawValue & other.rawValue == 0
  }

  /// The children's categories.
  public static let children: CategorySet = [.orphan, .deFactoUnsupported]

  /// Categories in catalog order, read off the bits (no array is made: verification walks a
  /// record's categories for every record).
  public func makeIterator() -> Iterator { Iterator(bits: rawValue) }

  public struct Iterator: IteratorProtocol {
    @usableFromInline var bits: UInt8

    @inlinable init(bits: UInt8) { self.bits = bits }

    @inlinable public mutating func next() -> Category? {
      guard bits != 0 else { return nil }
      let bit = bits & (0 &- bits)  // the lowest set bit: bits follow catalog order
      bits &= bits &- 1
      return Category.byBit(bit)
    }
  }

  /// `a;b` with the raw values, as written to the run store.
  public var description: String { map(\.rawValue).joined(separator: ";") }
}

/// Support status (保障状态).
public enum SupportStatus: String, CaseIterable, Sendable, Hashable, Codable {
  /// 在保, 正常
  case active
  /// 停保, 退出, 注销
  case inactive
  /// 死亡
  case dead
}

/// Hardship status (困难类型).
public enum Hardship: String, CaseIterable, Sendable, Hashable, Codable {
  /// 低保
  case minimumLiving = "minimum-living"
  /// 特困
  case extremelyPoor = "extremely-poor"
  /// 低收入
  case lowIncome = "low-income"
  /// 无 / blank
  case none
}

/// Support mode (供养方式).
public enum SupportMode: String, CaseIterable, Sendable, Hashable, Codable {
  /// 集中供养, 机构养育: lives in an institution.
  case institutional
  /// 分散供养, 社会散居: lives at home.
  case home
}

/// Sex (性别).
public enum Sex: String, CaseIterable, Sendable, Hashable, Codable {
  case male
  case female

  public var chineseName: String { self == .male ? "男" : "女" }
}
