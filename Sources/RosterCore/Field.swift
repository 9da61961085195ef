/// A field of the roster contract (§2.3 of the data contract).
///
/// Every input column or XML field that a header alias maps to becomes one of these.
/// The raw value is the contract's column name and is stable: it appears in
/// `findings.csv`, in the rules files and in the run store.
///
/// ```swift
/// Field(rawValue: "id_number") == .idNumber
/// Field.idNumber.rawValue == "id_number"
/// ```
public enum Field: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
  case name
  case idNumber = "id_number"
  case sex
  case birthDate = "birth_date"
  case category
  case householdID = "household_id"
  case relation
  case county
  case township
  case village
  case status
  case supportMode = "support_mode"
  case phone
  case disabilityCert = "disability_cert"
  case disabilityType = "disability_type"
  case disabilityGrade = "disability_grade"
  case hardship
  case deathDate = "death_date"

  /// Position of the field in `Field.allCases`; used to index compact per-record storage.
  @inlinable public var index: Int {
    switch self {
    case .name: 0
    case .idNumber: 1
    case .sex: 2
    case .birthDate: 3
    case .category: 4
    case .householdID: 5
    case .relation: 6
    case .county: 7
    case .township: 8
    case .village: 9
    case .status: 10
    case .supportMode: 11
    case .phone: 12
    case .disabilityCert: 13
    case .disabilityType: 14
    case .disabilityGrade: 15
    case .hardship: 16
    case .deathDate: 17
    }
  }

  /// Number of contract fields.
  public static let count = 18

  public static func < (lhs: Field, rhs: Field) -> Bool { lhs.index < rhs.index }
  public func hash(into hasher: inout Hasher) { hasher.combine(index) }
}
