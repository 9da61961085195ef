import RosterCore

/// Counts a file's ID column to decide whether Excel damaged the whole column
/// (`ID_EXCEL_COLUMN_DAMAGED`, §3.3 of the data contract).
///
/// Excel stores an ID typed into a number cell as a floating-point number and keeps 15
/// significant digits, so every 18-digit ID in such a column ends in `000`. About 0.1% of real
/// IDs end that way, so one or two are no sign; many are.
///
/// ```swift
/// var tally = IDColumnTally()
/// for value in column { tally.add(engine.parse(value)) }
/// if let finding = tally.finding(rules: rules.idColumn) { fileFindings.append(finding) }
/// ```
public struct IDColumnTally: Sendable, Hashable {
  /// Values read as 18-character numbers (valid or not; legacy 15-digit IDs excluded).
  public private(set) var eighteenCharacterIDs = 0
  /// Of those, the ones ending in `000`.
  public private(set) var zeroEndings = 0

  public init() {}

  /// Counts one parsed value.
  public mutating func add(_ id: ParsedID) {
    switch id.kind {
    case .resident, .hkMacaoPermit, .taiwanPermit, .foreignPermanent:
      eighteenCharacterIDs += 1
      if !id.reasonSet.intersection([.excelZeroed, .zeroEndingConfirm]).isEmpty {
        zeroEndings += 1
      }
    default:
      break
    }
  }

  /// True when `zeroEndings` of `eighteenCharacterIDs` reach both thresholds of the rules.
  ///
  /// ```swift
  /// IDColumnTally.isColumnDamaged(zeroEndings: 3, eighteenCharacterIDs: 40,
  ///                               rules: Rules.IDColumnRules()) == true   // 3 ≥ 3 and 7.5% ≥ 5%
  /// ```
  public static func isColumnDamaged(
    zeroEndings: Int, eighteenCharacterIDs: Int, rules: Rules.IDColumnRules
  ) -> Bool {
    guard eighteenCharacterIDs > 0, zeroEndings >= max(1, rules.minimumCount) else { return false }
    return Double(zeroEndings) >= rules.minimumShare * Double(eighteenCharacterIDs)
  }

  /// The file-level finding, or nil when the column looks fine.
  public func finding(rules: Rules.IDColumnRules) -> Finding? {
    guard
      IDColumnTally.isColumnDamaged(
        zeroEndings: zeroEndings, eighteenCharacterIDs: eighteenCharacterIDs, rules: rules)
    else { return nil }
    let percent = (Double(zeroEndings) * 1000 / Double(eighteenCharacterIDs)).rounded() / 10
    return Finding(
      .idExcelColumnDamaged, field: .idNumber,
      message:
        "\(zeroEndings) of \(eighteenCharacterIDs) 18-digit IDs (\(percent)%) end in 000: the column was probably stored as numbers in Excel, which keeps only 15 digits"
    )
  }
}
