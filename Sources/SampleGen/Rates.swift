/// The composition of a generated county and the rates at which problems are planted.
///
/// Composition is relative to the county's share of the requested subjects `N` (eligible
/// pairing subjects); rates are per record of the population named (a planted kind occurs at
/// least once in every county big enough to hold it, so small data sets still contain every
/// kind). `Benchmarks/README.md` tabulates them.
public struct SampleRates: Sendable, Hashable {
  // Composition (× N). The eligible kinds are planned about 7% above their share because the
  // planted problems (deaths, inactive status, institutions, damaged IDs…) make some of them
  // ineligible: about N persons end up in pairing units.
  /// 特困 persons (in households of 1–4).
  public var tekunPersons = 0.535
  public var orphans = 0.043
  public var deFactoChildren = 0.064
  /// Severely disabled persons in hardship (grade 1–2 and 低保/特困).
  public var severelyDisabled = 0.43
  /// 低保 records in the civil-affairs roster (households of 1–6).
  public var dibaoRecords = 9.0
  /// Disabled persons of grade 3–4.
  public var disabledGrade34 = 8.0
  /// Disabled persons of grade 1–2 without qualifying hardship.
  public var disabledNoHardship = 1.0
  /// Children listed although 18 or older (× children).
  public var agedOutChildren = 0.06

  // Identity numbers (per record)
  public var fullWidth = 0.002
  public var spaced = 0.0025
  public var hyphenated = 0.0015
  /// Per ID ending in X.
  public var lowercaseX = 0.15
  public var apostrophe = 0.005
  public var excelText = 0.003
  public var zeroWidth = 0.001
  public var nbsp = 0.001
  public var ideographicSpace = 0.0005
  public var trailingSpace = 0.003
  public var byteOrderMark = 0.0002
  public var excelScientific = 0.0005
  public var excelZeroed = 0.0005
  /// Per record of a person born before 1980.
  public var legacy15 = 0.02
  /// Per person born before 1984: the current code although it came into use later.
  public var regionNotYetInUse = 0.001
  public var regionUnknown = 0.0001
  public var birthInvalid = 0.0001
  public var birthFuture = 0.00005
  public var birthTooEarly = 0.00005
  public var missing = 0.0003
  public var notAnID = 0.0001
  public var wrongLength = 0.0002
  public var zeroEnding = 0.00005
  /// Per person: residence permits of Hong Kong, Macao and Taiwan residents.
  public var permits = 0.0001
  /// Per record: a second record of the person with a mistyped ID (check fails).
  public var checkTypo = 0.002
  /// Per cross-source person of a pairing scenario: the other source has the ID with one body
  /// digit changed and the check recomputed (valid).
  public var bodyTypo = 0.02
  /// Per cross-source person of a pairing scenario: the other source has another valid ID
  /// (same name, birth date, village).
  public var otherID = 0.02

  // Rows and duplicates (per record)
  public var exactDuplicateCivil = 0.004
  public var exactDuplicateDisability = 0.003
  public var attributeChange = 0.0005
  /// Per 特困 person: listed again in another household.
  public var twoHouseholds = 0.003
  public var outside = 0.001
  public var unterminatedQuote = 0.0001
  public var tooManyFields = 0.0002
  public var encodingBroken = 0.0001
  public var blankLines = 0.0005
  public var multilineCell = 0.0002

  // Eligibility
  /// Per civil record of a person aged 60 or more.
  public var statusDead = 0.003
  /// Per person (elderly weighted ×5): in the deaths list.
  public var deaths = 0.01
  /// Per deaths-list entry: dated after the reference date.
  public var deathFuture = 0.03
  /// Per deaths-list entry: an extra entry for a person on no roster.
  public var deathUnmatched = 0.15
  /// Per 特困 household / child: inactive status.
  public var inactive = 0.04
  /// Per single elderly 特困 person / child: lives in an institution.
  public var institutionalTekun = 0.08
  public var institutionalChild = 0.05
  /// Per civil record of a pairing category: a word the rules do not know.
  public var categoryUnknown = 0.002
  public var categoryBlank = 0.0005
  public var wordUnknown = 0.0005

  // Consistency
  public var birthMismatch = 0.003
  public var birthUnreadable = 0.0005
  public var sexMismatch = 0.001
  public var nameMissing = 0.0002
  public var certIDMismatch = 0.001
  public var certGradeMismatch = 0.001
  public var certTypeMismatch = 0.001
  public var certReissued = 0.02
  public var certMalformed = 0.0005

  // Names
  /// Per cross-source person: traditional characters in one source.
  public var traditionalName = 0.05
  public var minorityName = 0.003
  /// Per record of a person with a dotted name: another dot character.
  public var dotVariant = 0.3
  public var spacedName = 0.001

  public init() {}
}
