import RosterCore

/// A normalized name: what to display, and the key that decides "same name".
public struct NormalizedName: Sendable, Hashable {
  /// Trimmed, inner whitespace collapsed (and dropped next to Chinese characters), invisible
  /// characters removed, middle-dot variants unified to `·` (U+00B7) without spaces around
  /// them, full-width Latin letters and digits folded to half-width.
  public var display: String
  /// The display name with traditional characters simplified (OpenCC), Latin letters
  /// uppercased and all spaces removed. Equal keys mean the same name.
  public var key: String

  public init(display: String, key: String) {
    self.display = display
    self.key = key
  }
}

/// Name normalization (§5 of the data contract: whitespace, middle dots, full-width letters,
/// traditional → simplified).
///
/// ```swift
/// NameNormalizer.normalize(" 張　偉 ") == NormalizedName(display: "張偉", key: "张伟")
/// NameNormalizer.normalize("阿卜杜 • 热合曼").display == "阿卜杜·热合曼"
/// NameNormalizer.normalize("Ｍａｒｙ  Ann").key == "MARYANN"
/// ```
public enum NameNormalizer {
  public static func normalize(_ raw: String) -> NormalizedName {
    let display = TextCleaner.clean(raw, unifyDots: true)
    return NormalizedName(display: display, key: key(ofDisplay: display))
  }

  /// The matching key of an already normalized display name.
  public static func key(ofDisplay display: String) -> String {
    let table = TraditionalToSimplified.table
    // Most names need nothing: found on the UTF-8 bytes, decoding only the characters that
    // could be traditional (three- and four-byte sequences; two-byte ones are below CJK).
    let needsWork = display.withUTF8Bytes { b -> Bool in
      var i = 0
      while i < b.count {
        let c = b[i]
        if c < 0x80 {
          if c == 0x20 || c &- 0x61 < 26 { return true }
          i += 1
        } else if c < 0xE0 {
          i += 2
        } else if c < 0xF0 {
          let v = UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F)
          if table.lookup(v) != nil { return true }
          i += 3
        } else {
          let v =
            UInt32(c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
            | UInt32(b[i + 3] & 0x3F)
          if table.lookup(v) != nil { return true }
          i += 4
        }
      }
      return false
    }
    guard needsWork else { return display }
    var out = String.UnicodeScalarView()
    for s in display.unicodeScalars {
      let v = s.value
      if v == 0x20 { continue }
      if v >= 0x61 && v <= 0x7A {
        out.append(Unicode.Scalar(v - 0x20)!)
      } else if let t = table.lookup(v), let u = Unicode.Scalar(t) {
        out.append(u)
      } else {
        out.append(s)
      }
    }
    return String(out)
  }
}
