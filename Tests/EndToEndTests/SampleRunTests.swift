import Foundation
import Testing
import TestSupport

/// The golden end-to-end test: `rostercheck run` on `SampleData/`, the README's first command,
/// compared file by file with `Fixtures/sample-run/`. Set `ROSTERCHECK_UPDATE_GOLDEN=1` to
/// rewrite the golden files after an intended change, and review the diff.
@Suite(.serialized) struct SampleRunTests {
  static let arguments = [
    "run", "--rules", "Rules/xihe-county.yml", "--as-of", "2026-11-26",
    "--civil", "SampleData/civil-affairs-xihe.csv",
    "--disability", "SampleData/disability-xihe.xml",
    "--deaths", "SampleData/deaths-xihe.csv",
  ]
  static let golden = RepoPaths.fixture("sample-run", in: "EndToEndTests")
  static var updating: Bool { ProcessInfo.processInfo.environment["ROSTERCHECK_UPDATE_GOLDEN"] == "1" }

  func runSample() throws -> (TemporaryDirectory, BuiltBinary.Result) {
    let dir = try TemporaryDirectory()
    let out = dir.file("out").path
    let result = try BuiltBinary.run(Self.arguments + ["--out", out], currentDirectory: RepoPaths.root)
    return (dir, result)
  }

  func compare(_ produced: String, golden name: String) throws {
    let url = Self.golden.appendingPathComponent(name)
    if Self.updating {
      try produced.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if produced != expected {
      let p = produced.components(separatedBy: "\n")
      let e = expected.components(separatedBy: "\n")
      let first = zip(p, e).enumerated().first { $0.element.0 != $0.element.1 }
      Issue.record(
        "\(name) differs from the golden file (line \((first?.offset ?? min(p.count, e.count)) + 1)):\n produced: \(first?.element.0 ?? "<end>")\n expected: \(first?.element.1 ?? "<end>")"
      )
    }
  }

  @Test func theCSVOutputsMatchTheGoldenFiles() throws {
    let (dir, result) = try runSample()
    defer { dir.remove() }
    #expect(result.status == 0, "\(result.stderrText)")
    for name in ["pairing-roster.csv", "ledger.csv", "findings.csv", "duplicates.csv"] {
      let data = try Data(contentsOf: dir.file("out").appendingPathComponent(name))
      #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF], "\(name) starts with a BOM")
      try compare(String(decoding: data.dropFirst(3), as: UTF8.self), golden: name)
    }
  }

  @Test func theSummaryMatchesApartFromTimesAndTimings() throws {
    let (dir, result) = try runSample()
    defer { dir.remove() }
    #expect(result.status == 0)
    let data = try Data(contentsOf: dir.file("out").appendingPathComponent("summary.json"))
    var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var parameters = try #require(json["parameters"] as? [String: Any])
    #expect((parameters["started"] as? String)?.hasSuffix("Z") == true)
    parameters["started"] = "<time>"
    json["parameters"] = parameters
    let timings = try #require(json["timings"] as? [[String: Any]])
    #expect(!timings.isEmpty)
    json["timings"] = timings.map { ["stage": $0["stage"] ?? "", "seconds": "<seconds>"] }
    let normalized = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
    try compare(String(decoding: normalized, as: UTF8.self) + "\n", golden: "summary.json")
  }

  /// report.html is compared by its structure and figures, not byte for byte.
  @Test func theReportMatchesStructurallyAndMasksEveryID() throws {
    let (dir, result) = try runSample()
    defer { dir.remove() }
    #expect(result.status == 0)
    let html = try String(contentsOf: dir.file("out").appendingPathComponent("report.html"), encoding: .utf8)
    try compare(ReportStructure.digest(html), golden: "report-structure.txt")
    // No full ID number anywhere on the page.
    let ledger = try String(contentsOf: dir.file("out").appendingPathComponent("ledger.csv"), encoding: .utf8)
    for line in ledger.split(separator: "\r\n").dropFirst() {
      let id = line.split(separator: ",", omittingEmptySubsequences: false)[5]
      if id.count >= 15 { #expect(!html.contains(id), "\(id.prefix(6))… appears unmasked") }
    }
    #expect(!html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
  }

  @Test func outputsAreOwnerOnly() throws {
    let (dir, result) = try runSample()
    defer { dir.remove() }
    #expect(result.status == 0)
    let fm = FileManager.default
    let out = dir.file("out")
    #expect(try fm.attributesOfItem(atPath: out.path)[.posixPermissions] as? Int == 0o700)
    let names = try fm.contentsOfDirectory(atPath: out.path).sorted()
    #expect(names == ["duplicates.csv", "findings.csv", "ledger.csv", "pairing-roster.csv", "report.html", "summary.json"])
    for name in names {
      #expect(try fm.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.posixPermissions] as? Int == 0o600, "\(name)")
    }
  }

  @Test func logsNeverContainAFullIDNumber() throws {
    let (dir, result) = try runSample()
    defer { dir.remove() }
    let digits = result.stderrText.split(whereSeparator: { !($0.isNumber || $0 == "X") })
    #expect(!digits.contains { $0.count >= 15 }, "\(result.stderrText)")
    #expect(result.stderrText.contains("rostercheck: wrote"))
  }

  @Test func quietPrintsNothingOnStandardError() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let result = try BuiltBinary.run(
      Self.arguments + ["--out", dir.file("out").path, "--quiet"], currentDirectory: RepoPaths.root)
    #expect(result.status == 0)
    #expect(result.stderrText.isEmpty)
    #expect(result.stdoutText.contains("70 records"))
  }
}

/// The parts of report.html a reader relies on, one per line: headings, figures, table sizes.
enum ReportStructure {
  static func digest(_ html: String) -> String {
    var lines: [String] = []
    for tag in ["h1", "h2", "h3"] {
      for text in elements(tag, in: html) { lines.append("\(tag): \(text)") }
    }
    for number in elements("div", in: html, class: "num") { lines.append("total: \(number)") }
    lines.append("table rows: \(html.components(separatedBy: "<tr>").count - 1)")
    lines.append("township bars: \(html.components(separatedBy: "<rect class=").count - 1)")
    lines.append("duplicate pairs: \(html.components(separatedBy: "class=\"pair\"").count - 1)")
    lines.append("masked IDs: \(html.components(separatedBy: "********").count - 1)")
    for check in elements("p", in: html, class: "check") { lines.append("check: \(check)") }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The text content of each `<tag …>` element (tags inside removed).
  static func elements(_ tag: String, in html: String, class cls: String? = nil) -> [String] {
    var out: [String] = []
    var rest = html[...]
    let open = cls.map { "<\(tag) class=\"\($0)\">" } ?? "<\(tag)>"
    while let start = rest.range(of: open) ?? (cls == nil ? rest.range(of: "<\(tag) ") : nil) {
      guard let close = rest.range(of: "</\(tag)>", range: start.upperBound..<rest.endIndex) else { break }
      var inner = String(rest[start.upperBound..<close.lowerBound])
      if cls == nil, open != "<\(tag)>", let gt = inner.firstIndex(of: ">") { inner = String(inner[inner.index(after: gt)...]) }
      out.append(stripTags(inner))
      rest = rest[close.upperBound...]
    }
    return out
  }

  static func stripTags(_ s: String) -> String {
    var out = ""
    var inTag = false
    for c in s {
      if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { out.append(c) }
    }
    return out.split(whereSeparator: \.isNewline).joined(separator: " ")
  }
}

/// The exit statuses a scheduler relies on.
@Suite(.serialized) struct RunExitStatusTests {
  @Test func discrepanciesExitWithThreeOnlyWhenAsked() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let store = dir.file("runs.sqlite").path
    func run(_ asOf: String, _ out: String, _ extra: [String] = []) throws -> BuiltBinary.Result {
      var args = SampleRunTests.arguments
      args[args.firstIndex(of: "2026-11-26")!] = asOf
      return try BuiltBinary.run(
        args + ["--out", dir.file(out).path, "--store", store, "--quiet"] + extra,
        currentDirectory: RepoPaths.root)
    }
    #expect(try run("2026-11-26", "a", ["--fail-on-discrepancy"]).status == 0)
    #expect(try run("2026-11-26", "b", ["--fail-on-discrepancy"]).status == 0, "no change, no discrepancy")
    let changed = try run("2026-11-28", "c")
    #expect(changed.status == 0)
    #expect(changed.stdoutText.contains("discrepancies against the previous run"))
    let flagged = try run("2027-03-05", "e", ["--fail-on-discrepancy"])
    #expect(flagged.status == 3)
  }

  @Test func aMissingInputExitsWithOneAndNamesTheFile() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let result = try BuiltBinary.run(
      ["run", "--rules", "Rules/xihe-county.yml", "--civil", "no-such-file.csv", "--out", dir.file("o").path],
      currentDirectory: RepoPaths.root)
    #expect(result.status == 1)
    #expect(result.stderrText.contains("no-such-file.csv"))
  }

  @Test func aBadArgumentExitsWith64() throws {
    let result = try BuiltBinary.run(["run", "--no-such-option"], currentDirectory: RepoPaths.root)
    #expect(result.status == 64)
  }
}
