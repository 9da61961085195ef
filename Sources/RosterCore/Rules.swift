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

  public init(
    name: String = "", headerAliases: [Field: [String]] = [:],
    vocabulary: Vocabulary = Vocabulary(), eligibility: Eligibility = Eligibility(),
    unsuitable: [UnsuitableCondition] = [], jurisdiction: Jurisdiction? = nil,
    idColumn: IDColumnRules = IDColumnRules()
  ) {
    self.name = name
    self.headerAliases = headerAliases
    self.vocabulary = vocabulary
    self.eligibility = eligibility
    self.unsuitable = unsuitable
    self.jurisdiction = jurisdiction
    self.idColumn = idColumn
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
