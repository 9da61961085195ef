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

  private var entries: [String: Entry] = [:]

  public init() {}

  public var count: Int { entries.count }

  /// Records a death. When an ID is listed twice, the earliest date is kept.
  public mutating func add(id: String, date: CalendarDate?, at provenance: Provenance) {
    guard !id.isEmpty else { return }
    if let existing = entries[id], let old = existing.date, let new = date, old <= new { return }
    entries[id] = Entry(date: date, provenance: provenance)
  }

  public func entry(for id: String) -> Entry? { entries[id] }

  public func contains(_ id: String) -> Bool { entries[id] != nil }
}
