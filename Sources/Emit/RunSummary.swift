import Deduplicate
import Foundation
import RosterCore

/// The content of `summary.json`: what went in, what came out, with which parameters.
/// Keys are snake_case and sorted, so two summaries diff cleanly.
public struct RunSummary: Codable, Sendable, Equatable {
  public var tool: String = "rostercheck"
  public var version: String = RostercheckVersion.current
  public var parameters: Parameters
  public var inputs: [Input]
  public var counts: Counts
  /// Seconds per stage, in pipeline order.
  public var timings: [Timing]

  public init(parameters: Parameters, inputs: [Input], counts: Counts, timings: [Timing]) {
    self.parameters = parameters
    self.inputs = inputs
    self.counts = counts
    self.timings = timings
  }

  public struct Parameters: Codable, Sendable, Equatable {
    /// The reference date (`--as-of`).
    public var asOf: String
    /// The jurisdiction in force ("" when none).
    public var jurisdiction: String
    public var rulesFile: String
    public var rulesName: String
    /// SHA-256 of the rules files, in `extends` order.
    public var rulesSHA256: String
    /// When the run started, ISO 8601 UTC.
    public var started: String
    /// The run's ID in the run store, when one is used.
    public var runID: String?

    public init(
      asOf: String, jurisdiction: String, rulesFile: String, rulesName: String,
      rulesSHA256: String, started: String, runID: String? = nil
    ) {
      self.asOf = asOf
      self.jurisdiction = jurisdiction
      self.rulesFile = rulesFile
      self.rulesName = rulesName
      self.rulesSHA256 = rulesSHA256
      self.started = started
      self.runID = runID
    }

    enum CodingKeys: String, CodingKey {
      case asOf = "as_of", jurisdiction, rulesFile = "rules_file", rulesName = "rules_name"
      case rulesSHA256 = "rules_sha256", started, runID = "run_id"
    }
  }

  public struct Input: Codable, Sendable, Equatable {
    public var source: String
    public var file: String
    public var encoding: String
    public var records: Int
    /// Rows that could not be read (their records are `rejected`).
    public var unreadableRows: Int
    public var byDisposition: [String: Int]

    public init(
      source: String, file: String, encoding: String, records: Int, unreadableRows: Int,
      byDisposition: [String: Int]
    ) {
      self.source = source
      self.file = file
      self.encoding = encoding
      self.records = records
      self.unreadableRows = unreadableRows
      self.byDisposition = byDisposition
    }

    enum CodingKeys: String, CodingKey {
      case source, file, encoding, records, unreadableRows = "unreadable_rows"
      case byDisposition = "by_disposition"
    }
  }

  public struct Counts: Codable, Sendable, Equatable {
    public var records: Int
    public var bySource: [String: Int]
    public var byDisposition: [String: Int]
    /// Ledger records carrying each reason code.
    public var byReason: [String: Int]
    /// Rows of findings.csv per severity.
    public var findingsBySeverity: [String: Int]
    public var units: Int
    public var unitsByType: [String: Int]
    public var unitsNeedingReview: Int
    /// Persons covered by the pairing roster (household members counted one by one).
    public var subjects: Int
    public var duplicateGroupsByKind: [String: Int]

    public init(
      records: Int, bySource: [String: Int], byDisposition: [String: Int],
      byReason: [String: Int], findingsBySeverity: [String: Int], units: Int,
      unitsByType: [String: Int], unitsNeedingReview: Int, subjects: Int,
      duplicateGroupsByKind: [String: Int]
    ) {
      self.records = records
      self.bySource = bySource
      self.byDisposition = byDisposition
      self.byReason = byReason
      self.findingsBySeverity = findingsBySeverity
      self.units = units
      self.unitsByType = unitsByType
      self.unitsNeedingReview = unitsNeedingReview
      self.subjects = subjects
      self.duplicateGroupsByKind = duplicateGroupsByKind
    }

    enum CodingKeys: String, CodingKey {
      case records, bySource = "by_source", byDisposition = "by_disposition"
      case byReason = "by_reason", findingsBySeverity = "findings_by_severity", units
      case unitsByType = "units_by_type", unitsNeedingReview = "units_needing_review", subjects
      case duplicateGroupsByKind = "duplicate_groups_by_kind"
    }
  }

  /// How long a stage took and, where the system tells, the peak resident memory of the run
  /// by the end of the stage.
  public struct Timing: Codable, Sendable, Equatable {
    public var stage: String
    public var seconds: Double
    /// Peak resident set size of the run so far, in MiB (Linux `VmHWM`); nil where unknown.
    public var peakResidentMB: Int?
    public init(stage: String, seconds: Double, peakResidentMB: Int? = nil) {
      self.stage = stage
      self.seconds = seconds
      self.peakResidentMB = peakResidentMB
    }

    enum CodingKeys: String, CodingKey {
      case stage, seconds, peakResidentMB = "peak_resident_mb"
    }
  }

  /// Pretty-printed JSON with sorted keys.
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
  }
}

/// The version written into outputs and the run store.
public enum RostercheckVersion {
  public static let current = "0.1.0"
}
