import RosterCore

/// The discrepancies as a section of `report.html` (for `ReportInput.extraSections`): counts
/// per change, then tables of the unit changes and the findings by code. IDs are masked with
/// ``IDMask``, every text is HTML-escaped (and scrubbed of ID-like numbers).
///
/// ```swift
/// let section = DiscrepancyReport.section(discrepancies)
/// input.extraSections.append(section)   // (title, html)
/// ```
public enum DiscrepancyReport {
  /// Unit rows shown per table; the rest are in `discrepancies.csv`.
  public static let maximumRows = 200

  public static func section(_ d: Discrepancies) -> (title: String, html: String) {
    let title =
      "与上次核查相比的变化 Changes since run \(d.from.id) (as of \(d.from.asOf))"
    var html = "<p class=\"meta\">运行 run \(esc(d.from.id.description)) (\(esc(d.from.asOf))) → 运行 run \(esc(d.to.id.description)) (\(esc(d.to.asOf)))"
    if d.from.jurisdiction != d.to.jurisdiction {
      html += " · <b>辖区不同 different jurisdictions</b>: \(esc(d.from.jurisdiction)) → \(esc(d.to.jurisdiction))"
    }
    html += "</p>\n"
    guard !d.isEmpty else {
      return (title, html + "<p>没有变化 — no changes.</p>")
    }
    let counts = d.counts
    html += "<table class=\"counts\"><tr>"
    for kind in ChangeKind.allCases { html += "<th>\(esc(kind.label))</th>" }
    html += "</tr>\n<tr>"
    for kind in ChangeKind.allCases { html += "<td>\(counts[kind] ?? 0)</td>" }
    html += "</tr></table>\n"

    let why = d.removedUnitsByReason.sorted { $0.key < $1.key }
    if !why.isEmpty {
      html += "<p>减少原因 why units were removed: "
        + why.map { "\(esc($0.key.label)) <b>\($0.value)</b>" }.joined(separator: " · ") + "</p>\n"
    }

    html += unitTable(
      "结对单元减少（需结束结对） Units removed — end these pairings",
      d.changes.filter { $0.change == .unitRemoved }, showReason: true)
    html += unitTable(
      "结对单元新增（需安排结对） Units added — arrange pairings",
      d.changes.filter { $0.change == .unitAdded }, showReason: false)
    html += unitTable(
      "单元信息变化 Units changed",
      d.changes.filter { [.unitChanged, .memberRemoved, .memberAdded].contains($0.change) },
      showReason: true)
    html += findingTable(d)
    html += "<p class=\"note\">完整明细见 discrepancies.csv — every change is in discrepancies.csv.</p>"
    return (title, html)
  }

  static func unitTable(_ heading: String, _ rows: [Discrepancy], showReason: Bool) -> String {
    guard !rows.isEmpty else { return "" }
    var html = "<h3>\(esc(heading)) <span class=\"count\">\(rows.count)</span></h3>\n"
    html += "<table><tr><th>单元 unit</th><th>乡镇/村 township/village</th><th>姓名 name</th><th>身份证号 ID</th><th>变化 change</th><th>之前 before</th><th>之后 after</th>"
    html += showReason ? "<th>原因 reason</th></tr>\n" : "</tr>\n"
    for r in rows.prefix(maximumRows) {
      html += "<tr><td class=\"id\">\(esc(r.unitID))</td><td>\(esc(r.township)) \(esc(r.village))</td>"
      html += "<td>\(esc(r.name))</td><td class=\"id\">\(esc(IDMask.mask(r.idNumber)))</td>"
      html += "<td>\(esc(r.change.rawValue))\(r.field.isEmpty ? "" : " " + esc(r.field))</td>"
      html += "<td>\(esc(maskIfID(r.before)))</td><td>\(esc(maskIfID(r.after)))</td>"
      if showReason {
        let reason = r.removal.isEmpty
          ? esc(r.reason)
          : r.removal.map { "\(esc($0.reason.label)) <code>\(esc($0.codes.map(\.code).joined(separator: ";")))</code>" }
            .joined(separator: "<br>")
        html += "<td>\(reason)</td>"
      }
      html += "</tr>\n"
    }
    html += "</table>\n"
    if rows.count > maximumRows {
      html += "<p class=\"note\">前 \(maximumRows) 条，共 \(rows.count) 条 — first \(maximumRows) of \(rows.count).</p>\n"
    }
    return html
  }

  /// Findings new and resolved, counted by code.
  static func findingTable(_ d: Discrepancies) -> String {
    var new: [String: Int] = [:]
    var resolved: [String: Int] = [:]
    for c in d.changes {
      switch c.change {
      case .findingNew: new[c.after, default: 0] += 1
      case .findingResolved: resolved[c.before, default: 0] += 1
      default: break
      }
    }
    guard !new.isEmpty || !resolved.isEmpty else { return "" }
    let codes = Set(new.keys).union(resolved.keys).sorted {
      let a = Reason(rawValue: $0)
      let b = Reason(rawValue: $1)
      if let a, let b { return a < b }
      return $0 < $1
    }
    var html = "<h3>问题变化 Findings new and resolved</h3>\n<table><tr><th>代码 code</th><th>含义 meaning</th><th>新增 new</th><th>已解决 resolved</th></tr>\n"
    for code in codes {
      let meaning = Reason(rawValue: code)?.entry.chinese ?? ""
      html += "<tr><td><code>\(esc(code))</code></td><td>\(esc(meaning))</td><td>\(new[code] ?? 0)</td><td>\(resolved[code] ?? 0)</td></tr>\n"
    }
    return html + "</table>\n"
  }

  /// Head changes carry IDs in before/after.
  static func maskIfID(_ text: String) -> String {
    PersonLookup.idBody(text) != nil ? IDMask.mask(text) : text
  }

  /// Escapes text for HTML, after masking any ID-like number in it.
  static func esc(_ text: String) -> String { HTMLText.escape(text) }
}
