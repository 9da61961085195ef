import RosterCore

/// The deaths and household cancellations of a run, keyed by normalized ID.
///
/// Built from the deaths-list files before the rosters are verified. A death dated after the
/// run's reference date does not count yet; a death without a date counts.
///
/// ```swift
/// var deaths = DeathIndex()
/// deaths.add(id: "11010519491231002X", date: CalendarDate(year: 2025, month: 3, day: 1),
///            at: Provenance(source: .deaths, file: "deaths.csv", line: 2))
/// deaths.entry(for: "11010519491231002X")?.date
/// ```
public struct DeathIndex: Sendable {
  public struct Entry: Sendable, Hashable {
    public var date: CalendarDate?
    public var provenance: Provenance
  }

  /// 18-character IDs (17 digits and a digit or X), packed into an integer, to their place
  /// in `entries`: a lookup for each of a province's records then hashes 8 bytes by one
  /// multiplication, not a string.
  private var packed = KeyIndex(capacity: 16)
  private var entries: [Entry] = []
  /// Anything else (not expected from normalized IDs, kept for completeness).
  private var other: [String: Entry] = [:]

  public init() {}

  public var count: Int { entries.count + other.count }

  /// Records a death. When an ID is listed twice, the earliest date is kept.
  public mutating func add(id: String, date: CalendarDate?, at provenance: Provenance) {
    guard !id.isEmpty else { return }
    if let existing = entry(for: id), let old = existing.date, let new = date, old <= new { return }
    let entry = Entry(date: date, provenance: provenance)
    guard let key = DeathIndex.pack(id) else {
      other[id] = entry
      return
    }
    if let i = packed.insertIfAbsent(key, Int32(entries.count)) {
      entries[Int(i)] = entry
    } else {
      entries.append(entry)
    }
  }

  public func entry(for id: String) -> Entry? {
    if let key = DeathIndex.pack(id) { return packed[key].map { entries[Int($0)] } }
    return other.isEmpty ? nil : other[id]
  }

  public func contains(_ id: String) -> Bool { entry(for: id) != nil }

  /// 17 digits then a digit or `X` → body × 11 + check (X = 10); nil for any other text.
  static func pack(_ id: String) -> UInt64? {
    guard let (body, check) = VerifiedRecord.split(id) else { return nil }
    return body &* 11 &+ (check == 0x58 ? 10 : UInt64(check - 0x30))
  }
}
