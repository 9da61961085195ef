/// The effective rules of a run: header aliases, value vocabularies, eligibility thresholds,
/// unsuitable-for-pairing conditions and the jurisdiction.
///
/// Rules are data, not code: they are read from `Rules/*.yml` by the RuleBook target (a
/// county file `extends:` the baseline and overrides a few keys). This type is the pure
/// value the stages consume.
///
/// ```swift
/// var rules = Rules()
/// rules.headerAliases[.idNumber] = ["身份证号", "公民身份号码"]
/// rules.eligibility.childAgeLimit == 18
/// ```
public struct Rules: Sendable, Hashable {
  /// A display name, e.g. "西和县 (陇南市, 甘肃省)".
  public var name: String
  /// Header aliases per field. Matching ignores surrounding and inner spaces and treats
  /// full- and half-width punctuation alike (see the Ingest stage).
  public var headerAliases: [Field: [String]]
  public var vocabulary: Vocabulary
  public var eligibility: Eligibility
  /// Conditions that make an otherwise eligible person unsuitable for pairing.
  public var unsuitable: [UnsuitableCondition]
  /// When set, records outside it are excluded.
  public var jurisdiction: Jurisdiction?
  /// Checks on the ID column of a whole file.
  public var idColumn: IDColumnRules
  /// Where these rules were read from (empty for rules built in code).
  public var source: Source

  public init(
    name: String = "", headerAliases: [Field: [String]] = [:],
    vocabulary: Vocabulary = Vocabulary(), eligibility: Eligibility = Eligibility(),
    unsuitable: [UnsuitableCondition] = [], jurisdiction: Jurisdiction? = nil,
    idColumn: IDColumnRules = IDColumnRules(), source: Source = Source()
  ) {
    self.name = name
    self.headerAliases = headerAliases
    self.vocabulary = vocabulary
    self.eligibility = eligibility
    self.unsuitable = unsuitable
    self.jurisdiction = jurisdiction
    self.idColumn = idColumn
    self.source = source
  }

  /// The files the rules were read from and a content hash of them, for run parameters and
  /// the run store: two runs with the same `sha256` used the same rules.
  ///
  /// ```swift
  /// rules.source.files == ["Rules/baseline.yml", "Rules/xihe-county.yml"]  // extends order
  /// rules.source.sha256.count == 64
  /// ```
  public struct Source: Sendable, Hashable {
    /// The files in extends order: the base first, the file named by the user last.
    public var files: [String]
    /// SHA-256 (hex) of the files' bytes in `files` order, each preceded by its byte count
    /// as a decimal number and a newline; "" for rules built in code.
    public var sha256: String
    public init(files: [String] = [], sha256: String = "") {
      self.files = files
      self.sha256 = sha256
    }
  }

  /// Words an office writes in a field, mapped to their meaning. Keys are matched after
  /// trimming spaces and folding full-width characters.
  public struct Vocabulary: Sendable, Hashable {
    public var categories: [String: Category]
    public var statuses: [String: SupportStatus]
    public var supportModes: [String: SupportMode]
    public var hardship: [String: Hardship]
    /// Disability type words and digits → 1…7 (视力 1, 听力 2, 言语 3, 肢体 4, 智力 5, 精神 6, 多重 7).
    public var disabilityTypes: [String: Int]
    /// Disability grade words and digits → 1…4 (1 most severe).
    public var disabilityGrades: [String: Int]
    public var sexes: [String: Sex]

    public init(
      categories: [String: Category] = [:], statuses: [String: SupportStatus] = [:],
      supportModes: [String: SupportMode] = [:], hardship: [String: Hardship] = [:],
      disabilityTypes: [String: Int] = [:], disabilityGrades: [String: Int] = [:],
      sexes: [String: Sex] = [:]
    ) {
      self.categories = categories
      self.statuses = statuses
      self.supportModes = supportModes
      self.hardship = hardship
      self.disabilityTypes = disabilityTypes
      self.disabilityGrades = disabilityGrades
      self.sexes = sexes
    }

    /// The form in which vocabulary words are compared: all whitespace (including U+3000,
    /// NBSP) and zero-width characters removed, full-width ASCII (U+FF01–U+FF5E) folded to
    /// half-width, ASCII letters lowercased. The rules loader rejects two words with the same
    /// key and different meanings; the Normalize stage looks values up by this key.
    ///
    /// ```swift
    /// Rules.Vocabulary.matchingKey(" 在 保 ") == "在保"
    /// Rules.Vocabulary.matchingKey("Ｍ") == "m"
    /// Rules.Vocabulary.matchingKey("１级") == "1级"
    /// ```
    public static func matchingKey(_ text: String) -> String {
      if !needsFolding(text) { return text }
      var out = String.UnicodeScalarView()
      for s in text.unicodeScalars {
        let v = s.value
        if v < 0x80 {
          if v <= 0x20 || v == 0x7F { continue }
          if v >= 0x41 && v <= 0x5A {
            out.append(Unicode.Scalar(v + 0x20)!)
          } else {
            out.append(s)
          }
        } else if v >= 0xFF01 && v <= 0xFF5E {
          var h = v - 0xFEE0
          if h >= 0x41 && h <= 0x5A { h += 0x20 }
          out.append(Unicode.Scalar(h)!)
        } else if isSpaceOrInvisible(v) {
          continue
        } else {
          out.append(s)
        }
      }
      return String(out)
    }

    /// True for Unicode white space and the invisible characters that creep into cells:
    /// U+0085, NBSP, U+1680, U+2000–U+200D, U+2028/9, U+202F, U+205F, U+2060, U+3000, U+FEFF.
    @inlinable public static func isSpaceOrInvisible(_ v: UInt32) -> Bool {
      if v <= 0x20 || v == 0x7F { return true }
      switch v {
      case 0x85, 0xA0, 0x1680, 0x2000...0x200D, 0x2028, 0x2029, 0x202F, 0x205F, 0x2060, 0x3000,
        0xFEFF:
        return true
      default:
        return false
      }
    }

    /// A fast, conservative test on the UTF-8 bytes: false means `matchingKey` would return
    /// the text unchanged.
    @inlinable static func needsFolding(_ text: String) -> Bool {
      func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in bytes {
          if b < 0x80 {
            if b <= 0x20 || b == 0x7F || (b >= 0x41 && b <= 0x5A) { return true }
          } else if b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3 || b == 0xEF {
            return true
          }
        }
        return false
      }
      return text.withUTF8Bytes(scan)
    }

    /// Every word of the vocabulary of `field` with its meaning as text (the raw value of the
    /// meaning, or the number for disability types and grades); nil for fields without a
    /// vocabulary.
    public func words(for field: Field) -> [String: String]? {
      switch field {
      case .category: categories.mapValues(\.rawValue)
      case .status: statuses.mapValues(\.rawValue)
      case .supportMode: supportModes.mapValues(\.rawValue)
      case .hardship: hardship.mapValues(\.rawValue)
      case .disabilityType: disabilityTypes.mapValues { String($0) }
      case .disabilityGrade: disabilityGrades.mapValues { String($0) }
      case .sex: sexes.mapValues(\.rawValue)
      default: nil
      }
    }
  }

  /// Thresholds of §4 of the data contract.
  public struct Eligibility: Sendable, Hashable {
    /// Children (orphans, de-facto-unsupported) must be under this age on the reference date.
    public var childAgeLimit: Int
    /// Disability grades that count as severe.
    public var eligibleDisabilityGrades: Set<Int>
    /// Hardship statuses that qualify a severely disabled person.
    public var qualifyingHardship: Set<Hardship>

    public init(
      childAgeLimit: Int = 18, eligibleDisabilityGrades: Set<Int> = [1, 2],
      qualifyingHardship: Set<Hardship> = [.minimumLiving, .extremelyPoor]
    ) {
      self.childAgeLimit = childAgeLimit
      self.eligibleDisabilityGrades = eligibleDisabilityGrades
      self.qualifyingHardship = qualifyingHardship
    }
  }

  /// "A record whose `field` has one of `values` is unsuitable for pairing, because `label`."
  /// For vocabulary fields, values are the normalized meanings (e.g. `institutional`);
  /// for other fields, the raw text.
  public struct UnsuitableCondition: Sendable, Hashable {
    public var field: Field
    public var values: [String]
    public var label: String
    public init(field: Field, values: [String], label: String) {
      self.field = field
      self.values = values
      self.label = label
    }
  }

  /// The run's area: county-level address codes (matching the county column or the ID's
  /// address code) and county names.
  public struct Jurisdiction: Sendable, Hashable {
    public var codes: [String]
    public var names: [String]
    public init(codes: [String] = [], names: [String] = []) {
      self.codes = codes
      self.names = names
    }
    public var isEmpty: Bool { codes.isEmpty && names.isEmpty }
  }

  /// When at least `minimumCount` IDs and at least `minimumShare` of a file's 18-digit IDs end
  /// in 000, the whole column is reported as damaged by Excel.
  public struct IDColumnRules: Sendable, Hashable {
    public var minimumCount: Int
    public var minimumShare: Double
    public init(minimumCount: Int = 3, minimumShare: Double = 0.05) {
      self.minimumCount = minimumCount
      self.minimumShare = minimumShare
    }
  }
}
