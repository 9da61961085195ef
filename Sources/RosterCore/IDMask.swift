/// Masks identity numbers for logs, messages and the HTML report (§8 of the data contract).
///
/// The first six characters (the address code) and the last four stay; everything between
/// becomes `*`. Short strings are masked except for their last character.
///
/// ```swift
/// IDMask.mask("62122520080101002X") == "621225********002X"
/// ```
public enum IDMask {
  public static func mask(_ id: String) -> String {
    let chars = Array(id)
    if chars.count >= 11 {
      return String(chars[..<6]) + String(repeating: "*", count: chars.count - 10)
        + String(chars[(chars.count - 4)...])
    }
    if chars.count <= 1 { return String(repeating: "*", count: chars.count) }
    return String(repeating: "*", count: chars.count - 1) + String(chars[chars.count - 1])
  }
}
