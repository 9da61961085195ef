import RosterCore

/// Character classes and text cleaning shared by the field normalizers. Everything works on
/// Unicode scalars (no Foundation, no regular expressions) and returns the input unchanged,
/// without copying, when there is nothing to change.
public enum TextCleaner {
  /// Unicode white space, NBSP and U+3000 included (zero-width characters are ``isInvisible(_:)``).
  @inlinable public static func isSpace(_ v: UInt32) -> Bool {
    if v < 0x80 { return v <= 0x20 || v == 0x7F }
    switch v {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
  }

  /// Zero-width and invisible characters that creep into cells: U+200B–U+200D, U+2060, U+FEFF,
  /// soft hyphen U+00AD.
  @inlinable public static func isInvisible(_ v: UInt32) -> Bool {
    v == 0x200B || v == 0x200C || v == 0x200D || v == 0x2060 || v == 0xFEFF || v == 0xAD
  }

  /// The middle-dot variants written in names (`·•‧・.` and their full- and half-width forms):
  /// U+002E, U+00B7, U+0387, U+16EB, U+2022, U+2027, U+2219, U+22C5, U+2E31, U+30FB, U+FF0E,
  /// U+FF65.
  @inlinable public static func isMiddleDot(_ v: UInt32) -> Bool {
    switch v {
    case 0x2E, 0xB7, 0x387, 0x16EB, 0x2022, 0x2027, 0x2219, 0x22C5, 0x2E31, 0x30FB, 0xFF0E,
      0xFF65:
      return true
    default: return false
    }
  }

  /// Ideographs, kana, hangul and CJK punctuation: scripts written without spaces between
  /// characters, so a space next to one of them is a typing artefact.
  @inlinable public static func isCJK(_ v: UInt32) -> Bool {
    (v >= 0x2E80 && v <= 0x9FFF) || (v >= 0xAC00 && v <= 0xD7AF) || (v >= 0xF900 && v <= 0xFAFF)
      || (v >= 0xFE30 && v <= 0xFE4F) || (v >= 0x20000 && v <= 0x3FFFF) || v == 0xB7
  }

  /// Full-width ASCII (U+FF01–U+FF5E) → ASCII; other scalars unchanged.
  @inlinable public static func halfWidth(_ v: UInt32) -> UInt32 {
    v >= 0xFF01 && v <= 0xFF5E ? v - 0xFEE0 : v
  }

  /// Cleans free text (relation, county, township, village): trims, removes invisible
  /// characters, folds full-width ASCII to half-width, collapses runs of spaces to one ASCII
  /// space and drops spaces next to Chinese characters (`城关 镇` → `城关镇`).
  ///
  /// ```swift
  /// TextCleaner.clean("　城关　镇 ") == "城关镇"
  /// TextCleaner.clean("Ｎｏ. 3  Village") == "No. 3 Village"
  /// ```
  public static func clean(_ text: String) -> String {
    clean(text, unifyDots: false)
  }

  /// True when `text` certainly needs no cleaning: only printable ASCII other than space
  /// (and `.` when dots are unified), the middle dot U+00B7, and scalars whose UTF-8 lead byte
  /// cannot start a space, invisible, dot or full-width character.
  @inlinable static func isClean(_ text: String, unifyDots: Bool) -> Bool {
    text.withUTF8Bytes { bytes in
      var i = 0
      let n = bytes.count
      while i < n {
        let b = bytes[i]
        i += 1
        if b < 0x80 {
          if b <= 0x20 || b == 0x7F || (unifyDots && b == 0x2E) { return false }
        } else if b == 0xC2 {
          // U+0080–U+00BF other than U+00B7 (the middle dot): NBSP, soft hyphen…
          if i >= n || bytes[i] != 0xB7 { return false }
          i += 1
        } else if b == 0xCE || b == 0xE1 || b == 0xE2 || b == 0xE3 || b == 0xEF {
          return false
        }
      }
      return true
    }
  }

  /// The shared cleaning loop; `unifyDots` turns every middle-dot variant into U+00B7 and
  /// drops spaces around it (names).
  static func clean(_ text: String, unifyDots: Bool) -> String {
    if text.isEmpty || isClean(text, unifyDots: unifyDots) { return text }
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    var last: UInt32 = 0  // last scalar written (0: none yet)
    for s in text.unicodeScalars {
      var v = s.value
      if isInvisible(v) { continue }
      if isSpace(v) {
        if last != 0 { pendingSpace = true }
        continue
      }
      if unifyDots && isMiddleDot(v) {
        v = 0xB7
      } else {
        v = halfWidth(v)
      }
      if pendingSpace {
        pendingSpace = false
        let dotAround = unifyDots && (v == 0xB7 || last == 0xB7)
        if !dotAround && !isCJK(v) && !isCJK(last) {
          out.append(" ")
        }
      }
      out.append(Unicode.Scalar(v)!)
      last = v
    }
    return String(out)
  }

  /// Masks a cell value for a finding message: a value holding 15 or more digits may be an
  /// identity number and is masked with ``RosterCore/IDMask``; long values are shortened.
  static func displayValue(_ text: String) -> String {
    var digits = 0
    for s in text.unicodeScalars {
      let v = halfWidth(s.value)
      if v >= 0x30 && v <= 0x39 { digits += 1 }
    }
    var shown = digits >= 15 ? IDMask.mask(text) : text
    if shown.count > 40 { shown = String(shown.prefix(40)) + "…" }
    return "\"" + shown + "\""
  }
}
