/// One input record as read from a roster file, before any normalization.
///
/// Field text is kept exactly as read (after decoding and removal of CSV quoting and Excel's
/// `="…"` wrapper); interpretation happens in the Normalize stage. A row that could not be read
/// is still a record: it carries a ``rejection`` and whatever field text could be recovered,
/// so that it reaches the ledger with its line number.
///
/// The text of all its fields is held in one allocation (``RawCells``: UTF-8 bytes and where
/// each field's are), so reading a row costs one allocation, not one per field; a field
/// becomes a `String` only when asked for (``subscript(_:)``), and ``withUTF8(_:_:)`` reads
/// its bytes without one.
///
/// ```swift
/// var record = RawRecord(provenance: Provenance(source: .civilAffairs, file: "a.csv", line: 2))
/// record[.name] = "张三"
/// record[.idNumber] = "11010519491231002X"
/// record.withUTF8(.idNumber) { $0.count }  // 18
/// ```
public struct RawRecord: Sendable, Hashable {
  public var provenance: Provenance
  /// Set when the row could not be read; the record is then `rejected` in the ledger.
  public var rejection: Finding?
  /// The field texts: slot `Field.index` for each field, then the unknown columns.
  public private(set) var cells: RawCells

  public init(
    provenance: Provenance, values: [String] = [], extras: [String] = [], rejection: Finding? = nil
  ) {
    precondition(values.isEmpty || values.count == Field.count, "values must hold one entry per Field")
    self.provenance = provenance
    self.cells = RawCells.make(values: values, extras: extras)
    self.rejection = rejection
  }

  /// A record over cells a reader built (see ``RawCellsBuilder``).
  public init(provenance: Provenance, cells: RawCells, rejection: Finding? = nil) {
    self.provenance = provenance
    self.cells = cells
    self.rejection = rejection
  }

  /// Field text indexed by `Field.index`; an empty string means absent or blank.
  public var values: [String] { (0..<Field.count).map { cells.string(at: $0) } }

  /// Values of the columns no alias maps to, in the order of the file's unknown columns
  /// (see ``FileLayout/unknownColumns``), up to the last one that is not blank: empty when
  /// the file has none or the record's values there are all blank; an XML record holds only
  /// the columns seen up to it — so read one with ``extra(at:)``, where a missing entry is blank.
  public var extras: [String] {
    get { (Field.count..<cells.slotCount).map { cells.string(at: $0) } }
    set { cells = RawCells.make(values: values, extras: newValue) }
  }

  /// True when one of the record's unknown columns holds text.
  @inlinable public var hasExtras: Bool { cells.slotCount > Field.count }

  /// The value of the file's unknown column `index` ("" when blank or absent).
  @inlinable public func extra(at index: Int) -> String {
    Field.count + index < cells.slotCount ? cells.string(at: Field.count + index) : ""
  }

  /// The raw text of `field` ("" when absent).
  @inlinable public subscript(field: Field) -> String {
    get { cells.string(at: field.index) }
    set { replace(field, with: newValue) }
  }

  @usableFromInline mutating func replace(_ field: Field, with text: String) {
    var values = self.values
    values[field.index] = text
    cells = RawCells.make(values: values, extras: extras)
  }

  /// Calls `body` with the UTF-8 bytes of `field` (empty when absent), without making a `String`.
  @inlinable public func withUTF8<R>(
    _ field: Field, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) rethrows -> R {
    try cells.withUTF8(at: field.index, body)
  }

  /// The UTF-8 bytes of `field` (empty when absent), valid only while the record (or a copy
  /// of it) is alive: for reading fields in a loop without a closure per field. Prefer
  /// ``withUTF8(_:_:)`` elsewhere.
  @inlinable public func unsafeUTF8(_ field: Field) -> UnsafeBufferPointer<UInt8> {
    cells.utf8(at: field.index)
  }

  /// True when `field` is absent or blank (no bytes).
  @inlinable public func isEmpty(_ field: Field) -> Bool { cells.count(at: field.index) == 0 }

  public static func == (a: RawRecord, b: RawRecord) -> Bool {
    a.provenance == b.provenance && a.rejection == b.rejection && a.cells.sameText(as: b.cells)
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(provenance)
    hasher.combine(rejection)
    cells.hashText(into: &hasher)
  }
}

/// The field texts of one ``RawRecord`` in one allocation: a table of where each slot's UTF-8
/// bytes start and end, then the bytes (in the order the reader met them). Slots
/// `0..<Field.count` are the contract fields; the slots after them the file's unknown
/// columns, up to the last that holds text. Immutable once made.
public final class RawCells: @unchecked Sendable {
  /// Slots held: `Field.count` plus the unknown columns up to the last non-blank one.
  public let slotCount: Int
  /// `2 * slotCount` offsets (start, end of each slot) into `bytes`.
  @usableFromInline let table: UnsafeMutablePointer<UInt32>
  @usableFromInline let bytes: UnsafeMutablePointer<UInt8>

  init(slotCount: Int, byteCount: Int) {
    self.slotCount = slotCount
    // One allocation: the table, then the bytes.
    let raw = UnsafeMutableRawPointer.allocate(
      byteCount: 8 * slotCount + max(byteCount, 1), alignment: 8)
    table = raw.bindMemory(to: UInt32.self, capacity: 2 * slotCount)
    bytes = (raw + 8 * slotCount).bindMemory(to: UInt8.self, capacity: max(byteCount, 1))
  }

  deinit { UnsafeMutableRawPointer(table).deallocate() }

  /// Every field blank: shared by records made without values.
  public static let blank: RawCells = {
    let c = RawCells(slotCount: Field.count, byteCount: 0)
    c.table.initialize(repeating: 0, count: 2 * Field.count)
    return c
  }()

  static func make(values: [String], extras: [String]) -> RawCells {
    var last = extras.count - 1
    while last >= 0 && extras[last].isEmpty { last -= 1 }
    if values.allSatisfy(\.isEmpty) && last < 0 { return blank }
    let builder = RawCellsBuilder()
    builder.reset(extraCount: last + 1)
    for (i, v) in values.enumerated() where !v.isEmpty { builder.set(i, v) }
    if last >= 0 {
      for i in 0...last where !extras[i].isEmpty { builder.set(Field.count + i, extras[i]) }
    }
    return builder.make()
  }

  /// The number of UTF-8 bytes in `slot` (0 past the last slot).
  @inlinable public func count(at slot: Int) -> Int {
    slot < slotCount ? Int(table[2 * slot + 1] &- table[2 * slot]) : 0
  }

  /// The bytes of `slot` (empty past the last slot), valid while these cells are alive.
  @inlinable public func utf8(at slot: Int) -> UnsafeBufferPointer<UInt8> {
    guard slot < slotCount else { return UnsafeBufferPointer(start: bytes, count: 0) }
    let start = Int(table[2 * slot])
    return UnsafeBufferPointer(start: bytes + start, count: Int(table[2 * slot + 1]) - start)
  }

  /// Calls `body` with the bytes of `slot` (empty past the last slot).
  @inlinable public func withUTF8<R>(
    at slot: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R
  ) rethrows -> R {
    try withExtendedLifetime(self) { try body(utf8(at: slot)) }
  }

  /// The text of `slot` ("" past the last slot).
  @inlinable public func string(at slot: Int) -> String {
    let text = utf8(at: slot)
    return text.isEmpty ? "" : String(decoding: text, as: UTF8.self)
  }

  /// The same text in every slot (blank slots past either's last count as blank).
  func sameText(as other: RawCells) -> Bool {
    if self === other { return true }
    for slot in 0..<max(slotCount, other.slotCount) {
      if !utf8(at: slot).elementsEqual(other.utf8(at: slot)) { return false }
    }
    return true
  }

  func hashText(into hasher: inout Hasher) {
    var last = slotCount - 1
    while last >= Field.count && count(at: last) == 0 { last -= 1 }
    for slot in 0...last {
      hasher.combine(bytes: UnsafeRawBufferPointer(utf8(at: slot)))
      hasher.combine(0xFF as UInt8)  // not a UTF-8 byte: separates the slots
    }
  }
}

/// Builds ``RawCells`` a row at a time, for the readers: `reset`, `set` each field's bytes,
/// `make`. The builder is reused from row to row (its buffers keep their room), so a row
/// costs the one allocation of its cells.
///
/// ```swift
/// let builder = RawCellsBuilder()
/// builder.reset(extraCount: 1)
/// builder.set(Field.name.index, "张三")
/// builder.set(Field.count + 0, "备注")
/// let record = RawRecord(provenance: p, cells: builder.make())
/// ```
public final class RawCellsBuilder {
  @exclusivity(unchecked) @usableFromInline var slotCapacity: Int
  @exclusivity(unchecked) @usableFromInline var slots: Int = Field.count
  /// Per slot: start, end in `buffer` (start == end: blank).
  @exclusivity(unchecked) @usableFromInline var table: UnsafeMutablePointer<UInt32>
  @exclusivity(unchecked) @usableFromInline var buffer: UnsafeMutablePointer<UInt8>
  @exclusivity(unchecked) @usableFromInline var capacity: Int
  /// The bytes of the row so far.
  @inlinable public var byteCount: Int { filled }
  @exclusivity(unchecked) @usableFromInline var filled = 0
  /// One past the last slot that holds text.
  @exclusivity(unchecked) @usableFromInline var used = 0

  public init() {
    slotCapacity = Field.count + 8
    table = .allocate(capacity: 2 * slotCapacity)
    table.initialize(repeating: 0, count: 2 * slotCapacity)
    capacity = 512
    buffer = .allocate(capacity: capacity)
  }

  deinit {
    table.deallocate()
    buffer.deallocate()
  }

  /// Starts a row with every slot blank; `extraCount` unknown columns may follow the fields.
  @inlinable public func reset(extraCount: Int = 0) {
    let n = Field.count + extraCount
    if n > slotCapacity { growSlots(n) }
    table.initialize(repeating: 0, count: 2 * max(n, used))
    slots = n
    filled = 0
    used = 0
  }

  @usableFromInline func growSlots(_ n: Int) {
    table.deallocate()
    slotCapacity = n
    table = .allocate(capacity: 2 * n)
  }

  /// Makes room for `extraCount` unknown columns in the row being built, keeping its text
  /// (for a reader that meets a new column within a row).
  public func extend(extraCount: Int) {
    let n = Field.count + extraCount
    guard n > slots else { return }
    if n > slotCapacity {
      let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * n)
      grown.update(from: table, count: 2 * slots)
      table.deallocate()
      table = grown
      slotCapacity = n
    }
    (table + 2 * slots).initialize(repeating: 0, count: 2 * (n - slots))
    slots = n
  }

  /// True when `slot` holds no text yet.
  @inlinable @inline(__always) public func isBlank(_ slot: Int) -> Bool { table[2 * slot] == table[2 * slot + 1] }

  /// Sets `slot` to the `n` bytes at `p` (valid UTF-8).
  @inlinable public func set(_ slot: Int, _ p: UnsafePointer<UInt8>, _ n: Int) {
    let start = filled
    append(p, n)
    finishSlot(slot, from: start)
  }

  /// Sets `slot` to `text`.
  public func set(_ slot: Int, _ text: String) {
    var text = text
    text.withUTF8 { set(slot, $0.baseAddress ?? UnsafePointer(buffer), $0.count) }
  }

  /// Room for `n` more bytes; then ``append(_:)`` fills them and ``finishSlot(_:from:)``
  /// records them as a slot: for text that arrives in pieces.
  @inlinable @inline(__always) public func reserve(_ n: Int) {
    if filled + n > capacity { grow(filled + n) }
  }

  /// Appends bytes after those already set, to become a slot with ``finishSlot(_:from:)``.
  @inlinable @inline(__always) public func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
    reserve(n)
    (buffer + filled).update(from: p, count: n)
    filled += n
  }

  /// Makes `count` bytes at `start` (bytes appended earlier, e.g. a whole row with
  /// ``append(_:_:)``) the text of `slot`, without copying them again.
  @inlinable @inline(__always) public func setSlot(_ slot: Int, start: Int, count: Int) {
    precondition(slot < slots && start + count <= filled, "slot or bytes out of range")
    table[2 * slot] = UInt32(start)
    table[2 * slot + 1] = UInt32(start + count)
    if count > 0 && slot >= used { used = slot + 1 }
  }

  /// Makes the bytes `start..<end` (appended earlier, not empty) the text of `slot`, for a
  /// reader that has checked them against the bytes appended and `byteCount` against
  /// `UInt32.max` once for the row: only the slot is checked here (a row's fields are set in
  /// a tight loop).
  @inlinable @inline(__always) public func setSlot(_ slot: Int, checkedStart start: Int, end: Int) {
    precondition(slot < slots, "slot out of range")
    table[2 &* slot] = UInt32(truncatingIfNeeded: start)
    table[2 &* slot &+ 1] = UInt32(truncatingIfNeeded: end)
    if slot >= used { used = slot &+ 1 }
  }

  /// Makes the bytes appended since `start` (a ``byteCount`` taken before) the text of `slot`.
  @inlinable public func finishSlot(_ slot: Int, from start: Int) {
    precondition(slot < slots, "slot out of range")
    table[2 * slot] = UInt32(start)
    table[2 * slot + 1] = UInt32(filled)
    if filled > start && slot >= used { used = slot + 1 }
  }

  /// Calls `body` with the bytes appended since `start`.
  public func withAppended<R>(from start: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
    body(UnsafeBufferPointer(start: buffer + start, count: filled - start))
  }

  /// Drops the bytes appended since `start` (a piece that will not become a slot).
  @inlinable public func discard(from start: Int) { filled = start }

  @usableFromInline func grow(_ needed: Int) {
    var c = capacity
    while c < needed { c *= 2 }
    let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
    grown.update(from: buffer, count: filled)
    buffer.deallocate()
    buffer = grown
    capacity = c
  }

  /// The cells of the row: the fields, and the unknown columns up to the last non-blank.
  public func make() -> RawCells {
    let n = max(Field.count, used)
    if used == 0 { return RawCells.blank }
    let cells = RawCells(slotCount: n, byteCount: filled)
    cells.table.update(from: table, count: 2 * n)
    cells.bytes.update(from: buffer, count: filled)
    return cells
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
