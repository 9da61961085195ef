import Foundation
import SampleGen

/// `rostercheck-bench score --truth DIR --out OUTDIR [--quiet-details]`: compares a run's
/// `ledger.csv` and `duplicates.csv` (in OUTDIR) with the ground truth of a data set written by
/// `rostercheck sample` (in DIR) and prints dispositions correct, the confusion matrix, and the
/// precision and recall of probable duplicates. Exit status 0; 1 when a file is missing.
enum ScoreCommand {
  static func run(_ arguments: [String]) throws {
    func value(_ name: String) -> String? {
      guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
      return arguments[i + 1]
    }
    guard let truth = value("--truth"), let out = value("--out") else {
      FileHandle.standardError.write(Data("usage: rostercheck-bench score --truth DIR --out OUTDIR [--brief]\n".utf8))
      exit(64)
    }
    func read(_ path: String) -> [UInt8] {
      guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("score: cannot read \(path)\n".utf8))
        exit(1)
      }
      return [UInt8](data)
    }
    let report = Scorer.score(
      truthRecords: read(truth + "/ground-truth/records.csv"),
      truthPairs: read(truth + "/ground-truth/probable-duplicates.csv"),
      ledger: read(out + "/ledger.csv"), duplicates: read(out + "/duplicates.csv"))
    print(report.text(details: !arguments.contains("--brief")), terminator: "")
  }
}
