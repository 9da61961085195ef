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
  /// - Parameter reasons: each record's reasons (``DeduplicationResult/reasonSets(of:)``).
  public static func write(
    records: [VerifiedRecord], result: DeduplicationResult, reasons: [ReasonSet], to path: String
  ) throws -> Int {
    let csv = try CSVOutput(path: path, header: OutputColumns.ledger)
    let sources = SourceKind.allCases.map { Array($0.rawValue.utf8) }
    let dispositions = Disposition.allCases.map { Array($0.rawValue.utf8) }
    var lastFile = ""
    var escapedFile: [UInt8] = []
    for k in result.provenanceOrder {
      let i = Int(k)
      // Fields are read in place: a record copied out of the array retains all its strings.
      if records[i].provenance.file != lastFile {
        lastFile = records[i].provenance.file
        escapedFile = AtomicFileWriter.csvFieldBytes(lastFile)
      }
      csv.field(plain: sources[records[i].provenance.source.ordinal])
      csv.field(plain: escapedFile)
      csv.field(records[i].provenance.line)
      csv.field(records[i].name)
      // id_raw, then id_normalized: the ID's digits are made once for both columns.
      records.withIDBytes(at: i) { id in
        if let raw = records.idRawIfDifferent(at: i) {
          csv.field(raw)
        } else {
          csv.field { $0.write(csvFieldBytes: id) }
        }
        csv.field { $0.write(csvFieldBytes: id) }
      }
      csv.field(plain: dispositions[result.dispositions[i].ordinal])
      csv.field(result.unitIDs[i])
      csv.field { out in
        var first = true
        reasons[i].forEachReason { reason in
          if !first { out.write(byte: 0x3B) }
          first = false
          out.write(bytes: Reason.codeBytes[reason.ordinal])
        }
      }
      csv.endRow()
    }
    try csv.commit()
    return csv.rows
  }
}

extension DeduplicationResult {
  /// Every record's reasons: its own codes plus the ones this stage added.
  public func reasonSets(of records: [VerifiedRecord]) -> [ReasonSet] {
    var sets = records.map(\.reasons)
    for (i, f) in addedFindings { sets[i].insert(f.reason) }
    return sets
  }
}

/// `duplicates.csv`: one row per member of each exact or probable duplicate group.
public enum DuplicatesOutput {
  public static func write(
    groups: [DuplicateGroup], records: [VerifiedRecord], to path: String
  ) throws -> Int {
    let csv = try CSVOutput(path: path, header: OutputColumns.duplicates)
    let kinds = Reason.codeBytes
    var lastFile = ""
    var escapedFile: [UInt8] = []
    for g in groups {
      let evidence = AtomicFileWriter.csvFieldBytes(g.evidence)  // once for all members
      for m in g.members {
        // Fields are read in place: a record copied out of the array retains all its strings.
        if records[m].provenance.file != lastFile {
          lastFile = records[m].provenance.file
          escapedFile = AtomicFileWriter.csvFieldBytes(lastFile)
        }
        csv.field(g.groupID)
        csv.field(plain: kinds[g.kind.ordinal])
        csv.field(plain: escapedFile)
        csv.field(records[m].provenance.line)
        csv.field { out in records.withIDBytes(at: m) { out.write(csvFieldBytes: $0) } }
        csv.field(records[m].name)
        csv.field(plain: evidence)
        csv.endRow()
      }
    }
    try csv.commit()
    return csv.rows
  }
}
