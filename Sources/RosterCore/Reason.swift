/// How serious a finding is. The raw value is what outputs write.
public enum Severity: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
  /// The value is unusable (a record with an error on its ID is rejected).
  case error
  /// Something a person should look at; the record is still processed.
  case warning
  /// Recorded for the audit trail; nothing to do.
  case info

  /// Position in `allCases` (error 0, warning 1, info 2), without hashing.
  @inlinable public var ordinal: Int {
    switch self {
    case .error: 0
    case .warning: 1
    case .info: 2
    }
  }
  /// Errors sort first.
  public static func < (a: Severity, b: Severity) -> Bool { a.ordinal < b.ordinal }
  public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}

/// What a finding does to its record's disposition in the ledger (§6 of the data contract).
public enum Effect: String, CaseIterable, Sendable, Hashable, Codable {
  /// The record is unusable: disposition `rejected`.
  case reject
  /// The record is ineligible or unsuitable for pairing: disposition `excluded`.
  case exclude
  /// The record stays in, but its pairing unit is flagged `needs_review`.
  case review
  /// Only recorded.
  case none
}

/// The pipeline stage that raises a reason code.
public enum Stage: String, CaseIterable, Sendable, Hashable, Codable {
  case id, ingest, normalize, verify, deduplicate, run
}

/// The catalog of reason codes: every outcome any stage reports, with its severity, its
/// effect on the record, its meaning in Chinese and English and what to do about it.
///
/// This file is the **one place** reason codes are defined. The raw value is the stable
/// code written to `ledger.csv`, `findings.csv`, `summary.json` and the run store; never
/// rename or reuse one. `docs/reason-codes.md` is generated from this catalog
/// (`rostercheck codes --markdown`) and a test fails when the two differ.
///
/// ```swift
/// Reason.idCheckDigit.rawValue == "ID_CHECK_DIGIT"
/// Reason.idCheckDigit.severity == .error
/// Reason.idCheckDigit.effect == .reject
/// ```
public enum Reason: String, CaseIterable, Sendable, Hashable, Codable, Comparable {
  // MARK: ID engine (stage: id)
  case idMissing = "ID_MISSING"
  case idNormalized = "ID_NORMALIZED"
  case idNotAnID = "ID_NOT_AN_ID"
  case idLength = "ID_LENGTH"
  case idExcelScientific = "ID_EXCEL_SCIENTIFIC"
  case idExcelZeroed = "ID_EXCEL_ZEROED"
  case idZeroEndingConfirm = "ID_ZERO_ENDING_CONFIRM"
  case idExcelColumnDamaged = "ID_EXCEL_COLUMN_DAMAGED"
  case idCheckDigit = "ID_CHECK_DIGIT"
  case idBirthDateInvalid = "ID_BIRTH_DATE_INVALID"
  case idBirthDateFuture = "ID_BIRTH_DATE_FUTURE"
  case idBirthDateTooEarly = "ID_BIRTH_DATE_TOO_EARLY"
  case idRegionUnknown = "ID_REGION_UNKNOWN"
  case idRegionRetired = "ID_REGION_RETIRED"
  case idRegionNotYetInUse = "ID_REGION_NOT_YET_IN_USE"
  case idRegionCityLevel = "ID_REGION_CITY_LEVEL"
  case idLegacy15 = "ID_LEGACY_15"
  case idForeignNationality = "ID_FOREIGN_NATIONALITY"
  case certFormat = "CERT_FORMAT"
  case certTypeDigit = "CERT_TYPE_DIGIT"
  case certGradeDigit = "CERT_GRADE_DIGIT"
  case certReissued = "CERT_REISSUED"

  // MARK: Ingest (stage: ingest)
  case rowTooManyFields = "ROW_TOO_MANY_FIELDS"
  case rowUnterminatedQuote = "ROW_UNTERMINATED_QUOTE"
  case rowEncoding = "ROW_ENCODING"
  case rowTooLong = "ROW_TOO_LONG"
  case fileUnknownColumn = "FILE_UNKNOWN_COLUMN"
  case fileDuplicateColumn = "FILE_DUPLICATE_COLUMN"
  case fileNoIDColumn = "FILE_NO_ID_COLUMN"
  case xmlMalformed = "XML_MALFORMED"
  case xmlForbiddenEntity = "XML_FORBIDDEN_ENTITY"

  // MARK: Normalize (stage: normalize)
  case nameMissing = "NAME_MISSING"
  case valueUnrecognized = "VALUE_UNRECOGNIZED"
  case dateUnreadable = "DATE_UNREADABLE"

  // MARK: Verify (stage: verify)
  case birthDateMismatch = "BIRTH_DATE_MISMATCH"
  case sexMismatch = "SEX_MISMATCH"
  case certIDMismatch = "CERT_ID_MISMATCH"
  case certTypeMismatch = "CERT_TYPE_MISMATCH"
  case certGradeMismatch = "CERT_GRADE_MISMATCH"
  case childAgedOut = "CHILD_AGED_OUT"
  case disabilityGradeIneligible = "DISABILITY_GRADE_INELIGIBLE"
  case noQualifyingHardship = "NO_QUALIFYING_HARDSHIP"
  case statusInactive = "STATUS_INACTIVE"
  case deceased = "DECEASED"
  case outsideJurisdiction = "OUTSIDE_JURISDICTION"
  case unsuitableForPairing = "UNSUITABLE_FOR_PAIRING"
  case categoryUnknown = "CATEGORY_UNKNOWN"
  case notPairingCategory = "NOT_PAIRING_CATEGORY"
  case deathListMatched = "DEATH_LIST_MATCHED"
  case deathListUnmatched = "DEATH_LIST_UNMATCHED"
  case deathListFutureDate = "DEATH_LIST_FUTURE_DATE"

  // MARK: Deduplicate (stage: deduplicate)
  case dupSameSource = "DUP_SAME_SOURCE"
  case dupCrossSource = "DUP_CROSS_SOURCE"
  case dupAttributeConflict = "DUP_ATTRIBUTE_CONFLICT"
  case householdConflict = "HOUSEHOLD_CONFLICT"
  case householdMember = "HOUSEHOLD_MEMBER"
  case childPairedIndividually = "CHILD_PAIRED_INDIVIDUALLY"
  case hardshipFromOtherRecord = "HARDSHIP_FROM_OTHER_RECORD"
  case probableDupIDTypo = "PROBABLE_DUP_ID_TYPO"
  case probableDupSameNameBirthVillage = "PROBABLE_DUP_SAME_NAME_BIRTH_VILLAGE"
  case probableDupCorrectedID = "PROBABLE_DUP_CORRECTED_ID"

  /// The stable code, e.g. `ID_CHECK_DIGIT`.
  @inlinable public var code: String { rawValue }

  /// The position of the code in `allCases` (declaration order), without hashing: a
  /// payload-free enum is stored as its case index. `ReasonCatalogTests` checks that this
  /// equals the index in `allCases` for every code.
  @inlinable public var ordinal: Int { Int(unsafeBitCast(self, to: UInt8.self)) }

  /// `allCases`, stored once (the synthesized `allCases` may build a new array per call).
  public static let byOrdinal: [Reason] = allCases

  /// The code's UTF-8 bytes, built once: for writers that emit millions of codes.
  public static let codeBytes: [[UInt8]] = allCases.map { Array($0.rawValue.utf8) }

  /// Everything the catalog says about a code.
  public struct Entry: Sendable, Hashable {
    public let stage: Stage
    public let severity: Severity
    public let effect: Effect
    /// Meaning in Chinese, as an office would say it.
    public let chinese: String
    /// Meaning in English.
    public let english: String
    /// What a data specialist should do.
    public let action: String
  }

  // Read from tables made once from ``entry``: `entry` builds the whole catalog entry (three
  // strings with it) for every call, and these are asked for every finding of every record.
  public var severity: Severity { Reason.severities[ordinal] }
  public var effect: Effect { Reason.effects[ordinal] }
  public var stage: Stage { Reason.stages[ordinal] }

  private static let severities: [Severity] = allCases.map { $0.entry.severity }
  private static let effects: [Effect] = allCases.map { $0.entry.effect }
  private static let stages: [Stage] = allCases.map { $0.entry.stage }

  // swift-format-ignore
  public var entry: Entry {
    switch self {
    // ID engine
    case .idMissing: Entry(stage: .id, severity: .error, effect: .reject, chinese: "缺少身份证号", english: "No identity number in the record.", action: "Fill in the ID number from the person's ID card or household register.")
    case .idNormalized: Entry(stage: .id, severity: .info, effect: .none, chinese: "身份证号格式已规范（全角、空格、连字符等）", english: "Typing artefacts (full-width characters, spaces, hyphens, quote marks, invisible characters) were removed from the ID.", action: "None; optionally clean the source cell.")
    case .idNotAnID: Entry(stage: .id, severity: .error, effect: .reject, chinese: "不是身份证号", english: "The value contains characters that cannot appear in an identity number.", action: "Check the column: the cell may hold a name, phone number or note instead of an ID.")
    case .idLength: Entry(stage: .id, severity: .error, effect: .reject, chinese: "身份证号位数不对", english: "The ID has neither 18 nor 15 characters.", action: "Re-enter the ID from the ID card.")
    case .idExcelScientific: Entry(stage: .id, severity: .error, effect: .reject, chinese: "身份证号被Excel转成科学计数法，无法恢复", english: "Excel turned the ID into scientific notation (e.g. 6.21225E+17); the digits are lost.", action: "Re-export the column as text, or re-enter the ID from the ID card.")
    case .idExcelZeroed: Entry(stage: .id, severity: .error, effect: .reject, chinese: "身份证号末三位被Excel置零，校验失败", english: "The ID ends in 000 and fails its check: Excel's 15-digit precision destroyed the last digits.", action: "Re-export the column as text, or re-enter the ID from the ID card.")
    case .idZeroEndingConfirm: Entry(stage: .id, severity: .warning, effect: .review, chinese: "身份证号以000结尾，请核对证件", english: "The ID ends in 000 and passes its check; real IDs rarely end this way, Excel damage often does.", action: "Confirm the number against the ID card.")
    case .idExcelColumnDamaged: Entry(stage: .id, severity: .warning, effect: .none, chinese: "该文件身份证号列疑似整体被Excel损坏", english: "Many IDs in this file's column end in 000: the whole column was probably damaged by Excel.", action: "Re-export the file with the ID column formatted as text.")
    case .idCheckDigit: Entry(stage: .id, severity: .error, effect: .reject, chinese: "身份证号校验码错误", english: "The check character does not match the first 17 digits (a mistyped or swapped digit).", action: "Re-enter the ID from the ID card; see duplicates.csv for a likely match.")
    case .idBirthDateInvalid: Entry(stage: .id, severity: .error, effect: .reject, chinese: "身份证号中的出生日期不存在", english: "The birth date inside the ID is not a real date.", action: "Re-enter the ID from the ID card.")
    case .idBirthDateFuture: Entry(stage: .id, severity: .error, effect: .reject, chinese: "身份证号中的出生日期晚于核查日期", english: "The birth date inside the ID is after the reference date.", action: "Re-enter the ID from the ID card.")
    case .idBirthDateTooEarly: Entry(stage: .id, severity: .error, effect: .reject, chinese: "身份证号中的出生日期早于1890年", english: "The birth date inside the ID is before 1890.", action: "Re-enter the ID from the ID card.")
    case .idRegionUnknown: Entry(stage: .id, severity: .error, effect: .reject, chinese: "身份证号地址码不存在", english: "The address code (first six digits) was never a county-level code since 1981.", action: "Re-enter the ID from the ID card.")
    case .idRegionRetired: Entry(stage: .id, severity: .info, effect: .none, chinese: "地址码已撤销（旧代码，合法）", english: "The address code has since been retired; IDs keep the code in force when issued, so this is legitimate.", action: "None.")
    case .idRegionNotYetInUse: Entry(stage: .id, severity: .warning, effect: .none, chinese: "出生年份时地址码尚未启用", english: "The address code came into use after the birth year (and after 1984, when numbers were first assigned): common with late registration.", action: "None unless other details look wrong.")
    case .idRegionCityLevel: Entry(stage: .id, severity: .info, effect: .none, chinese: "地址码为旧式市辖区代码", english: "The address code is a legacy city-level code (…01, …02, …11, …20, or the prefecture's own …00) under a known prefecture.", action: "None.")
    case .idLegacy15: Entry(stage: .id, severity: .info, effect: .none, chinese: "15位旧身份证号，已升位为18位", english: "A 15-digit legacy ID was upgraded to 18 digits.", action: "Update the roster to the 18-digit number.")
    case .idForeignNationality: Entry(stage: .id, severity: .error, effect: .reject, chinese: "外国人永久居留身份证国籍代码无效", english: "A foreign permanent resident ID carries an unknown ISO 3166 nationality code.", action: "Re-enter the number from the permit.")
    case .certFormat: Entry(stage: .id, severity: .error, effect: .review, chinese: "残疾人证号格式错误", english: "The disability certificate number is not an 18-character ID followed by a type and a grade digit.", action: "Re-enter the certificate number from the certificate.")
    case .certTypeDigit: Entry(stage: .id, severity: .error, effect: .review, chinese: "残疾人证号中的残疾类别位无效", english: "The certificate's type digit is not 1–7.", action: "Re-enter the certificate number from the certificate.")
    case .certGradeDigit: Entry(stage: .id, severity: .error, effect: .review, chinese: "残疾人证号中的残疾等级位无效", english: "The certificate's grade digit is not 1–4.", action: "Re-enter the certificate number from the certificate.")
    case .certReissued: Entry(stage: .id, severity: .info, effect: .none, chinese: "残疾人证为换发证（带B1等后缀）", english: "The certificate carries a re-issue suffix (e.g. B1).", action: "None.")

    // Ingest
    case .rowTooManyFields: Entry(stage: .ingest, severity: .error, effect: .reject, chinese: "该行字段多于表头", english: "The row has more non-empty fields than the header (often an unquoted comma inside a value).", action: "Fix the row in the source file: quote the value or remove the stray separator.")
    case .rowUnterminatedQuote: Entry(stage: .ingest, severity: .error, effect: .reject, chinese: "该行引号未闭合", english: "A quoted field is never closed.", action: "Fix the quote in the source file; the rows after it were read normally.")
    case .rowEncoding: Entry(stage: .ingest, severity: .error, effect: .reject, chinese: "该行含有无法识别的字符编码", english: "The row contains bytes that are not valid in the file's encoding.", action: "Re-save the file as UTF-8 or GB18030, or give the right --encoding.")
    case .rowTooLong: Entry(stage: .ingest, severity: .error, effect: .reject, chinese: "该行过长（无换行）", english: "The row is longer than the reader's limit (1 MiB) without a line break: usually a binary file or a broken export.", action: "Check that the file is a CSV roster; export it again.")
    case .fileUnknownColumn: Entry(stage: .ingest, severity: .info, effect: .none, chinese: "未识别的列（已保留）", english: "A column header matches no field alias; its values are kept but not checked.", action: "If the column is one of the contract's fields, add its header as an alias in the rules file.")
    case .fileDuplicateColumn: Entry(stage: .ingest, severity: .warning, effect: .none, chinese: "多个列对应同一字段", english: "Two headers map to the same field; the first non-empty value is used.", action: "Remove or rename one of the columns.")
    case .fileNoIDColumn: Entry(stage: .ingest, severity: .error, effect: .reject, chinese: "文件中没有身份证号列", english: "No header maps to the id_number field.", action: "Rename the ID column to 身份证号, or add its header as an alias in the rules file.")
    case .xmlMalformed: Entry(stage: .ingest, severity: .error, effect: .reject, chinese: "XML格式错误", english: "The XML is malformed or truncated; records before the error were kept.", action: "Ask for a fresh export of the file.")
    case .xmlForbiddenEntity: Entry(stage: .ingest, severity: .error, effect: .reject, chinese: "XML包含被禁止的实体或DTD", english: "The XML declares entities, an external DTD or entity references, which are refused for safety.", action: "Ask for an export without a DOCTYPE.")

    // Normalize
    case .nameMissing: Entry(stage: .normalize, severity: .warning, effect: .review, chinese: "缺少姓名", english: "The record has no name.", action: "Fill in the name.")
    case .valueUnrecognized: Entry(stage: .normalize, severity: .warning, effect: .review, chinese: "无法识别的取值", english: "A field holds a value the rules do not know.", action: "Correct the value, or add it to the vocabulary in the rules file.")
    case .dateUnreadable: Entry(stage: .normalize, severity: .warning, effect: .review, chinese: "无法识别的日期", english: "A date field is not in any known date format.", action: "Enter the date as YYYY-MM-DD.")

    // Verify
    case .birthDateMismatch: Entry(stage: .verify, severity: .warning, effect: .review, chinese: "出生日期与身份证号不一致", english: "The recorded birth date disagrees with the one in the ID; the ID wins.", action: "Correct the birth date column, or the ID if the ID is wrong.")
    case .sexMismatch: Entry(stage: .verify, severity: .warning, effect: .review, chinese: "性别与身份证号不一致", english: "The recorded sex disagrees with the ID's sequence digit; the ID wins.", action: "Correct the sex column, or the ID if the ID is wrong.")
    case .certIDMismatch: Entry(stage: .verify, severity: .warning, effect: .review, chinese: "残疾人证号与身份证号不一致", english: "The ID part of the disability certificate is not the person's ID.", action: "Check both numbers against the certificate and the ID card.")
    case .certTypeMismatch: Entry(stage: .verify, severity: .warning, effect: .review, chinese: "残疾人证号中的类别与残疾类别列不一致", english: "The certificate's type digit disagrees with the disability type column.", action: "Check the type against the certificate.")
    case .certGradeMismatch: Entry(stage: .verify, severity: .warning, effect: .review, chinese: "残疾人证号中的等级与残疾等级列不一致", english: "The certificate's grade digit disagrees with the disability grade column.", action: "Check the grade against the certificate.")
    case .childAgedOut: Entry(stage: .verify, severity: .warning, effect: .exclude, chinese: "已满18周岁，不再属于孤儿/事实无人抚养儿童", english: "A child category, but the person has reached the age limit on the reference date.", action: "Move the person out of the child roster; check other support.")
    case .disabilityGradeIneligible: Entry(stage: .verify, severity: .warning, effect: .exclude, chinese: "残疾等级不属于重度（一、二级）", english: "The disability grade is not an eligible (severe) grade.", action: "None if the grade is right; otherwise correct it.")
    case .noQualifyingHardship: Entry(stage: .verify, severity: .warning, effect: .exclude, chinese: "不属于低保或特困，不符合困难重度残疾人条件", english: "A severely disabled person without a qualifying hardship status (低保 or 特困).", action: "None if right; otherwise record the hardship status.")
    case .statusInactive: Entry(stage: .verify, severity: .warning, effect: .exclude, chinese: "已停保、退出或注销", english: "The support status is inactive (停保, 退出, 注销).", action: "Remove the record from the pairing roster.")
    case .deceased: Entry(stage: .verify, severity: .warning, effect: .exclude, chinese: "已死亡", english: "The person is in the deaths list or has status 死亡.", action: "Remove the record and end the pairing.")
    case .outsideJurisdiction: Entry(stage: .verify, severity: .warning, effect: .exclude, chinese: "不属于本辖区", english: "The record is outside the run's jurisdiction.", action: "Send the record to the county it belongs to.")
    case .unsuitableForPairing: Entry(stage: .verify, severity: .warning, effect: .exclude, chinese: "不适宜结对关爱", english: "A condition in the rules makes the person unsuitable for pairing (baseline: living in an institution).", action: "Arrange care through the institution instead of one-to-one home pairing.")
    case .categoryUnknown: Entry(stage: .verify, severity: .warning, effect: .exclude, chinese: "对象类别缺失或无法识别", english: "The record has no recognizable category.", action: "Fill in the category (孤儿, 事实无人抚养儿童, 特困人员, …).")
    case .notPairingCategory: Entry(stage: .verify, severity: .info, effect: .exclude, chinese: "不属于结对关爱对象类别（如仅为低保）", english: "The record's category is not a pairing category by itself (e.g. 低保 only).", action: "None.")
    case .deathListMatched: Entry(stage: .verify, severity: .info, effect: .exclude, chinese: "死亡名单记录，已匹配到关爱对象", english: "A deaths-list entry that matched at least one roster record.", action: "None.")
    case .deathListFutureDate: Entry(stage: .verify, severity: .warning, effect: .exclude, chinese: "死亡名单记录的死亡日期晚于核查日期，未采用", english: "A deaths-list entry dated after the reference date; it was not applied.", action: "Check the date in the deaths list.")
    case .deathListUnmatched: Entry(stage: .verify, severity: .info, effect: .exclude, chinese: "死亡名单记录，未匹配到关爱对象", english: "A deaths-list entry that matched no roster record.", action: "None.")

    // Deduplicate
    case .dupSameSource: Entry(stage: .deduplicate, severity: .info, effect: .none, chinese: "同一来源重复记录，已合并", english: "Another row of the same source has the same ID; this row was merged into the first.", action: "Delete the extra row from the source file.")
    case .dupCrossSource: Entry(stage: .deduplicate, severity: .info, effect: .none, chinese: "民政与残联名单中为同一人", english: "The same person appears in both sources; one pairing unit with both categories.", action: "None.")
    case .dupAttributeConflict: Entry(stage: .deduplicate, severity: .warning, effect: .review, chinese: "同一人的多条记录信息不一致", english: "Rows with the same ID disagree on an attribute (name, village, category, …).", action: "Correct the wrong row.")
    case .householdConflict: Entry(stage: .deduplicate, severity: .warning, effect: .review, chinese: "同一人出现在两个家庭中", english: "The person is listed in two different households.", action: "Decide which household the person belongs to and correct the other.")
    case .householdMember: Entry(stage: .deduplicate, severity: .info, effect: .none, chinese: "随特困家庭整体结对", english: "The person is covered by their 特困 household's pairing unit.", action: "None.")
    case .childPairedIndividually: Entry(stage: .deduplicate, severity: .info, effect: .none, chinese: "儿童单独结对（不随家庭）", english: "A child in a 特困 household is paired individually, not with the household.", action: "None.")
    case .hardshipFromOtherRecord: Entry(stage: .deduplicate, severity: .info, effect: .none, chinese: "困难情况由该人的另一条记录证明（如民政低保）", english: "The disability record shows no qualifying hardship, but another record of the same person does (e.g. 低保 in the civil-affairs roster).", action: "None; optionally record the hardship in the disability roster.")
    case .probableDupIDTypo: Entry(stage: .deduplicate, severity: .warning, effect: .review, chinese: "疑似同一人：姓名相同，身份证号仅差一位或两位颠倒", english: "Same name and IDs one substitution or one adjacent swap apart: probably one person with a mistyped ID.", action: "Check both IDs against the ID card and correct the wrong one.")
    case .probableDupSameNameBirthVillage: Entry(stage: .deduplicate, severity: .warning, effect: .review, chinese: "疑似同一人：姓名、出生日期、村相同而身份证号不同", english: "Same name, birth date and village with different IDs.", action: "Check whether these are one person; correct the wrong ID.")
    case .probableDupCorrectedID: Entry(stage: .deduplicate, severity: .warning, effect: .review, chinese: "疑似同一人：无效身份证号更正一位后与另一记录相同", english: "An invalid ID becomes another record's ID after correcting one digit (did you mean …?).", action: "Correct the invalid ID.")
    }
  }

  /// Catalog order: as listed here.
  public static func < (a: Reason, b: Reason) -> Bool { a.ordinal < b.ordinal }

  /// Hashes the case index; the default for a `String`-backed enum would hash the code's text.
  public func hash(into hasher: inout Hasher) { hasher.combine(ordinal) }
}
