/// One input record as read from a roster file, before any normalization.
///
/// Field text is kept exactly as read (after decoding and removal of CSV quoting and Excel's
/// `="…"` wrapper); interpretation happens in the Normalize stage. A row that could not be read
/// is still a record: it carries a ``rejection`` and whatever field text could be recovered,
/// so that it reaches the ledger with its line number.
///
/// ```swift
/// var record = RawRecord(provenance: Provenance(source: .civilAffairs, file: "a.csv", line: 2))
/// record[.name] = "张三"
/// record[.idNumber] = "11010519491231002X"
/// ```
public struct RawRecord: Sendable, Hashable {
  public var provenance: Provenance
  /// Field text indexed by `Field.index`; an empty string means absent or blank.
  public var values: [String]
  /// Values of the columns no alias maps to, in the order of the file's unknown columns
  /// (see ``FileLayout/unknownColumns``). May be shorter than that list — empty when the
  /// file has none or the record's values there are all blank; an XML record holds only the
  /// columns seen up to it — so read it with ``extra(at:)``, where a missing entry is blank.
  public var extras: [String]
  /// Set when the row could not be read; the record is then `rejected` in the ledger.
  public var rejection: Finding?

  public init(
    provenance: Provenance, values: [String] = Array(repeating: "", count: Field.count),
    extras: [String] = [], rejection: Finding? = nil
  ) {
    precondition(values.count == Field.count, "values must hold one entry per Field")
    self.provenance = provenance
    self.values = values
    self.extras = extras
    self.rejection = rejection
  }

  /// The value of the file's unknown column `index` ("" when blank or absent).
  @inlinable public func extra(at index: Int) -> String {
    index < extras.count ? extras[index] : ""
  }

  /// The raw text of `field` ("" when absent).
  @inlinable public subscript(field: Field) -> String {
    get { values[field.index] }
    set { values[field.index] = newValue }
  }
}

/// What the reader learned about a file's columns: how headers map to contract fields.
public struct FileLayout: Sendable, Hashable, Codable {
  /// Each mapped header, in file order, with the field it maps to.
  public var mapped: [MappedColumn]
  /// Headers that no alias maps to; their values are kept in ``RawRecord/extras``.
  public var unknownColumns: [String]

  public struct MappedColumn: Sendable, Hashable, Codable {
    public var header: String
    public var field: Field
    public init(header: String, field: Field) {
      self.header = header
      self.field = field
    }
  }

  public init(mapped: [MappedColumn] = [], unknownColumns: [String] = []) {
    self.mapped = mapped
    self.unknownColumns = unknownColumns
  }
}
