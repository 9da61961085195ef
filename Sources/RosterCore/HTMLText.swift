/// Escaping for the HTML the project writes (`report.html`).
public enum HTMLText {
  /// Escapes `&`, `<`, `>`, `"` and `'`, and masks every ID-like number first
  /// (``IDMask/scrub(_:)``): every piece of text a report shows goes through this.
  ///
  /// ```swift
  /// HTMLText.escape("<b>62122520080101002X</b>") == "&lt;b&gt;621225********002X&lt;/b&gt;"
  /// ```
  public static func escape(_ text: String) -> String {
    let scrubbed = IDMask.scrub(text)
    var out = ""
    out.reserveCapacity(scrubbed.utf8.count)
    for ch in scrubbed.unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(ch)
      }
    }
    return out
  }
}
