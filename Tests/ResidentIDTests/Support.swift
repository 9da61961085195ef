import RosterCore
import PropertyBased
import ResidentID

/// The reference date of the tests: fixed, so results never depend on the day they run.
let asOf = CalendarDate(year: 2026, month: 1, day: 1)!
let engine = IDEngine(referenceDate: asOf)

/// Builds an 18-character ID from its parts, with the right check character.
func makeID(code: Int32, year: Int, month: Int, day: Int, sequence: Int) -> String {
  func pad(_ v: Int, _ w: Int) -> String {
    let s = String(v)
    return String(repeating: "0", count: max(0, w - s.count)) + s
  }
  let body = "\(code)\(pad(year, 4))\(pad(month, 2))\(pad(day, 2))\(pad(sequence, 3))"
  return body + String(IDChecksum.checkCharacter(for: body)!)
}

/// County-level codes of the region table (every one was in use in some year since 1981).
let countyCodes: [Int32] = RegionTable.standard.allCodes.filter {
  RegionTable.level(of: $0) == .county
}

/// Valid 18-character resident IDs: any county code, a birth date from 1890 to the reference
/// date, any sequence.
let validIDs = zip(
  Gen.int(in: 0..<countyCodes.count),
  Gen.int(in: CalendarDate(year: 1890, month: 1, day: 1)!.daysSinceEpoch...asOf.daysSinceEpoch),
  Gen.int(in: 0...999)
).map { codeIndex, day, sequence in
  let date = CalendarDate(daysSinceEpoch: day)
  return makeID(
    code: countyCodes[codeIndex], year: date.year, month: date.month, day: date.day,
    sequence: sequence)
}
