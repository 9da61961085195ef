import RosterCore

/// Writes one CSV output: UTF-8 with a byte-order mark (so Excel opens Chinese text
/// correctly), RFC 4180 quoting, CRLF line ends, atomically and owner-only.
///
/// ```swift
/// let csv = try CSVOutput(path: "out/findings.csv", header: ["file", "line"])
/// csv.row(["a.csv", "2"])
/// try csv.commit()
/// ```
public final class CSVOutput {
  private let file: AtomicFileWriter
  public private(set) var rows = 0

  public init(path: String, header: [String]) throws {
    file = try AtomicFileWriter(path: path)
    file.write(bytes: [0xEF, 0xBB, 0xBF])
    row(header)
    rows = 0
  }

  public func row(_ fields: [String]) {
    for (i, field) in fields.enumerated() {
      if i > 0 { file.write(bytes: [0x2C]) }
      file.write(CSVText.escape(field))
    }
    file.write(bytes: [0x0D, 0x0A])
    rows += 1
  }

  public func commit() throws { try file.commit() }
}
