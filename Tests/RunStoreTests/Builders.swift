import Deduplicate
import Foundation
import RosterCore
import RunStore
import TestSupport
import Verify

let spring = CalendarDate(year: 2026, month: 6, day: 1)!
let autumn = CalendarDate(year: 2026, month: 11, day: 26)!

/// A normalized roster record with a valid synthetic ID born on `birth` (YYYYMMDD), the way
/// the Normalize stage leaves it.
func subject(
  _ source: SourceKind = .civilAffairs, line: Int, name: String, birth: String, sequence: String,
  categories: CategorySet = [], household: String = "", relation: String = "",
  township: String = "城关镇", village: String = "新村", status: SupportStatus? = .active,
  grade: Int? = nil, hardship: Hardship? = nil
) -> SubjectRecord {
  let file = source == .civilAffairs ? "mz.csv" : source == .disability ? "cl.csv" : "sw.csv"
  var r = SubjectRecord(provenance: Provenance(source: source, file: file, line: line))
  let id = SyntheticID.make(birth: birth, sequence: sequence)
  r.name = name
  r.nameKey = name
  r.idRaw = id
  r.id = id
  r.idValid = true
  r.idKind = .resident
  let c = Array(birth)
  r.birthDate = CalendarDate(
    year: Int(String(c[0..<4]))!, month: Int(String(c[4..<6]))!, day: Int(String(c[6..<8]))!)
  r.sex = Int(sequence)! % 2 == 1 ? .male : .female
  r.regionCode = "621225"
  r.categories = categories
  r.householdKey = household
  r.relation = relation
  r.county = "西和县"
  r.township = township
  r.village = village
  r.status = status
  r.disabilityGrade = grade
  r.hardship = hardship
  return r
}

/// A deaths-list entry for `id`.
func death(line: Int, name: String, id: String, date: CalendarDate? = nil) -> SubjectRecord {
  var r = SubjectRecord(provenance: Provenance(source: .deaths, file: "sw.csv", line: line))
  r.name = name
  r.nameKey = name
  r.idRaw = id
  r.id = id
  r.idValid = true
  r.idKind = .resident
  r.deathDate = date
  return r
}

/// Runs the records through Verify and Deduplicate, as the pipeline does, and builds the
/// run's snapshot.
func snapshot(
  _ input: [SubjectRecord], asOf: CalendarDate, jurisdiction: String = "621225",
  started: String = "2026-11-26T08:00:00Z"
) -> RunSnapshot {
  var deaths = DeathIndex()
  for r in input where r.provenance.source == .deaths {
    deaths.add(id: r.id, date: r.deathDate, at: r.provenance)
  }
  let verifier = Verifier(rules: Rules(), asOf: asOf, deaths: deaths)
  let rosterIDs = Set(input.filter { $0.provenance.source != .deaths }.map(\.id))
  var notes = FindingFieldNotes()
  var records: [VerifiedRecord] = []
  for var r in input {
    if r.provenance.source == .deaths {
      verifier.verifyDeathEntry(&r, onRoster: rosterIDs.contains(r.id))
    } else {
      verifier.verify(&r)
    }
    notes.note(record: records.count, findings: r.findings)
    records.append(VerifiedRecord(r))
  }
  let result = Deduplicator().run(records)
  let files = Dictionary(grouping: input, by: \.provenance.file)
  let parameters = RunParameters(
    started: started, asOf: asOf, jurisdiction: jurisdiction, rulesFile: "Rules/baseline.yml",
    rulesName: "baseline", rulesSHA256: String(repeating: "a", count: 64), toolVersion: "0.1.0",
    inputs: files.keys.sorted().map { file in
      InputFile(
        source: files[file]![0].provenance.source, path: file,
        sha256: String(repeating: "b", count: 64), records: files[file]!.count)
    },
    summaryJSON: "{\"as_of\":\"\(asOf)\"}")
  return RunSnapshot.make(records: records, result: result, parameters: parameters, fieldNotes: notes)
}

/// A store in a fresh temporary folder.
struct TestStore {
  let folder: TemporaryDirectory
  let path: String

  init() throws {
    folder = try TemporaryDirectory("runstore-test")
    path = folder.file("runs.sqlite").path
  }

  func open() throws -> RunStore { try RunStore(path: path) }
}

/// Synthetic people of the scenarios.
enum People {
  static let turning18 = (name: "王小明", birth: "20080901", sequence: "012")
  static let widower = (name: "李老汉", birth: "19400303", sequence: "051")
  static let head = (name: "张福", birth: "19500101", sequence: "031")
  static let spouse = (name: "刘兰", birth: "19520202", sequence: "042")
  static let mover = (name: "赵小红", birth: "20150505", sequence: "022")
  static let newcomer = (name: "孙小华", birth: "20160606", sequence: "032")
  static let disabled = (name: "周残", birth: "19700505", sequence: "071")

  static func id(_ p: (name: String, birth: String, sequence: String)) -> String {
    SyntheticID.make(birth: p.birth, sequence: p.sequence)
  }
}

extension Discrepancies {
  /// (change, unit, field, reason) of every row, for exact comparisons.
  var summaryRows: [String] {
    changes.map { "\($0.change.rawValue) \($0.name) \($0.field) \($0.before) → \($0.after) | \($0.reason)" }
  }
}
