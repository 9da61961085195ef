import Ingest
import RosterCore
import RuleBook

/// The baseline header aliases (`Rules/baseline.yml`, built into RuleBook).
enum Baseline {
  static let aliases: [Field: [String]] = RuleBook.baseline().headerAliases
  static let matcher = HeaderMatcher(aliases: aliases)
}

/// Reads a whole roster given as text (UTF-8) or bytes.
func readAll(
  _ text: String, file: String = "test.csv", options: IngestOptions = IngestOptions()
) throws -> (records: [RawRecord], report: FileReport) {
  try readAll(bytes: Array(text.utf8), file: file, options: options)
}

func readAll(
  bytes: [UInt8], file: String = "test.csv", options: IngestOptions = IngestOptions()
) throws -> (records: [RawRecord], report: FileReport) {
  let reader = try RosterReader(
    bytes: bytes, file: file, source: .civilAffairs, matcher: Baseline.matcher, options: options)
  var records: [RawRecord] = []
  while let r = try reader.next() { records.append(r) }
  return (records, reader.report)
}
