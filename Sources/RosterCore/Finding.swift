/// One thing a stage found about a record or a file: a reason code from the catalog,
/// the field it concerns, and a message a data specialist can act on.
///
/// The severity and what the finding does to the record's disposition come from the code
/// (see ``Reason``), so they are the same in every output.
///
/// ```swift
/// let f = Finding(.idCheckDigit, field: .idNumber,
///                 message: "check character is 3, the number says X")
/// f.severity == .error
/// ```
public struct Finding: Sendable, Hashable, Codable {
  public var reason: Reason
  /// The contract field concerned, when there is one.
  public var field: Field?
  /// Human-readable detail. Never contains a full ID number: use ``IDMask``.
  public var message: String

  public init(_ reason: Reason, field: Field? = nil, message: String = "") {
    self.reason = reason
    self.field = field
    self.message = message
  }

  @inlinable public var severity: Severity { reason.severity }
  @inlinable public var effect: Effect { reason.effect }
}

/// A finding tied to where it was found, as written to `findings.csv`.
public struct LocatedFinding: Sendable, Hashable, Codable {
  public var provenance: Provenance
  public var finding: Finding
  public init(_ finding: Finding, at provenance: Provenance) {
    self.provenance = provenance
    self.finding = finding
  }
}
