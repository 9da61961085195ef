import ResidentID
import RosterCore

// The generator's model. A county is planned as persons (true identities) and records (rows of
// the rosters) that say, in small codes, how each field is written: which word, which date
// format, which typing artefact on the ID. The renderers turn the codes into bytes; the truth
// (`Truth.swift`) reads the same codes for what the contract says they mean. Nothing is parsed
// back from text.

/// A true identity.
struct Person {
  var name: String
  var male: Bool
  var birth: CalendarDate
  /// The 17 leading digits of the person's (true) ID.
  var body: UInt64
  /// Its check character (ASCII).
  var check: UInt8
  var village: Int32
  var phone: UInt64
  /// Index into the layout's outside counties, or -1.
  var outside: Int16 = -1
}

/// How a record's ID cell is formed (before typing artefacts).
enum IDForm: UInt8 {
  /// The person's ID.
  case normal
  /// The 15-digit legacy form of the person's ID.
  case legacy15
  /// `alt`: one substitution or adjacent swap; the check fails.
  case checkTypo
  /// `alt`: one digit of the body changed and the check recomputed (valid, another ID).
  case bodyTypo
  /// `alt`: another valid ID of the same person (re-issued; same birth date).
  case otherID
  case excelScientific
  /// The first 15 characters then 000 (Excel's precision).
  case excelZeroed
  case missing
  /// The person's name typed in the ID column.
  case notAnID
  /// One digit dropped.
  case wrongLength
  /// `alt`: a date that does not exist, valid check.
  case birthInvalid
  case birthFuture
  case birthTooEarly
  case regionUnknown
  /// `alt`: a real ID ending in 000 that passes its check (planted on purpose).
  case zeroEnding
}

/// Typing artefacts on an ID cell (all normalized silently by the contract).
enum Artefact: UInt8 {
  case none, fullWidth, spaced, hyphenated, lowercaseX, apostrophe, excelText, zeroWidth, nbsp
  case ideographicSpace, trailingSpace, byteOrderMark
}

/// How a record's name is written.
enum NameForm: UInt8 {
  case plain
  /// Some characters in traditional form (same name key).
  case traditional
  /// A middle-dot variant (`•`, `‧`, `・`, `.`).
  case dotVariant
  /// A full-width space between surname and given name.
  case spaced
  case missing
  /// Bytes that are not valid in the file's encoding, inside the name (CSV only).
  case encodingBroken
}

/// A row that cannot be read as CSV.
enum BrokenRow: UInt8 {
  case none, unterminatedQuote, tooManyFields, encoding
}

/// The value words of the rosters, each with what the baseline rules make of it
/// (`nil` = not a word of the vocabulary: VALUE_UNRECOGNIZED).
enum Words {
  static let categories: [(text: String, meaning: CategorySet, unknown: Bool)] = [
    ("孤儿", [.orphan], false),  // 0
    ("事实无人抚养儿童", [.deFactoUnsupported], false),  // 1
    ("事实孤儿", [.deFactoUnsupported], false),  // 2
    ("特困人员", [.extremelyPoor], false),  // 3
    ("特困供养人员", [.extremelyPoor], false),  // 4
    ("五保户", [.extremelyPoor], false),  // 5
    ("特困", [.extremelyPoor], false),  // 6
    ("五保", [.extremelyPoor], false),  // 7
    ("低保", [.minimumLiving], false),  // 8
    ("低保对象", [.minimumLiving], false),  // 9
    ("低保户", [.minimumLiving], false),  // 10
    ("孤儿、特困人员", [.orphan, .extremelyPoor], false),  // 11
    ("孤儿、低保", [.orphan, .minimumLiving], false),  // 12
    ("事实无人抚养儿童、低保", [.deFactoUnsupported, .minimumLiving], false),  // 13
    ("困境儿童", [], true),  // 14
    ("农村特困", [], true),  // 15
    ("城市特困", [], true),  // 16
    ("低保/残疾", [.minimumLiving], true),  // 17
    ("", [], false),  // 18 blank
  ]
  enum Category {
    static let orphan: UInt8 = 0, deFacto: UInt8 = 1, deFactoColloquial: UInt8 = 2
    static let tekun: UInt8 = 3, tekunSupported: UInt8 = 4, wubaohu: UInt8 = 5, tekunShort: UInt8 = 6
    static let wubao: UInt8 = 7, dibao: UInt8 = 8, dibaoObject: UInt8 = 9, dibaoHousehold: UInt8 = 10
    static let orphanTekun: UInt8 = 11, orphanDibao: UInt8 = 12, deFactoDibao: UInt8 = 13
    static let unknownChild: UInt8 = 14, unknownRural: UInt8 = 15, unknownUrban: UInt8 = 16
    static let dibaoDisabled: UInt8 = 17, blank: UInt8 = 18
  }

  static let statuses: [(text: String, meaning: SupportStatus?)] = [
    ("在保", .active), ("正常", .active), ("停保", .inactive), ("退出", .inactive), ("注销", .inactive),
    ("已停保", .inactive), ("死亡", .dead), ("暂停", nil), ("", nil), ("待核查", nil),
  ]
  enum Status {
    static let active: UInt8 = 0, normal: UInt8 = 1, stopped: UInt8 = 2, exited: UInt8 = 3
    static let cancelled: UInt8 = 4, alreadyStopped: UInt8 = 5, dead: UInt8 = 6, suspended: UInt8 = 7
    static let blank: UInt8 = 8, pending: UInt8 = 9
  }

  static let supportModes: [(text: String, meaning: SupportMode?)] = [
    ("分散供养", .home), ("社会散居", .home), ("集中供养", .institutional), ("机构养育", .institutional),
    ("", nil), ("居家", nil), ("散居", .home), ("机构供养", .institutional),
  ]
  enum Support {
    static let dispersed: UInt8 = 0, socialScattered: UInt8 = 1, centralized: UInt8 = 2
    static let institution: UInt8 = 3, blank: UInt8 = 4, unknownHome: UInt8 = 5, scattered: UInt8 = 6
    static let institutionSupported: UInt8 = 7
  }

  static let hardships: [(text: String, meaning: Hardship?)] = [
    ("低保", .minimumLiving), ("特困", .extremelyPoor), ("低收入", .lowIncome), ("无", Hardship.none),
    ("", nil), ("低保边缘户", .lowIncome), ("低保户", .minimumLiving), ("特困供养", .extremelyPoor),
    ("是", .minimumLiving), ("否", Hardship.none), ("临时救助", nil),
  ]
  enum HardshipWord {
    static let dibao: UInt8 = 0, tekun: UInt8 = 1, lowIncome: UInt8 = 2, none: UInt8 = 3
    static let blank: UInt8 = 4, edge: UInt8 = 5, dibaoHousehold: UInt8 = 6, tekunSupported: UInt8 = 7
    static let yes: UInt8 = 8, no: UInt8 = 9, unknown: UInt8 = 10
  }
  /// Words that are not in the vocabulary, and are not blank.
  static func isUnknownHardship(_ w: UInt8) -> Bool { w == HardshipWord.unknown }

  /// Disability types 1…7 in three writing styles.
  static let typeWords: [[String]] = [
    ["视力", "听力", "言语", "肢体", "智力", "精神", "多重"],
    ["视力残疾", "听力残疾", "言语残疾", "肢体残疾", "智力残疾", "精神残疾", "多重残疾"],
    ["1", "2", "3", "4", "5", "6", "7"],
  ]
  /// Grades 1…4 in four writing styles.
  static let gradeWords: [[String]] = [
    ["一级", "二级", "三级", "四级"], ["1", "2", "3", "4"], ["一", "二", "三", "四"], ["1级", "2级", "3级", "4级"],
  ]
  /// Grade words the rules do not know.
  static let unknownGrades = ["重度", "特级"]

  static let sexes = ["男", "女"]
  static let sexCodes = ["1", "2"]
  static let unknownSexes = ["男孩", "女孩"]

  static let relations = [
    "户主", "本人", "配偶", "妻子", "丈夫", "子", "女", "儿子", "女儿", "孙子", "孙女", "兄弟", "父亲", "母亲",
    "儿媳", "其他",
  ]
  enum Relation {
    static let head: UInt8 = 0, myself: UInt8 = 1, spouse: UInt8 = 2, wife: UInt8 = 3, husband: UInt8 = 4
    static let son: UInt8 = 5, daughter: UInt8 = 6, sonLong: UInt8 = 7, daughterLong: UInt8 = 8
    static let grandson: UInt8 = 9, granddaughter: UInt8 = 10, brother: UInt8 = 11, father: UInt8 = 12
    static let mother: UInt8 = 13, daughterInLaw: UInt8 = 14, other: UInt8 = 15, none: UInt8 = 255
  }
  static func isHead(_ r: UInt8) -> Bool { r == Relation.head || r == Relation.myself }
}

/// The certificate number of a disability record.
enum CertForm: UInt8 {
  /// The person's ID + type + grade.
  case normal
  /// Another person's ID in the certificate (CERT_ID_MISMATCH).
  case otherID
  /// The grade digit disagrees with the grade column.
  case gradeMismatch
  /// The type digit disagrees with the type column.
  case typeMismatch
  /// A re-issue suffix `B1` / `B2`.
  case reissued
  /// The ID and the type digit only (CERT_FORMAT).
  case malformed
  case blank
}

/// One row of a roster, as codes.
struct Rec {
  var person: Int32
  /// 0 civil affairs, 1 disability.
  var source: UInt8
  var tags = Tags()
  var idForm = IDForm.normal
  var artefact = Artefact.none
  /// The 17 leading characters of an `alt` ID (digits) and its last character.
  var altBody: UInt64 = 0
  var altLast: UInt8 = 0
  var nameForm = NameForm.plain
  /// 0 from the ID, 1 the other sex, 2 a word the rules do not know, 3 blank.
  var sexForm: UInt8 = 0
  /// 0 the birth date, 1 another date, 2 unreadable text, 3 blank.
  var birthForm: UInt8 = 0
  /// The date format of this cell when it differs from the county's (0…5 as
  /// `CountyStyle.birthStyle`, 6 month only); 255 the county's.
  var birthStyle: UInt8 = 255
  var category: UInt8 = Words.Category.blank
  var status: UInt8 = Words.Status.blank
  var support: UInt8 = Words.Support.blank
  /// Index into the county's households, or -1.
  var household: Int32 = -1
  var relation: UInt8 = Words.Relation.none
  /// The village written (usually the person's).
  var village: Int32
  // Disability
  var hardship: UInt8 = Words.HardshipWord.blank
  var disabilityType: UInt8 = 0
  var grade: UInt8 = 0
  /// The grade column holds a word the rules do not know (the certificate's digit counts).
  var gradeUnknownWord = false
  var certForm = CertForm.blank
  /// The person whose ID a mismatched certificate carries.
  var certOther: Int32 = -1
  var broken = BrokenRow.none
  /// 0 none, 1 a note, 2 a note on two lines (a line break inside the quoted cell).
  var remark: UInt8 = 0
  /// The county column names another county (index into the layout's outside counties).
  var outsideCounty: Int16 = -1
}

/// Injected problems and planted situations of a record, for the ground truth's `injected`.
struct Tags: Hashable {
  var lo: UInt64 = 0
  var hi: UInt64 = 0
  init() {}
  init(_ tag: Tag) { insert(tag) }
  mutating func insert(_ tag: Tag) {
    let b = Int(tag.rawValue)
    if b < 64 { lo |= 1 << UInt64(b) } else { hi |= 1 << UInt64(b - 64) }
  }
  func contains(_ tag: Tag) -> Bool {
    let b = Int(tag.rawValue)
    return b < 64 ? lo & (1 << UInt64(b)) != 0 : hi & (1 << UInt64(b - 64)) != 0
  }
  var isEmpty: Bool { lo == 0 && hi == 0 }
  var tags: [Tag] { Tag.allCases.filter { contains($0) } }
}
