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
  /// The underlying file, for writers that emit fields directly (see ``field(_:)``).
  public let file: AtomicFileWriter
  public private(set) var rows = 0
  private var fieldsInRow = 0

  public init(path: String, header: [String]) throws {
    file = try AtomicFileWriter(path: path)
    file.write(bytes: [0xEF, 0xBB, 0xBF])
    row(header)
    rows = 0
  }

  public func row(_ fields: [String]) {
    for field in fields { self.field(field) }
    endRow()
  }

  /// Appends one field to the current row (escaped as needed).
  @inline(__always) public func field(_ text: String) {
    separator()
    file.write(csvField: text)
  }

  /// Appends a number field.
  @inline(__always) public func field(_ number: Int) {
    separator()
    file.write(decimal: number)
  }

  /// Appends a field whose bytes need no quoting (codes, IDs, numbers written elsewhere).
  @inline(__always) public func field(plain bytes: UnsafeBufferPointer<UInt8>) {
    separator()
    file.write(bytes: bytes)
  }

  /// Appends a field whose bytes need no quoting.
  @inline(__always) public func field(plain bytes: [UInt8]) {
    separator()
    file.write(bytes: bytes)
  }

  /// Starts a field and lets `body` write its bytes, which must need no quoting.
  @inline(__always) public func field(writing body: (AtomicFileWriter) -> Void) {
    separator()
    body(file)
  }

  @inline(__always) private func separator() {
    if fieldsInRow > 0 { file.write(byte: 0x2C) }
    fieldsInRow += 1
  }

  /// Ends the current row.
  public func endRow() {
    file.write(byte: 0x0D)
    file.write(byte: 0x0A)
    fieldsInRow = 0
    rows += 1
  }

  public func commit() throws { try file.commit() }
}
