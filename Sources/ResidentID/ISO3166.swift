/// ISO 3166-1 countries by numeric code: the nationality digits of a 2023 foreign permanent
/// resident ID (positions 4–6).
///
/// ```swift
/// ISO3166.country(numeric: 840)?.alpha3 == "USA"
/// ISO3166.country(numeric: 999) == nil
/// ```
///
/// Generated into `ISO3166.generated.swift` by `scripts/generate-iso3166-table.py`.
public enum ISO3166 {
  public struct Country: Sendable, Hashable {
    /// The numeric code, e.g. 840.
    public var numeric: Int
    /// The alpha-3 code, e.g. `USA` (the letters the 2017 permit used).
    public var alpha3: String
    /// The English short name.
    public var name: String
  }

  /// Every country, by ascending numeric code.
  public static let countries: [Country] = encoded.split(separator: "\n").map { line in
    let parts = line.split(separator: " ", maxSplits: 2)
    return Country(numeric: Int(parts[0])!, alpha3: String(parts[1]), name: String(parts[2]))
  }

  /// Presence by numeric code (0…999), for the hot path.
  static let known: [Bool] = {
    var known = [Bool](repeating: false, count: 1000)
    for c in countries { known[c.numeric] = true }
    return known
  }()

  /// The country with this numeric code, or nil.
  public static func country(numeric: Int) -> Country? {
    guard (0..<1000).contains(numeric), known[numeric] else { return nil }
    var lo = 0
    var hi = countries.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if countries[mid].numeric < numeric { lo = mid + 1 } else { hi = mid }
    }
    return countries[lo]
  }

  /// Codes that cannot be the nationality of a *foreign* permanent resident: China itself, and
  /// Taiwan, Hong Kong and Macao, whose residents hold the 83/81/82 residence permits instead.
  public static let notForeign: Set<Int> = [156, 158, 344, 446]

  /// True for the codes of ``notForeign``.
  @inline(__always)
  static func isChinese(_ numeric: Int) -> Bool {
    numeric == 156 || numeric == 158 || numeric == 344 || numeric == 446
  }
}
