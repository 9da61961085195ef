/// What normalization removed or converted in a typed identity number (§3.3 of the data
/// contract): the detail behind an `ID_NORMALIZED` finding.
///
/// ```swift
/// let id = IDEngine(referenceDate: today).parse("６２１２２５２００８０１０１００２ｘ")
/// id.artefacts == [.fullWidth]
/// ```
public struct TypingArtefacts: OptionSet, Sendable, Hashable {
  public let rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// Full-width digits or letters (０–９, Ｘ, ｘ, Ｂ).
  public static let fullWidth = TypingArtefacts(rawValue: 1 << 0)
  /// A lowercase `x` (or `b` in a certificate's re-issue suffix).
  public static let lowercase = TypingArtefacts(rawValue: 1 << 1)
  /// Spaces, tabs, line breaks, NBSP (U+00A0), ideographic space (U+3000) and other blanks.
  public static let whitespace = TypingArtefacts(rawValue: 1 << 2)
  /// Hyphens and dashes (`-`, U+2010–U+2015, U+2212, full-width `－`).
  public static let hyphens = TypingArtefacts(rawValue: 1 << 3)
  /// Zero-width characters: U+200B–U+200D, U+2060, U+FEFF.
  public static let invisible = TypingArtefacts(rawValue: 1 << 4)
  /// A leading apostrophe, Excel's "treat as text" mark (`'`, `‘`, `’`, `＇`).
  public static let apostrophe = TypingArtefacts(rawValue: 1 << 5)
  /// Excel's `="…"` text-forcing formula.
  public static let excelFormula = TypingArtefacts(rawValue: 1 << 6)
  /// Surrounding double quotes left over from CSV.
  public static let quotes = TypingArtefacts(rawValue: 1 << 7)

  /// A short English description, e.g. "full-width characters, spaces". Made once for each
  /// combination of the eight artefacts (an `ID_NORMALIZED` message per record needs it).
  public var summary: String {
    rawValue < 256 ? TypingArtefacts.summaries[Int(rawValue)] : describe()
  }

  private static let summaries: [String] = (0..<256).map { TypingArtefacts(rawValue: UInt16($0)).describe() }

  private func describe() -> String {
    var parts: [String] = []
    if contains(.fullWidth) { parts.append("full-width characters") }
    if contains(.lowercase) { parts.append("a lowercase letter") }
    if contains(.whitespace) { parts.append("spaces") }
    if contains(.hyphens) { parts.append("hyphens") }
    if contains(.invisible) { parts.append("invisible characters") }
    if contains(.apostrophe) { parts.append("a leading apostrophe") }
    if contains(.excelFormula) { parts.append("an Excel =\"…\" wrapper") }
    if contains(.quotes) { parts.append("quotes") }
    return parts.joined(separator: ", ")
  }
}

/// Removes typing artefacts from an identity or certificate number, on UTF-8 bytes.
///
/// Digits and `X` pass through; full-width digits and `Ｘ`/`ｘ`/`x` become ASCII digits and `X`
/// (and full-width `Ｂ`/`ｂ` become `B`, for certificate suffixes); blanks, dashes and
/// zero-width characters are dropped; a surrounding `="…"` or `"…"` and a leading apostrophe
/// are removed. Any other character is kept as it is, so the caller can report it.
enum IDText {
  /// The cleaned bytes and what was removed. `bytes` is valid UTF-8.
  static func clean(_ input: UnsafeBufferPointer<UInt8>) -> (
    bytes: [UInt8], artefacts: TypingArtefacts
  ) {
    // Only digits and capital letters (a certificate number as usually typed): nothing to
    // clean, and the bytes are copied at once rather than one by one.
    var i = 0
    while i < input.count && (input[i] &- 0x30 < 10 || input[i] &- 0x41 < 26) { i += 1 }
    if i == input.count { return (Array(input), []) }
    return cleanScalars(input)  // (the same answer for those, by a property test)
  }

  static func cleanScalars(_ input: UnsafeBufferPointer<UInt8>) -> (
    bytes: [UInt8], artefacts: TypingArtefacts
  ) {
    var out: [UInt8] = []
    out.reserveCapacity(input.count)
    var artefacts: TypingArtefacts = []
    var i = 0
    let n = input.count
    while i < n {
      let b0 = input[i]
      // Decode one scalar (the input is valid UTF-8: it comes from a String).
      var scalar: UInt32
      var len: Int
      if b0 < 0x80 {
        scalar = UInt32(b0)
        len = 1
      } else if b0 < 0xE0 {
        scalar = (UInt32(b0 & 0x1F) << 6) | UInt32(input[i + 1] & 0x3F)
        len = 2
      } else if b0 < 0xF0 {
        scalar =
          (UInt32(b0 & 0x0F) << 12) | (UInt32(input[i + 1] & 0x3F) << 6)
          | UInt32(input[i + 2] & 0x3F)
        len = 3
      } else {
        scalar =
          (UInt32(b0 & 0x07) << 18) | (UInt32(input[i + 1] & 0x3F) << 12)
          | (UInt32(input[i + 2] & 0x3F) << 6) | UInt32(input[i + 3] & 0x3F)
        len = 4
      }
      switch scalar {
      case 0x30...0x39, 0x58: out.append(UInt8(scalar))  // 0-9 X
      case 0x78:  // x
        out.append(UInt8(ascii: "X"))
        artefacts.insert(.lowercase)
      case 0xFF10...0xFF19:
        out.append(UInt8(scalar - 0xFF10) + 0x30)
        artefacts.insert(.fullWidth)
      case 0xFF38, 0xFF58:
        out.append(UInt8(ascii: "X"))
        artefacts.insert(.fullWidth)
      case 0xFF22, 0xFF42:
        out.append(UInt8(ascii: "B"))
        artefacts.insert(.fullWidth)
      case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
        artefacts.insert(.whitespace)
      case 0x200B...0x200D, 0x2060, 0xFEFF:
        artefacts.insert(.invisible)
      case 0x2D, 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D:
        artefacts.insert(.hyphens)
      default:
        for k in 0..<len { out.append(input[i + k]) }
      }
      i += len
    }
    // Wrappers: ="…", "…", then a leading apostrophe.
    let quote = UInt8(ascii: "\"")
    if out.count >= 3, out[0] == UInt8(ascii: "="), out[1] == quote, out[out.count - 1] == quote {
      out.removeLast()
      out.removeFirst(2)
      artefacts.insert(.excelFormula)
    } else if out.count >= 2, out[0] == quote, out[out.count - 1] == quote {
      out.removeLast()
      out.removeFirst()
      artefacts.insert(.quotes)
    }
    if let first = out.first {
      if first == UInt8(ascii: "'") {
        out.removeFirst()
        artefacts.insert(.apostrophe)
      } else if out.count >= 3, first == 0xE2, out[1] == 0x80, out[2] == 0x98 || out[2] == 0x99 {
        out.removeFirst(3)  // ‘ ’
        artefacts.insert(.apostrophe)
      } else if out.count >= 3, first == 0xEF, out[1] == 0xBC, out[2] == 0x87 {
        out.removeFirst(3)  // ＇
        artefacts.insert(.apostrophe)
      }
    }
    return (out, artefacts)
  }

  /// True for Excel's scientific notation of a large number: `6.21225E+17`, `6.21225e17`,
  /// `6,21225E+17`, `6E+17`.
  static func isScientificNotation(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    let n = b.count
    func digits() -> Int {
      let s = i
      while i < n, b[i] &- 48 < 10 { i += 1 }
      return i - s
    }
    guard digits() >= 1 else { return false }
    if i < n, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
      i += 1
      guard digits() >= 1 else { return false }
    }
    guard i < n, b[i] == UInt8(ascii: "E") || b[i] == UInt8(ascii: "e") else { return false }
    i += 1
    if i < n, b[i] == UInt8(ascii: "+") { i += 1 }
    guard digits() >= 1 else { return false }
    return i == n
  }
}
