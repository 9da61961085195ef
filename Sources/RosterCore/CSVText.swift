/// RFC 4180 quoting for the CSV files the project writes.
public enum CSVText {
  /// Quotes `field` when it contains a comma, a quote, CR or LF; doubles inner quotes.
  ///
  /// ```swift
  /// CSVText.escape("a,b") == "\"a,b\""
  /// CSVText.escape("plain") == "plain"
  /// ```
  public static func escape(_ field: String) -> String {
    var needsQuotes = false
    for u in field.utf8 where u == 0x2C || u == 0x22 || u == 0x0A || u == 0x0D {
      needsQuotes = true
      break
    }
    guard needsQuotes else { return field }
    var out = "\""
    for ch in field.unicodeScalars {
      if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
    }
    out += "\""
    return out
  }
}
