/// What a generated record is and what was done to it: the `injected` column of
/// `ground-truth/records.csv` lists a record's tags, `;`-separated, in this order.
///
/// Tags starting with `s-` say which scenario the record belongs to (why it is on the roster);
/// the others name a planted problem or situation. See `Benchmarks/README.md` for the rates.
public enum Tag: UInt8, CaseIterable, Sendable {
  // Scenarios
  case sTekun, sOrphan, sDeFacto, sDisabledEligible, sDibao, sDisabledGrade34, sDisabledNoHardship
  case sOutside, sDeathEntry
  // Identity numbers: typing artefacts (normalized silently)
  case idFullWidth, idSpaced, idHyphenated, idLowercaseX, idApostrophe, idExcelText, idZeroWidth
  case idNBSP, idIdeographicSpace, idTrailingSpace, idByteOrderMark
  // Identity numbers: damage and history
  case idExcelScientific, idExcelZeroed, idExcelColumnDamaged, idCheckTypo, idBodyTypo, idOtherID
  case idLegacy15, idRegionRetired, idRegionNotYetInUse, idRegionUnknown, idBirthInvalid
  case idBirthFuture, idBirthTooEarly, idMissing, idNotAnID, idLength, idZeroEnding, idPermit
  // Rows and duplicates
  case dupExactRow, dupAttributeChange, crossSource, twoHouseholds, outsideJurisdiction
  case rowUnterminatedQuote, rowTooManyFields, rowEncoding, multilineCell, afterBlankLine
  // Eligibility
  case childAgedOut, childTurns18Soon, childJustTurned18, statusInactive, statusDead, deathListed
  case deathFutureDate, deathUnmatched, deathMonthOnly, institutional, gradeIneligible
  case noHardship, hardshipFromOtherRecord, householdMember, childInTekunHousehold
  case categoryUnknown, categoryBlank, wordUnknown, legacyCategoryWord
  // Consistency
  case birthMismatch, birthUnreadable, birthExcelSerial, birthMonthOnly, sexMismatch, nameMissing
  case certIDMismatch, certGradeMismatch, certTypeMismatch, certReissued, certMalformed
  // Names
  case nameTraditional, nameDotVariant, nameSpaced, nameMinority

  /// The tag as written in the ground truth, e.g. `id-full-width`, `s-tekun`.
  public var name: String { Tag.names[Int(rawValue)] }

  static let names: [String] = Tag.allCases.map(\.computedName)
  static let nameBytes: [[UInt8]] = names.map { Array($0.utf8) }

  private var computedName: String {
    let chars = Array(String(describing: self))
    var out = ""
    for (i, ch) in chars.enumerated() {
      if ch.isUppercase, i > 0 {
        let previousUpper = chars[i - 1].isUppercase
        let nextLower = i + 1 < chars.count && chars[i + 1].isLowercase
        if !previousUpper || nextLower { out += "-" }
      }
      out += ch.lowercased()
    }
    return out
  }

  /// Tags never expected in a small data set (they need a particular county layout).
  static let layoutDependent: Set<Tag> = [.idExcelColumnDamaged]
}
