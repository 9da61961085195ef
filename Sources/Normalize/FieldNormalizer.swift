import RosterCore

/// The reading of a cell through a vocabulary of the rules.
public enum VocabularyParse<Value: Sendable & Hashable>: Sendable, Hashable {
  /// Empty (or only spaces).
  case blank
  case value(Value)
  /// Not a word of the vocabulary (the finding quotes the cell).
  case unrecognized

  /// The value, when there is one.
  public var value: Value? {
    if case .value(let v) = self { return v }
    return nil
  }

  @inlinable func map<T>(_ transform: (Value) -> T) -> VocabularyParse<T> {
    switch self {
    case .blank: .blank
    case .value(let v): .value(transform(v))
    case .unrecognized: .unrecognized
    }
  }
}

/// The categories named in a category cell.
public struct CategoryParse: Sendable, Hashable {
  /// The categories recognized, in the order written (no repeats).
  public var categories: [Category]
  /// The parts of the cell that are not words of the vocabulary, as written.
  public var unrecognized: [String]

  public init(categories: [Category] = [], unrecognized: [String] = []) {
    self.categories = categories
    self.unrecognized = unrecognized
  }
}

/// Normalizes the value of each contract field, using the vocabularies of the rules.
///
/// Pure and fast: no Foundation, no regular expressions; lookups go through dictionaries keyed
/// by ``RosterCore/Rules/Vocabulary/matchingKey(_:)`` built once in `init`. Values that need no
/// change are returned without copying.
///
/// ```swift
/// let normalizer = FieldNormalizer(rules: RuleBook.baseline())
/// normalizer.name(" 張　偉 ")         // (display: "張偉", key: "张伟")
/// normalizer.date("2012年3月4日")      // .date(2012-03-04)
/// normalizer.sex("Ｍ")                 // .value(.male)
/// normalizer.categories("孤儿、低保")   // [.orphan, .minimumLiving]
/// normalizer.disabilityGrade("二级")   // .value(2)
/// normalizer.phone("138 0013 8000")    // "13800138000"
/// ```
public struct FieldNormalizer: Sendable {
  // Codes are indexes into `allCases` for the enumerations, the number itself for types and
  // grades.
  let categoryWords: WordTable
  let statusWords: WordTable
  let supportModeWords: WordTable
  let hardshipWords: WordTable
  let typeWords: WordTable
  let gradeWords: WordTable
  let sexWords: WordTable

  static let categories = Category.allCases
  static let statuses = SupportStatus.allCases
  static let supportModes = SupportMode.allCases
  static let hardships = Hardship.allCases
  static let sexes = Sex.allCases

  public init(rules: Rules) {
    func codes<E: CaseIterable & Equatable>(_ words: [String: E]) -> [String: Int] {
      let all = Array(E.allCases)
      return words.mapValues { all.firstIndex(of: $0)! }
    }
    let v = rules.vocabulary
    categoryWords = WordTable(codes(v.categories))
    statusWords = WordTable(codes(v.statuses))
    supportModeWords = WordTable(codes(v.supportModes))
    hardshipWords = WordTable(codes(v.hardship))
    typeWords = WordTable(v.disabilityTypes)
    gradeWords = WordTable(v.disabilityGrades)
    sexWords = WordTable(codes(v.sexes))
  }

  // MARK: Free text

  /// A name for display and its matching key (see ``NameNormalizer``).
  @inlinable public func name(_ raw: String) -> NormalizedName { NameNormalizer.normalize(raw) }

  /// Relation, county, township, village: see ``TextCleaner/clean(_:)``.
  @inlinable public func text(_ raw: String) -> String { TextCleaner.clean(raw) }

  /// A date cell (see ``DateParser``).
  @inlinable public func date(_ raw: String) -> DateParse { DateParser.parse(raw) }

  // MARK: Vocabularies

  public func sex(_ raw: String) -> VocabularyParse<Sex> {
    lookup(raw, sexWords).map { FieldNormalizer.sexes[$0] }
  }
  public func status(_ raw: String) -> VocabularyParse<SupportStatus> {
    lookup(raw, statusWords).map { FieldNormalizer.statuses[$0] }
  }
  public func supportMode(_ raw: String) -> VocabularyParse<SupportMode> {
    lookup(raw, supportModeWords).map { FieldNormalizer.supportModes[$0] }
  }
  public func hardship(_ raw: String) -> VocabularyParse<Hardship> {
    lookup(raw, hardshipWords).map { FieldNormalizer.hardships[$0] }
  }
  /// Disability type 1…7.
  public func disabilityType(_ raw: String) -> VocabularyParse<Int> { lookup(raw, typeWords) }
  /// Disability grade 1…4 (1 most severe).
  public func disabilityGrade(_ raw: String) -> VocabularyParse<Int> { lookup(raw, gradeWords) }

  /// The categories of a cell, which may name several separated by `、` `,` `，` `/` `;` `；`
  /// `|` or spaces (`孤儿、低保`).
  public func categories(_ raw: String) -> CategoryParse {
    var result = CategoryParse()
    let mask = categoryMask(raw, unrecognized: &result.unrecognized)
    for (i, c) in FieldNormalizer.categories.enumerated() where mask & (1 << i) != 0 {
      result.categories.append(c)
    }
    if mask != 0 && result.categories.count > 1 {
      // In the order written.
      result.categories = categoryOrder(raw, mask: mask)
    }
    return result
  }

  /// The categories of a cell as a set (what ``RecordNormalizer`` stores). The mask's bit `i`
  /// is `Category.allCases[i]`, which is also ``CategorySet``'s layout.
  public func categorySet(_ raw: String, unrecognized: inout [String]) -> CategorySet {
    CategorySet(rawValue: UInt8(truncatingIfNeeded: categoryMask(raw, unrecognized: &unrecognized)))
  }

  /// Bit `i` set for `Category.allCases[i]`; parts that are no word are appended to
  /// `unrecognized`.
  func categoryMask(_ raw: String, unrecognized: inout [String]) -> UInt32 {
    if raw.isEmpty { return 0 }
    if !FieldNormalizer.hasCategorySeparator(raw) {
      switch lookup(raw, categoryWords) {
      case .blank: return 0
      case .value(let code): return 1 << UInt32(code)
      case .unrecognized:
        unrecognized.append(TextCleaner.clean(raw))
        return 0
      }
    }
    var mask: UInt32 = 0
    var part = String.UnicodeScalarView()
    func flush() {
      guard !part.isEmpty else { return }
      let text = String(part)
      part = String.UnicodeScalarView()
      switch lookup(text, categoryWords) {
      case .blank: break
      case .value(let code): mask |= 1 << UInt32(code)
      case .unrecognized: unrecognized.append(TextCleaner.clean(text))
      }
    }
    for s in raw.unicodeScalars {
      if FieldNormalizer.isCategorySeparator(s.value) {
        flush()
      } else {
        part.append(s)
      }
    }
    flush()
    return mask
  }

  /// The categories of `mask` in the order the cell names them.
  private func categoryOrder(_ raw: String, mask: UInt32) -> [Category] {
    var order: [Category] = []
    var ignored: [String] = []
    var part = String.UnicodeScalarView()
    func flush() {
      guard !part.isEmpty else { return }
      let m = categoryMask(String(part), unrecognized: &ignored)
      part = String.UnicodeScalarView()
      for (i, c) in FieldNormalizer.categories.enumerated()
      where m & (1 << i) != 0 && !order.contains(c) {
        order.append(c)
      }
    }
    for s in raw.unicodeScalars {
      if FieldNormalizer.isCategorySeparator(s.value) { flush() } else { part.append(s) }
    }
    flush()
    return order
  }

  @inlinable static func isCategorySeparator(_ v: UInt32) -> Bool {
    switch v {
    case 0x2C, 0x2F, 0x3B, 0x7C, 0x3001, 0xFF0C, 0xFF0F, 0xFF1B, 0xFF5C: return true
    default: return TextCleaner.isSpace(v)
    }
  }

  /// True for 18 ASCII digits (the last may be `X`) or 15 digits: already an ID's normal form.
  @inline(__always) static func isNormalizedID(_ raw: String) -> Bool {
    raw.withUTF8Bytes { bytes in
      let n = bytes.count
      guard n == 18 || n == 15 else { return false }
      for i in 0..<n {
        let b = bytes[i]
        if b >= 0x30 && b <= 0x39 { continue }
        if b == 0x58 && i == 17 { continue }
        return false
      }
      return true
    }
  }

  static func hasCategorySeparator(_ raw: String) -> Bool {
    raw.withUTF8Bytes { hasCategorySeparator(bytes: $0) }
  }

  static func hasCategorySeparator(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for b in bytes {
      switch b {
      case 0x2C, 0x2F, 0x3B, 0x7C: return true
      case 0x00...0x20: return true
      case 0xC2, 0xE1, 0xE2, 0xE3, 0xEF: return true  // wide separators and spaces
      default: continue
      }
    }
    return false
  }

  @inline(__always) func lookup(_ raw: String, _ table: WordTable) -> VocabularyParse<Int> {
    if raw.isEmpty { return .blank }
    let exact = table.code(raw)  // the common case: written exactly as a word
    if exact >= 0 { return .value(exact) }
    return lookupFolded(raw, table)
  }

  /// The code of `raw`, not blank and not a word as written, once folded to its matching key.
  func lookupFolded(_ raw: String, _ table: WordTable) -> VocabularyParse<Int> {
    let key = Rules.Vocabulary.matchingKey(raw)
    if key.isEmpty { return .blank }
    let folded = table.code(key)
    return folded >= 0 ? .value(folded) : .unrecognized
  }

  // MARK: Numbers

  /// The digits of a phone cell (full-width folded; spaces, hyphens, brackets and `+` dropped).
  /// Several numbers separated by `,` `，` `、` `/` `;` `；` are kept, joined by `/`.
  ///
  /// ```swift
  /// normalizer.phone("0939-1234567") == "09391234567"
  /// normalizer.phone("13800138000，13900139000") == "13800138000/13900139000"
  /// ```
  public func phone(_ raw: String) -> String {
    if raw.withUTF8Bytes({ $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) { return raw }
    var out: [UInt8] = []
    out.reserveCapacity(raw.utf8.count)
    var groupHasDigits = false
    for s in raw.unicodeScalars {
      let v = TextCleaner.halfWidth(s.value)
      if v >= 0x30 && v <= 0x39 {
        out.append(UInt8(v))
        groupHasDigits = true
      } else if v == 0x2C || v == 0x2F || v == 0x3B || v == 0x3001 || v == 0x7C {
        if groupHasDigits {
          out.append(0x2F)
          groupHasDigits = false
        }
      }
    }
    if out.last == 0x2F { out.removeLast() }
    return String(decoding: out, as: UTF8.self)
  }

  /// The household key of a household-id cell: when it looks like an identity number
  /// (15 digits, or 17 digits and a digit or X, once spaces, hyphens, quote marks, invisible
  /// characters and full-width forms are removed) it is normalized like one (`x` → `X`);
  /// otherwise the text is cleaned (see ``TextCleaner/clean(_:)``).
  ///
  /// ```swift
  /// normalizer.householdKey("６２１２２５２００８０１０１００２ｘ") == "62122520080101002X"
  /// normalizer.householdKey(" 户-0012 ") == "户-0012"
  /// ```
  public func householdKey(_ raw: String) -> String { FieldNormalizer.householdKey(of: raw) }

  static func householdKey(of raw: String) -> String {
    if FieldNormalizer.isNormalizedID(raw) { return raw }
    var out: [UInt8] = []
    out.reserveCapacity(18)
    var looksLikeID = true
    for s in raw.unicodeScalars {
      let v = TextCleaner.halfWidth(s.value)
      if v >= 0x30 && v <= 0x39 {
        if out.count < 18 && out.last != 0x58 { out.append(UInt8(v)) } else { looksLikeID = false }
      } else if v == 0x58 || v == 0x78 {
        if out.count == 17 { out.append(0x58) } else { looksLikeID = false }
      } else if TextCleaner.isSpace(v) || TextCleaner.isInvisible(v) || v == 0x2D || v == 0x27
        || v == 0x2018 || v == 0x2019 || v == 0x60
      {
        continue
      } else {
        looksLikeID = false
      }
      if !looksLikeID { break }
    }
    if looksLikeID && (out.count == 18 || (out.count == 15 && out.last != 0x58)) {
      if raw.hasUTF8Bytes(out) { return raw }
      return String(decoding: out, as: UTF8.self)
    }
    return TextCleaner.clean(raw)
  }
}
