import RosterCore

/// Byte 0x01 stands in the UTF-8 text for a byte that is not valid in the file's encoding; it is
/// replaced by 0xFF after transcoding (0xFF is never valid in UTF-8 nor a GB18030 lead byte).
let invalidByteMarker: UInt8 = 0x01

/// Turns a planned county into file bytes, and knows the text of every cell (the truth uses
/// the same functions for household keys, villages and county names).
struct CountyRenderer {
  let plan: CountyPlanner
  var spec: CountySpec { plan.spec }
  var style: CountyStyle { plan.style }

  // MARK: Cells

  /// The 18- or 15-character ID (or other text) of a record's ID cell before typing artefacts.
  func idCore(_ r: Rec) -> [UInt8] {
    let p = plan.persons[Int(r.person)]
    switch r.idForm {
    case .normal, .zeroEnding: return IDMath.text(p.body, p.check)
    case .legacy15: return IDMath.legacy15(p.body)
    case .checkTypo, .bodyTypo, .otherID, .birthInvalid, .birthFuture, .birthTooEarly, .regionUnknown:
      return IDMath.text(r.altBody, r.altLast)
    case .excelZeroed:
      var t = IDMath.text(r.altBody, r.altLast)
      t[15] = 0x30
      t[16] = 0x30
      t[17] = 0x30
      return t
    case .excelScientific:
      let t = IDMath.text(p.body, p.check)
      var mantissa = Array(t[1..<6])
      while mantissa.last == 0x30 { mantissa.removeLast() }
      return [t[0]] + (mantissa.isEmpty ? [] : [0x2E] + mantissa) + Array("E+17".utf8)
    case .missing: return []
    case .notAnID: return Array(p.name.utf8)
    case .wrongLength:
      var t = IDMath.text(p.body, p.check)
      t.remove(at: 6 + Int(p.body % 9))
      return t
    }
  }

  /// The ID cell as written (UTF-8), typing artefacts included. `csv`: whether Excel's `="…"`
  /// may be written raw.
  func idCell(_ r: Rec) -> [UInt8] {
    CountyRenderer.applyArtefact(r.artefact, to: idCore(r))
  }

  static func applyArtefact(_ artefact: Artefact, to core: [UInt8]) -> [UInt8] {
    switch artefact {
    case .none: return core
    case .fullWidth:
      var out: [UInt8] = []
      for b in core {
        if b >= 0x30 && b <= 0x39 {
          out += [0xEF, 0xBC, 0x90 + (b - 0x30)]
        } else if b == 0x58 {
          out += [0xEF, 0xBC, 0xB8]
        } else {
          out.append(b)
        }
      }
      return out
    case .spaced, .hyphenated:
      guard core.count >= 15 else { return core }
      let sep: UInt8 = artefact == .spaced ? 0x20 : 0x2D
      return Array(core[0..<6]) + [sep] + Array(core[6..<14]) + [sep] + Array(core[14...])
    case .lowercaseX:
      var out = core
      if out.last == 0x58 { out[out.count - 1] = 0x78 }
      return out
    case .apostrophe: return [0x27] + core
    case .excelText: return [0x3D, 0x22] + core + [0x22]
    case .zeroWidth:
      let at = min(9, core.count)
      return Array(core[0..<at]) + [0xE2, 0x80, 0x8B] + Array(core[at...])
    case .nbsp: return [0xC2, 0xA0] + core
    case .ideographicSpace: return core + [0xE3, 0x80, 0x80]
    case .trailingSpace: return core + [0x20]
    case .byteOrderMark: return [0xEF, 0xBB, 0xBF] + core
    }
  }

  func nameCell(_ r: Rec) -> String {
    let name = plan.persons[Int(r.person)].name
    switch r.nameForm {
    case .plain: return name
    case .traditional: return String(name.map { NamePools.traditional[$0] ?? $0 })
    case .dotVariant:
      let v = NamePools.dotVariants[Int(plan.persons[Int(r.person)].body % UInt64(NamePools.dotVariants.count))]
      return String(name.flatMap { $0 == "·" ? Array(v) : [$0] })
    case .spaced:
      guard name.count >= 2, !name.contains("·") else { return name }
      return String(name.prefix(1)) + "\u{3000}" + String(name.dropFirst())
    case .missing: return ""
    case .encodingBroken:
      return String(name.prefix(1)) + String(decoding: [invalidByteMarker, invalidByteMarker], as: UTF8.self)
        + String(name.dropFirst())
    }
  }

  /// The household cell: a household number in the county's style, or the head's ID.
  func householdCell(_ h: Int32) -> String {
    guard h >= 0 else { return "" }
    let hh = plan.households[Int(h)]
    switch style.householdStyle {
    case 1:
      var w = ByteWriter(capacity: 16)
      w.digits(UInt64(spec.code), width: 6)
      w.digits(UInt64(hh.number), width: 10)
      return String(decoding: w.bytes, as: UTF8.self)
    case 2:
      let p = plan.persons[Int(hh.head)]
      var t = IDMath.text(p.body, p.check)
      if plan.damagedIDColumn && p.check != 0x58 {
        t[15] = 0x30
        t[16] = 0x30
        t[17] = 0x30
      }
      return String(decoding: t, as: UTF8.self)
    default:
      var w = ByteWriter(capacity: 16)
      w.text(style.householdPrefix)
      w.digits(UInt64(plan.villages[Int(hh.village)].township + 1), width: 2)
      w.digits(UInt64(hh.village % 1000), width: 3)
      w.digits(UInt64(hh.number), width: 5)
      return String(decoding: w.bytes, as: UTF8.self)
    }
  }

  /// The county cell of a record.
  func countyCell(_ r: Rec) -> String {
    r.outsideCounty >= 0 ? plan.layout.outside[Int(r.outsideCounty)].name : style.countyText
  }

  func villageCell(_ r: Rec) -> String { plan.villages[Int(r.village)].name }
  func townshipCell(_ r: Rec) -> String { plan.townships[Int(plan.villages[Int(r.village)].township)] }

  func birthCell(_ r: Rec, style s: Int, monthOnly: Bool) -> String {
    let p = plan.persons[Int(r.person)]
    var d = p.birth
    switch r.birthForm {
    case 1:
      let shift = 40 + Int(p.body % 360)
      d = CalendarDate(daysSinceEpoch: d.daysSinceEpoch + (p.body % 2 == 0 ? shift : -shift))
    case 2: return p.body % 2 == 0 ? "不详" : "待补录"
    case 3: return ""
    default: break
    }
    return CountyRenderer.dateText(d, style: s, monthOnly: monthOnly)
  }

  static let excelEpoch = CalendarDate(year: 1899, month: 12, day: 30)!.daysSinceEpoch
  static let excelFirst = CalendarDate(year: 1900, month: 3, day: 1)!

  static func dateText(_ d: CalendarDate, style: Int, monthOnly: Bool) -> String {
    var w = ByteWriter(capacity: 16)
    if monthOnly {
      if style == 4 {
        w.number(d.year)
        w.text("年")
        w.number(d.month)
        w.text("月")
      } else {
        w.number(d.year)
        w.byte(0x2D)
        w.digits(UInt64(d.month), width: 2)
      }
      return String(decoding: w.bytes, as: UTF8.self)
    }
    switch style {
    case 1, 2:
      w.number(d.year)
      w.byte(style == 1 ? 0x2F : 0x2E)
      w.number(d.month)
      w.byte(style == 1 ? 0x2F : 0x2E)
      w.number(d.day)
    case 3:
      w.digits(UInt64(d.year * 10_000 + d.month * 100 + d.day), width: 8)
    case 4:
      w.number(d.year)
      w.text("年")
      w.number(d.month)
      w.text("月")
      w.number(d.day)
      w.text("日")
    case 5 where d >= excelFirst:
      w.number(d.daysSinceEpoch - excelEpoch)
    default:
      w.digits(UInt64(d.year), width: 4)
      w.byte(0x2D)
      w.digits(UInt64(d.month), width: 2)
      w.byte(0x2D)
      w.digits(UInt64(d.day), width: 2)
    }
    return String(decoding: w.bytes, as: UTF8.self)
  }

  func sexCell(_ r: Rec) -> String {
    let p = plan.persons[Int(r.person)]
    switch r.sexForm {
    case 1: return style.sexCodes ? (p.male ? "2" : "1") : (p.male ? "女" : "男")
    case 2: return p.male ? "男孩" : "女孩"
    case 3: return ""
    default: return style.sexCodes ? (p.male ? "1" : "2") : (p.male ? "男" : "女")
    }
  }

  func phoneCell(_ r: Rec) -> String {
    let phone = plan.persons[Int(r.person)].phone
    guard phone != 0 else { return "" }
    var w = ByteWriter(capacity: 11)
    w.digits(phone, width: 11)
    return String(decoding: w.bytes, as: UTF8.self)
  }

  static let remarks = ["已入户核查", "独居", "重度残疾", "低保边缘", "子女在外务工", "已核实", "随祖父母生活", "长期患病"]

  func remarkCell(_ r: Rec) -> String {
    switch r.remark {
    case 1: return CountyRenderer.remarks[Int(plan.persons[Int(r.person)].body % 8)]
    case 2: return "已入户核查\n待复核"
    default: return ""
    }
  }

  // MARK: Civil-affairs CSV

  /// The civil-affairs sheet as UTF-8 text (0x01 marking invalid bytes), and the line of each
  /// record.
  func civilCSV() -> (bytes: [UInt8], lines: [Int32]) {
    let sep = style.civilSeparator
    let nl: [UInt8] = style.crlf ? [0x0D, 0x0A] : [0x0A]
    var w = ByteWriter(capacity: plan.civil.count * 160 + 1024)
    for (k, (_, header)) in style.columns.enumerated() {
      if k > 0 { w.byte(sep) }
      w.csvField(header, separator: sep)
    }
    w.append(nl)
    var line: Int32 = 2
    var lines = [Int32](repeating: 0, count: plan.civil.count)
    let lastColumn = style.columns.count - 1
    for (i, r) in plan.civil.enumerated() {
      if plan.blankLinesBefore.contains(i) {
        w.append(nl)
        line += 1
      }
      lines[i] = line
      for (k, (column, _)) in style.columns.enumerated() {
        if k > 0 { w.byte(sep) }
        if k == lastColumn && r.broken == .unterminatedQuote { w.byte(0x22) }
        switch column {
        case .seq: w.number(i + 1)
        case .name: w.csvField(nameCell(r), separator: sep)
        case .id:
          let cell = idCell(r)
          if r.artefact == .excelText {
            w.append(cell)
          } else {
            w.csvField(String(decoding: cell, as: UTF8.self), separator: sep)
          }
        case .sex: w.text(sexCell(r))
        case .birth:
          let own = r.birthStyle == 255 ? style.birthStyle : Int(min(r.birthStyle, 5))
          let month = r.birthStyle == 6 || (r.birthStyle == 255 && style.monthOnlyBirth)
          w.csvField(birthCell(r, style: own, monthOnly: month), separator: sep)
        case .category: w.csvField(Words.categories[Int(r.category)].text, separator: sep)
        case .household: w.csvField(householdCell(r.household), separator: sep)
        case .relation: if r.relation != Words.Relation.none { w.text(Words.relations[Int(r.relation)]) }
        case .county: w.csvField(countyCell(r), separator: sep)
        case .township: w.csvField(townshipCell(r), separator: sep)
        case .village: w.csvField(villageCell(r), separator: sep)
        case .status: w.text(Words.statuses[Int(r.status)].text)
        case .support: w.text(Words.supportModes[Int(r.support)].text)
        case .phone: w.text(phoneCell(r))
        case .phone2: if plan.persons[Int(r.person)].body % 3 == 0 { w.text(phoneCell(r)) }
        case .nation:
          let p = plan.persons[Int(r.person)]
          w.text(p.name.contains("·") || p.name.hasPrefix("马") && p.body % 3 == 0 ? "回族" : p.body % 29 == 0 ? "东乡族" : "汉族")
        case .updated: w.text("2026-10-15")
        case .remark:
          if r.broken != .unterminatedQuote {
            w.csvField(remarkCell(r), separator: sep)
          } else {
            w.text("见附件")
          }
        }
        if k == lastColumn && r.broken == .unterminatedQuote && column != .remark { w.text("见附件") }
      }
      if r.broken == .tooManyFields {
        w.byte(sep)
        w.text("多出来的")
        w.byte(sep)
        w.text("又一列")
      }
      w.append(nl)
      line += r.remark == 2 && r.broken == .none ? 2 : 1
    }
    return (w.bytes, lines)
  }

  // MARK: Disability XML

  func disabilityXML() -> (bytes: [UInt8], lines: [Int32]) {
    var w = ByteWriter(capacity: plan.disability.count * (style.xmlStyle == 0 ? 520 : 380) + 1024)
    w.text("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    w.byte(0x3C)
    w.text(style.xmlRoot)
    if style.xmlStyle != 2 {
      w.text(" 县区=\"")
      w.xmlText(spec.name)
      w.text("\" 导出日期=\"2026-11-20\"")
    }
    w.text(">\n")
    var line: Int32 = 3
    var lines = [Int32](repeating: 0, count: plan.disability.count)
    // The bytes around a field's value, per field, in the file's style.
    let tags = style.xmlTags
    let before: [[UInt8]]
    let after: [[UInt8]]
    let empty: [[UInt8]]
    switch style.xmlStyle {
    case 2:
      before = tags.map { Array(" \($0)=\"".utf8) }
      after = tags.map { _ in [0x22] }
      empty = tags.map { _ in [] }
    case 0:
      before = tags.map { Array("    <\($0)>".utf8) }
      after = tags.map { Array("</\($0)>\n".utf8) }
      empty = tags.map { Array("    <\($0)/>\n".utf8) }
    default:
      before = tags.map { Array("<\($0)>".utf8) }
      after = tags.map { Array("</\($0)>".utf8) }
      empty = before.indices.map { before[$0] + after[$0] }
    }
    let open = Array((style.xmlStyle == 0 ? "  <\(style.xmlRecord)>\n" : style.xmlStyle == 2 ? "  <\(style.xmlRecord)" : "  <\(style.xmlRecord)>").utf8)
    let close = Array((style.xmlStyle == 2 ? "/>\n" : style.xmlStyle == 0 ? "  </\(style.xmlRecord)>\n" : "</\(style.xmlRecord)>\n").utf8)
    var fieldCount: Int32 = 0
    func put(_ k: Int, _ v: String) {
      fieldCount += 1
      if v.isEmpty {
        w.append(empty[k])
      } else {
        w.append(before[k])
        w.xmlText(v)
        w.append(after[k])
      }
    }
    func put(_ k: Int, bytes v: [UInt8]) {
      fieldCount += 1
      if v.isEmpty {
        w.append(empty[k])
      } else {
        w.append(before[k])
        w.append(v)
        w.append(after[k])
      }
    }
    for (i, r) in plan.disability.enumerated() {
      lines[i] = line
      fieldCount = 0
      w.append(open)
      if r.nameForm != .missing { put(0, nameCell(r)) }
      if r.sexForm != 3 { put(1, sexCell(r)) }
      put(2, bytes: idCell(r))
      put(3, certCell(r))
      put(4, Words.typeWords[style.typeStyle][Int(r.disabilityType) - 1])
      put(5, gradeCell(r))
      put(6, Words.hardships[Int(r.hardship)].text)
      if style.xmlHasCounty || r.outsideCounty >= 0 { put(7, countyCell(r)) }
      put(8, townshipCell(r))
      put(9, villageCell(r))
      put(10, phoneCell(r))
      if style.xmlHasBirth { put(11, birthCell(r, style: 0, monthOnly: false)) }
      w.append(close)
      line += style.xmlStyle == 0 ? fieldCount + 2 : 1
    }
    w.text("</")
    w.text(style.xmlRoot)
    w.text(">\n")
    return (w.bytes, lines)
  }

  func gradeCell(_ r: Rec) -> String {
    if r.gradeUnknownWord { return Words.unknownGrades[Int(r.person) % 2] }
    return Words.gradeWords[style.gradeStyle][Int(r.grade) - 1]
  }

  /// The certificate number: the holder's ID, the type digit, the grade digit, a re-issue suffix.
  func certCell(_ r: Rec) -> String {
    guard r.certForm != .blank else { return "" }
    let p = plan.persons[Int(r.person)]
    let holder = r.certForm == .otherID && r.certOther >= 0 ? plan.persons[Int(r.certOther)] : p
    var t = IDMath.text(holder.body, holder.check)
    var type = Int(r.disabilityType)
    var grade = Int(r.grade)
    if r.certForm == .typeMismatch { type = type % 7 + 1 }
    if r.certForm == .gradeMismatch { grade = grade % 4 + 1 }
    t.append(0x30 + UInt8(type))
    if r.certForm != .malformed { t.append(0x30 + UInt8(grade)) }
    if r.certForm == .reissued { t += p.body % 2 == 0 ? [0x42, 0x31] : [0x42, 0x32] }
    return String(decoding: t, as: UTF8.self)
  }

  /// The type and grade digits the certificate carries (nil when it has none; a certificate of
  /// 19 characters is malformed and read without digits).
  func certDigits(_ r: Rec) -> (type: Int?, grade: Int?)? {
    guard r.certForm != .blank else { return nil }
    var type = Int(r.disabilityType)
    var grade = Int(r.grade)
    if r.certForm == .typeMismatch { type = type % 7 + 1 }
    if r.certForm == .gradeMismatch { grade = grade % 4 + 1 }
    return r.certForm == .malformed ? (nil, nil) : (type, grade)
  }
}

// MARK: Deaths list

/// The province's deaths list: UTF-8 with BOM, one row per entry.
struct DeathsRenderer {
  struct Row {
    var name: String
    var id: [UInt8]
    var date: String
  }

  static func render(_ rows: [Row]) -> (bytes: [UInt8], lines: [Int32]) {
    var w = ByteWriter(capacity: rows.count * 60 + 64)
    w.append([0xEF, 0xBB, 0xBF])
    w.text("姓名,身份证号,死亡日期,注销原因\n")
    var lines: [Int32] = []
    lines.reserveCapacity(rows.count)
    for (i, r) in rows.enumerated() {
      lines.append(Int32(i + 2))
      w.csvField(r.name)
      w.byte(0x2C)
      w.csvField(String(decoding: r.id, as: UTF8.self))
      w.byte(0x2C)
      w.text(r.date)
      w.byte(0x2C)
      w.text(i % 9 == 0 ? "户籍注销" : "死亡")
      w.byte(0x0A)
    }
    return (w.bytes, lines)
  }

  static func dateText(_ e: DeathEntry) -> String {
    if e.monthOnly { return CountyRenderer.dateText(e.date, style: e.dateStyle == 3 ? 4 : 0, monthOnly: true) }
    switch e.dateStyle {
    case 1: return CountyRenderer.dateText(e.date, style: 1, monthOnly: false)
    case 2: return CountyRenderer.dateText(e.date, style: 3, monthOnly: false)
    case 3: return CountyRenderer.dateText(e.date, style: 4, monthOnly: false)
    default: return CountyRenderer.dateText(e.date, style: 0, monthOnly: false)
    }
  }
}
