import Deduplicate
import RosterCore

/// The columns of the CSV outputs, exactly as §6 of the data contract names them.
public enum OutputColumns {
  public static let pairingRoster = [
    "unit_id", "unit_type", "name", "id_number", "sex", "birth_date", "categories", "county",
    "township", "village", "member_count", "needs_review", "sources",
  ]
  public static let ledger = [
    "source", "file", "line", "name", "id_raw", "id_normalized", "disposition", "unit_id",
    "reasons",
  ]
  public static let duplicates = [
    "group_id", "kind", "file", "line", "id_normalized", "name", "evidence",
  ]
}

/// `pairing-roster.csv`: one row per pairing unit. Categories and sex are written in Chinese
/// (孤儿;困难重度残疾人, 男/女) for the offices that read the file; `needs_review` is yes/no.
public enum PairingRosterOutput {
  public static func write(units: [PairingUnit], to path: String) throws -> Int {
    let csv = try CSVOutput(path: path, header: OutputColumns.pairingRoster)
    for u in units {
      csv.row([
        u.unitID, u.type.rawValue, u.name, u.idNumber, u.sex?.chineseName ?? "",
        u.birthDate?.description ?? "", u.categories.map(\.chineseName).joined(separator: ";"),
        u.county, u.township, u.village, String(u.memberCount), u.needsReview ? "yes" : "no",
        u.sources.map(\.rawValue).joined(separator: ";"),
      ])
    }
    try csv.commit()
    return csv.rows
  }
}

/// `ledger.csv`: every input record exactly once, in provenance order, with its disposition,
/// unit and reasons (its own findings' codes plus those later stages added).
public enum LedgerOutput {
  public static func write(
    records: [VerifiedRecord], result: DeduplicationResult, to path: String
  ) throws -> Int {
    var addedReasons: [Int: ReasonSet] = [:]
    for (i, f) in result.addedFindings { addedReasons[i, default: ReasonSet()].insert(f.reason) }
    let csv = try CSVOutput(path: path, header: OutputColumns.ledger)
    for i in result.provenanceOrder {
      let r = records[i]
      var reasons = r.reasons
      if let more = addedReasons[i] { reasons.formUnion(more) }
      csv.row([
        r.provenance.source.rawValue, r.provenance.file, String(r.provenance.line), r.name,
        r.idRaw, r.id, result.dispositions[i].rawValue, result.unitIDs[i], reasons.codes,
      ])
    }
    try csv.commit()
    return csv.rows
  }
}

/// `duplicates.csv`: one row per member of each exact or probable duplicate group.
public enum DuplicatesOutput {
  public static func write(
    groups: [DuplicateGroup], records: [VerifiedRecord], to path: String
  ) throws -> Int {
    let csv = try CSVOutput(path: path, header: OutputColumns.duplicates)
    for g in groups {
      for m in g.members {
        let r = records[m]
        csv.row([
          g.groupID, g.kind.code, r.provenance.file, String(r.provenance.line), r.id, r.name,
          g.evidence,
        ])
      }
    }
    try csv.commit()
    return csv.rows
  }
}
