import RosterCore

/// What to generate.
public struct SampleOptions: Sendable {
  /// Eligible pairing subjects wanted in the whole data set (persons in pairing units, `N`);
  /// the rosters hold about 20·N records.
  public var subjects: Int
  public var seed: UInt64
  /// How many counties (nil: every county of the province). The selection starts with Xihe
  /// County for Gansu.
  public var counties: Int?
  /// Two-digit province code.
  public var province: Int
  /// The reference date ages and deaths are judged on; the run must use the same `--as-of`.
  public var asOf: CalendarDate
  public var rates: SampleRates
  /// The county (selection index) whose civil-affairs sheet lost its whole ID column to Excel:
  /// `nil` picks the last county when four or more are generated; `-1` none.
  public var damagedCounty: Int?

  public init(
    subjects: Int, seed: UInt64, counties: Int? = nil, province: Int = 62,
    asOf: CalendarDate = CalendarDate(year: 2026, month: 11, day: 26)!, rates: SampleRates = SampleRates(),
    damagedCounty: Int? = nil
  ) {
    self.subjects = subjects
    self.seed = seed
    self.counties = counties
    self.province = province
    self.asOf = asOf
    self.rates = rates
    self.damagedCounty = damagedCounty
  }
}

/// A file to write, by its path relative to the output folder.
public struct GeneratedFile: Sendable {
  public let path: String
  public let bytes: [UInt8]
}

/// Counts of a generated data set.
public struct SampleStats: Sendable, Hashable {
  public var civilRecords = 0
  public var disabilityRecords = 0
  public var deathRecords = 0
  public var persons = 0
  /// Expected dispositions, by `ExpectedDisposition.rawValue`.
  public var dispositions = [Int](repeating: 0, count: 4)
  /// Records carrying each tag, by `Tag.rawValue`.
  public var tags = [Int](repeating: 0, count: Tag.allCases.count)
  public var units = 0
  public var subjects = 0
  public var probableDuplicates = [String: Int]()

  public var records: Int { civilRecords + disabilityRecords + deathRecords }

  public init() {}

  public mutating func add(_ other: SampleStats) {
    civilRecords += other.civilRecords
    disabilityRecords += other.disabilityRecords
    deathRecords += other.deathRecords
    persons += other.persons
    for i in dispositions.indices { dispositions[i] += other.dispositions[i] }
    for i in tags.indices { tags[i] += other.tags[i] }
    units += other.units
    subjects += other.subjects
    for (k, v) in other.probableDuplicates { probableDuplicates[k, default: 0] += v }
  }

  public func count(_ tag: Tag) -> Int { tags[Int(tag.rawValue)] }
  public func count(_ d: ExpectedDisposition) -> Int { dispositions[Int(d.rawValue)] }
}

/// The part of a county's result the province-wide pass needs (kept until `finish`).
public struct CountySummary: Sendable {
  let persons: [PersonKey]
  let candidates: [CorrectionCandidate]
  let deaths: [PendingDeath]
}

/// A deaths-list row waiting for its line in the province's file.
struct PendingDeath: Sendable {
  var name: String
  var id: [UInt8]
  var date: String
  var person: String
  var tags: Tags
  /// The ID is usable (else the entry is rejected).
  var valid: Bool
}

/// One generated county: its two roster files, its rows of `ground-truth/records.csv`, counts.
public struct CountyResult: Sendable {
  public let county: CountySpec
  public let files: [GeneratedFile]
  /// Rows of `ground-truth/records.csv` (no header), UTF-8.
  public let truthRows: [UInt8]
  public let stats: SampleStats
  public let summary: CountySummary
  /// The encodings and layouts drawn for the county, for the manifest.
  public let layout: String
}

/// What is left after the counties: the deaths list, its truth rows, the probable duplicates.
public struct FinalResult: Sendable {
  public let files: [GeneratedFile]
  /// Rows of `ground-truth/records.csv` for the deaths list (no header).
  public let truthRows: [UInt8]
  public let stats: SampleStats
}

/// Generates synthetic rosters of a province with their ground truth (issue 8): one
/// civil-affairs CSV and one disability XML per county, one deaths list, and, next to them,
/// `ground-truth/records.csv` (one row per input record: `file,line,person,expected_disposition,
/// injected`) and `ground-truth/probable-duplicates.csv` (`file_a,line_a,file_b,line_b,kind`).
///
/// Pure and deterministic: the same options give byte-identical files, and counties may be
/// generated in any order or in parallel (each has its own random stream). Expected
/// dispositions are derived from what was generated, by the contract's rules — never by running
/// the pipeline.
///
/// ```swift
/// let generator = try SampleGenerator(options: SampleOptions(subjects: 3_000, seed: 1, counties: 2))
/// let counties = try (0..<generator.countyCount).map { try generator.county($0) }
/// let final = generator.finish(counties.map(\.summary))
/// counties[0].files.map(\.path)   // ["civil-affairs/621225.csv", "disability/621225.xml"]
/// ```
public struct SampleGenerator: Sendable {
  public let options: SampleOptions
  public let layout: ProvinceLayout
  let subjectsPerCounty: [Int]
  let civilRank: [UInt16]
  let disabilityRank: [UInt16]
  let jurisdiction: Jurisdiction

  public static let truthHeader = "file,line,person,expected_disposition,injected\n"
  public static let pairsHeader = "file_a,line_a,file_b,line_b,kind\n"

  public init(options: SampleOptions) throws {
    self.options = options
    layout = try ProvinceLayout(province: options.province, count: options.counties, seed: options.seed)
    let total = layout.counties.reduce(0) { $0 + $1.weight }
    var remaining = max(1, options.subjects)
    var shares: [Int] = []
    for (i, c) in layout.counties.enumerated() {
      let share =
        i == layout.counties.count - 1
        ? remaining : min(remaining, Int((Double(options.subjects) * c.weight / total).rounded()))
      shares.append(max(1, share))
      remaining -= share
    }
    subjectsPerCounty = shares
    let names = layout.counties.map { SampleGenerator.civilPath($0.code) }
    let sorted = names.sorted()
    civilRank = names.map { UInt16(sorted.firstIndex(of: $0)!) }
    let xml = layout.counties.map { SampleGenerator.disabilityPath($0.code) }
    let sortedXML = xml.sorted()
    disabilityRank = xml.map { UInt16(sortedXML.firstIndex(of: $0)!) }
    jurisdiction = Jurisdiction(codes: layout.jurisdictionCodes, names: layout.jurisdictionNames)
  }

  public var countyCount: Int { layout.counties.count }

  public static func civilPath(_ code: Int32) -> String { "civil-affairs/\(code).csv" }
  public static func disabilityPath(_ code: Int32) -> String { "disability/\(code).xml" }
  public var deathsPath: String { "deaths/deaths-\(options.province).csv" }

  var damagedIndex: Int? {
    if let d = options.damagedCounty { return d >= 0 ? d : nil }
    return layout.counties.count >= 4 ? layout.counties.count - 1 : nil
  }

  /// Generates county `index` (selection order). Safe to call from several threads.
  public func county(_ index: Int) throws -> CountyResult {
    let spec = layout.counties[index]
    let planner = plan(county: index)
    let renderer = CountyRenderer(plan: planner)
    let (civilText, civilLines) = renderer.civilCSV()
    let civilBytes: [UInt8]
    switch planner.style.civilEncoding {
    case .gb18030: civilBytes = try Transcode.convert(civilText, to: "GB18030")
    case .utf8BOM: civilBytes = Transcode.utf8WithBOM(civilText)
    case .utf16: civilBytes = try Transcode.convert(civilText, to: "UTF-16LE")
    }
    let (xmlBytes, disabilityLines) = renderer.disabilityXML()

    var dead = Set<UInt64>()
    for e in planner.deaths where e.date <= options.asOf && SampleGenerator.deathIDValid(e, planner, options.asOf) {
      dead.insert(planner.persons[Int(e.person)].body)
    }
    let truth = TruthBuilder(
      renderer: renderer, jurisdiction: jurisdiction, asOf: options.asOf, civilFile: civilRank[index],
      disabilityFile: disabilityRank[index], civilLines: civilLines, disabilityLines: disabilityLines,
      deadBodies: dead
    ).build()

    var stats = SampleStats()
    stats.civilRecords = planner.civil.count
    stats.disabilityRecords = planner.disability.count
    stats.persons = planner.persons.count - planner.deathOnly.count
    stats.units = truth.units
    stats.subjects = truth.subjects
    var rows = ByteWriter(capacity: (planner.civil.count + planner.disability.count) * 64)
    let code = String(spec.code)
    func row(_ file: String, _ line: Int32, _ r: Rec, _ d: ExpectedDisposition) {
      rows.text(file)
      rows.byte(0x2C)
      rows.number(Int(line))
      rows.byte(0x2C)
      rows.text(code)
      rows.byte(0x2D)
      rows.number(Int(r.person))
      rows.byte(0x2C)
      rows.text(d.name)
      rows.byte(0x2C)
      SampleGenerator.writeTags(r.tags, to: &rows, stats: &stats)
      rows.byte(0x0A)
      stats.dispositions[Int(d.rawValue)] += 1
    }
    let civilFile = SampleGenerator.civilPath(spec.code)
    for (i, r) in planner.civil.enumerated() { row(civilFile, civilLines[i], r, truth.civil[i]) }
    let xmlFile = SampleGenerator.disabilityPath(spec.code)
    for (i, r) in planner.disability.enumerated() { row(xmlFile, disabilityLines[i], r, truth.disability[i]) }

    var pending: [PendingDeath] = []
    for e in planner.deaths.sorted(by: { ($0.date, $0.person) < ($1.date, $1.person) }) {
      let p = planner.persons[Int(e.person)]
      let core = e.legacy15 ? IDMath.legacy15(p.body) : IDMath.text(p.body, p.check)
      pending.append(
        PendingDeath(
          name: p.name, id: CountyRenderer.applyArtefact(e.artefact, to: core), date: DeathsRenderer.dateText(e),
          person: code + "-" + String(e.person), tags: e.tags,
          valid: SampleGenerator.deathIDValid(e, planner, options.asOf)))
    }
    let s = planner.style
    let layoutText =
      "\(spec.code) \(spec.name): civil \(s.civilEncoding.rawValue), \(s.columns.count) columns, household key "
      + ["number", "16 digits", "head's ID"][s.householdStyle]
      + "; disability XML " + ["one element per line", "one record per line", "attributes"][s.xmlStyle]
      + (planner.damagedIDColumn ? "; ID column damaged by Excel" : "")
    return CountyResult(
      county: spec,
      files: [GeneratedFile(path: civilFile, bytes: civilBytes), GeneratedFile(path: xmlFile, bytes: xmlBytes)],
      truthRows: rows.bytes, stats: stats,
      summary: CountySummary(persons: truth.persons, candidates: truth.candidates, deaths: pending),
      layout: layoutText)
  }

  /// A deaths-list entry's ID is usable: the person's 18-character ID, or its 15-digit form.
  static func deathIDValid(_ e: DeathEntry, _ planner: CountyPlanner, _ asOf: CalendarDate) -> Bool {
    let p = planner.persons[Int(e.person)]
    return e.legacy15 ? IDMath.isValidLegacy(p.body, asOf: asOf) : IDMath.isValid(p.body, p.check, asOf: asOf)
  }

  /// The plan of county `index` (persons and records as codes).
  func plan(county index: Int) -> CountyPlanner {
    var planner = CountyPlanner(
      spec: layout.counties[index], layout: layout, asOf: options.asOf, subjects: subjectsPerCounty[index],
      rates: options.rates, damagedIDColumn: damagedIndex == index, seed: options.seed)
    if planner.damagedIDColumn { planner.style.householdStyle = 0 }
    planner.plan()
    return planner
  }

  static func writeTags(_ tags: Tags, to w: inout ByteWriter, stats: inout SampleStats) {
    var first = true
    for t in Tag.allCases where tags.contains(t) {
      if !first { w.byte(0x3B) }
      first = false
      w.append(Tag.nameBytes[Int(t.rawValue)])
      stats.tags[Int(t.rawValue)] += 1
    }
  }

  /// The deaths list and the probable duplicates, once every county is generated (summaries
  /// in selection order).
  public func finish(_ summaries: [CountySummary]) -> FinalResult {
    var stats = SampleStats()
    var deathRows: [DeathsRenderer.Row] = []
    var deathTruth = ByteWriter(capacity: 1 << 16)
    var lineNumber = 2
    for s in summaries {
      for d in s.deaths {
        deathRows.append(DeathsRenderer.Row(name: d.name, id: d.id, date: d.date))
        deathTruth.text(deathsPath)
        deathTruth.byte(0x2C)
        deathTruth.number(lineNumber)
        deathTruth.byte(0x2C)
        deathTruth.text(d.person)
        let disposition: ExpectedDisposition = d.valid ? .excluded : .rejected
        deathTruth.byte(0x2C)
        deathTruth.text(disposition.name)
        deathTruth.byte(0x2C)
        SampleGenerator.writeTags(d.tags, to: &deathTruth, stats: &stats)
        deathTruth.byte(0x0A)
        stats.dispositions[Int(disposition.rawValue)] += 1
        lineNumber += 1
      }
    }
    stats.deathRecords = deathRows.count
    let deaths = DeathsRenderer.render(deathRows).bytes

    let pairs = ProbableDuplicateTruth.pairs(persons: summaries.map(\.persons), candidates: summaries.map(\.candidates))
    var w = ByteWriter(capacity: pairs.count * 80 + 64)
    w.text(SampleGenerator.pairsHeader)
    let civilByRank = Dictionary(uniqueKeysWithValues: layout.counties.indices.map { (civilRank[$0], $0) })
    let xmlByRank = Dictionary(uniqueKeysWithValues: layout.counties.indices.map { (disabilityRank[$0], $0) })
    func file(_ ref: RecordRef) -> String {
      ref.source == 0
        ? SampleGenerator.civilPath(layout.counties[civilByRank[ref.file]!].code)
        : SampleGenerator.disabilityPath(layout.counties[xmlByRank[ref.file]!].code)
    }
    for p in pairs {
      w.text(file(p.a))
      w.byte(0x2C)
      w.number(Int(p.a.line))
      w.byte(0x2C)
      w.text(file(p.b))
      w.byte(0x2C)
      w.number(Int(p.b.line))
      w.byte(0x2C)
      w.text(p.kind.code)
      w.byte(0x0A)
      stats.probableDuplicates[p.kind.code, default: 0] += 1
    }
    return FinalResult(
      files: [
        GeneratedFile(path: deathsPath, bytes: deaths),
        GeneratedFile(path: "ground-truth/probable-duplicates.csv", bytes: w.bytes),
      ], truthRows: deathTruth.bytes, stats: stats)
  }
}
