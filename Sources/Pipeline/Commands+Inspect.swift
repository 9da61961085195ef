import RosterCore
import Foundation
import Ingest
import RuleBook

extension SourceKind {
  /// Parses a `--source` value: `civil` / `civil-affairs` / `民政`, `disability` / `残联`,
  /// `deaths` / `死亡`.
  ///
  /// ```swift
  /// SourceKind(argument: "civil") == .civilAffairs
  /// ```
  public init?(argument: String) {
    switch argument.lowercased() {
    case "civil", "civil-affairs", "civilaffairs", "民政": self = .civilAffairs
    case "disability", "disabled", "残联": self = .disability
    case "deaths", "death", "死亡", "死亡注销": self = .deaths
    default: return nil
    }
  }
}

extension Commands {
  /// The result of `rostercheck inspect`: the text to print and the exit status (1 when a
  /// file could not be read at all).
  public struct InspectOutput: Sendable {
    public var text: String
    public var exitCode: Int32
  }

  /// The rules `inspect` uses: the file given with `--rules`, else the built-in baseline
  /// (`Rules/baseline.yml`).
  public static func rulesForInspect(path: String?) throws -> Rules {
    guard let path else { return RuleBook.baseline() }
    do {
      return try RuleBook.load(path: path)
    } catch {
      throw InspectError(error.description)
    }
  }

  public struct InspectError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
  }

  /// `rostercheck inspect FILE…`: how each file reads — encoding and dialect, the header →
  /// field mapping, unknown columns, record count, rejected rows with their lines and reasons.
  /// Records are not kept, so any file size inspects in constant memory.
  ///
  /// ```swift
  /// let out = Commands.inspect(files: ["民政.csv"], rules: RuleBook.baseline(), json: false)
  /// print(out.text)
  /// ```
  public static func inspect(
    files: [String], rules: Rules, json: Bool, source: SourceKind? = nil,
    encoding: TextEncoding? = nil
  ) -> InspectOutput {
    let matcher = HeaderMatcher(rules: rules)
    var options = IngestOptions()
    options.encoding = encoding
    var results: [InspectedFile] = []
    for file in files {
      do {
        let reader = try RosterReader(
          path: file, source: source ?? .civilAffairs, matcher: matcher, options: options)
        while try reader.next() != nil {}
        var report = reader.report
        let guessed = source == nil
        if guessed { report.source = SourceKind.guess(from: report.mappedFields) }
        results.append(InspectedFile(file: file, report: report, sourceGuessed: guessed, error: nil))
      } catch {
        results.append(InspectedFile(file: file, report: nil, sourceGuessed: false, error: "\(error)"))
      }
    }
    let failed = results.contains { $0.error != nil }
    let text = json ? inspectJSON(results) : results.map(inspectText).joined(separator: "\n")
    return InspectOutput(text: text, exitCode: failed ? 1 : 0)
  }

  /// `inspect` with the command line's `--source` and `--encoding` text; throws
  /// ``InspectError`` for a value it does not know.
  public static func inspect(
    files: [String], rules: Rules, json: Bool, sourceArgument: String?, encodingArgument: String?
  ) throws -> InspectOutput {
    var source: SourceKind?
    if let sourceArgument {
      guard let s = SourceKind(argument: sourceArgument) else {
        throw InspectError("--source must be civil, disability or deaths, not \"\(sourceArgument)\"")
      }
      source = s
    }
    var encoding: TextEncoding?
    if let encodingArgument {
      guard let e = TextEncoding(name: encodingArgument) else {
        throw InspectError(
          "--encoding must be utf-8, gb18030, gbk, utf-16le or utf-16be, not \"\(encodingArgument)\"")
      }
      encoding = e
    }
    return inspect(files: files, rules: rules, json: json, source: source, encoding: encoding)
  }

  struct InspectedFile {
    var file: String
    var report: FileReport?
    var sourceGuessed: Bool
    var error: String?
  }

  static let maxRejectedRowsInText = 50

  static func inspectText(_ r: InspectedFile) -> String {
    var out = "\(r.file)\n"
    guard let rep = r.report else {
      out += "  cannot be read: \(r.error ?? "")\n"
      return out
    }
    let bom = rep.byteOrderMark ? " with BOM" : ""
    let detected = rep.encodingDetected ? "detected" : "as given"
    switch rep.format {
    case .csv:
      let sep = rep.separator == .tab ? "tab-separated" : "comma-separated"
      let endings: String =
        switch rep.lineEnding ?? .none {
        case .crlf: "CRLF line endings"
        case .lf: "LF line endings"
        case .cr: "CR line endings"
        case .mixed: "mixed CRLF/LF line endings"
        case .none: "a single line"
        }
      out += "  format:   CSV, \(rep.encoding.displayName)\(bom) (\(detected)), \(sep), \(endings)\n"
    case .xml:
      let element = rep.recordElement.map { "records are <\($0)> elements" } ?? "no records"
      out += "  format:   XML, \(rep.encoding.displayName)\(bom) (\(detected)), \(element)\n"
    }
    out +=
      "  source:   \(rep.source.rawValue) (\(rep.source.chineseName))\(r.sourceGuessed ? ", guessed from the columns (set it with --source)" : "")\n"
    let place = rep.format == .csv ? "header on line \(rep.headerLine)" : "root element on line \(rep.headerLine)"
    out += "  columns:  \(rep.columns.count), \(place)\n"
    let width = rep.columns.map { displayWidth($0.header) }.max() ?? 0
    let posWidth = String(rep.columns.count).count
    for c in rep.columns {
      let pos = String(repeating: " ", count: posWidth - String(c.position).count) + String(c.position)
      let pad = String(repeating: " ", count: max(0, width - displayWidth(c.header)))
      let target: String
      if let field = c.field {
        target = field.rawValue + (c.duplicateOf.map { " (duplicate of column \($0): first non-empty value wins)" } ?? "")
      } else {
        target = "(unknown: kept with the record, not checked)"
      }
      out += "    \(pos)  \(c.header)\(pad)  → \(target)\n"
    }
    if !rep.layout.unknownColumns.isEmpty {
      out += "  unknown columns: \(rep.layout.unknownColumns.joined(separator: ", "))\n"
    }
    for (name, count) in rep.skippedElements.sorted(by: { $0.key < $1.key }) {
      out += "  skipped:  \(count) <\(name)> element\(count == 1 ? "" : "s") under the root (not records)\n"
    }
    let read = rep.recordCount - rep.rejectedCount
    var counts = "  records:  \(rep.recordCount) (\(read) read, \(rep.rejectedCount) rejected)"
    if rep.format == .csv {
      counts += "; \(rep.blankLines) blank line\(rep.blankLines == 1 ? "" : "s"); \(rep.physicalLines) line\(rep.physicalLines == 1 ? "" : "s") in all"
    }
    out += counts + "\n"
    if let stop = rep.stoppedBy {
      out += "  STOPPED:  \(stop.finding.reason.code) \(stop.finding.message)\n"
    }
    if rep.rejectedCount > 0 {
      out += "  rejected rows:\n"
      for row in rep.rejectedRows.prefix(maxRejectedRowsInText) {
        out += "    line \(row.line)  \(row.reason.code)  \(stripLinePrefix(row.message))\n"
      }
      let shown = min(rep.rejectedRows.count, maxRejectedRowsInText)
      if rep.rejectedCount > shown {
        out += "    … and \(rep.rejectedCount - shown) more (--json lists up to \(rep.rejectedRows.count))\n"
      }
    }
    let notes = rep.findings.filter { $0 != rep.stoppedBy }
    if !notes.isEmpty {
      out += "  findings:\n"
      for f in notes {
        out += "    line \(f.provenance.line)  \(f.finding.reason.code) (\(f.finding.severity.rawValue))  \(stripLinePrefix(f.finding.message))\n"
      }
    }
    return out
  }

  /// "line 17: the quoted…" → "the quoted…" (the line is printed in its own column).
  static func stripLinePrefix(_ message: String) -> String {
    guard message.hasPrefix("line "), let colon = message.firstIndex(of: ":") else { return message }
    let number = message[message.index(message.startIndex, offsetBy: 5)..<colon]
    guard !number.isEmpty, number.allSatisfy(\.isNumber) else { return message }
    return String(message[message.index(after: colon)...].drop { $0 == " " })
  }

  /// Terminal columns: CJK and full-width characters take two.
  static func displayWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { w, u in
      let v = u.value
      let wide =
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
        || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
        || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
      return w + (wide ? 2 : 1)
    }
  }

  // MARK: JSON

  struct JSONReport: Encodable {
    var files: [JSONFile]
  }

  struct JSONFile: Encodable {
    var file: String
    var ok: Bool
    var error: String?
    var format: String?
    var encoding: String?
    var encoding_detected: Bool?
    var bom: Bool?
    var separator: String?
    var line_endings: String?
    var source: String?
    var source_guessed: Bool?
    var header_line: Int?
    var record_element: String?
    var columns: [JSONColumn]?
    var unknown_columns: [String]?
    var records: Int?
    var rejected: Int?
    var blank_lines: Int?
    var physical_lines: Int?
    var rejected_rows: [JSONRow]?
    var rejected_rows_truncated: Bool?
    var findings: [JSONFinding]?
    var stopped_by: JSONFinding?
    var skipped_elements: [String: Int]?
  }

  struct JSONColumn: Encodable {
    var position: Int
    var header: String
    var field: String?
    var duplicate_of: Int?
  }

  struct JSONRow: Encodable {
    var line: Int
    var code: String
    var message: String
  }

  struct JSONFinding: Encodable {
    var line: Int
    var code: String
    var severity: String
    var field: String?
    var message: String
  }

  static func inspectJSON(_ results: [InspectedFile]) -> String {
    let files = results.map { r -> JSONFile in
      guard let rep = r.report else {
        return JSONFile(file: r.file, ok: false, error: r.error)
      }
      func finding(_ f: LocatedFinding) -> JSONFinding {
        JSONFinding(
          line: f.provenance.line, code: f.finding.reason.code, severity: f.finding.severity.rawValue,
          field: f.finding.field?.rawValue, message: f.finding.message)
      }
      return JSONFile(
        file: r.file, ok: true, error: nil, format: rep.format.rawValue, encoding: rep.encoding.rawValue,
        encoding_detected: rep.encodingDetected, bom: rep.byteOrderMark,
        separator: rep.separator?.rawValue, line_endings: rep.lineEnding?.rawValue,
        source: rep.source.rawValue, source_guessed: r.sourceGuessed, header_line: rep.headerLine,
        record_element: rep.recordElement,
        columns: rep.columns.map {
          JSONColumn(position: $0.position, header: $0.header, field: $0.field?.rawValue, duplicate_of: $0.duplicateOf)
        },
        unknown_columns: rep.layout.unknownColumns, records: rep.recordCount, rejected: rep.rejectedCount,
        blank_lines: rep.format == .csv ? rep.blankLines : nil,
        physical_lines: rep.format == .csv ? rep.physicalLines : nil,
        rejected_rows: rep.rejectedRows.map { JSONRow(line: $0.line, code: $0.reason.code, message: $0.message) },
        rejected_rows_truncated: rep.rejectedRows.count < rep.rejectedCount,
        findings: rep.findings.map(finding), stopped_by: rep.stoppedBy.map(finding),
        skipped_elements: rep.format == .xml ? rep.skippedElements : nil)
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(JSONReport(files: files))) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
