import Deduplicate
import Foundation
import RosterCore

/// What `report.html` shows. Built from the run's results by ``ReportInput/build(records:result:summary:samples:)``.
///
/// It is `Codable` (without ``extraSections``) so the run store can keep it and
/// `rostercheck report` can re-render a past run's report without its input files.
public struct ReportInput: Sendable, Codable {
  public var summary: RunSummary
  public var townships: [TownshipStats]
  public var problems: [Problem]
  public var duplicates: [DuplicatePair]
  /// Extra sections (e.g. discrepancies against the previous run), already rendered as
  /// (title, HTML body). Bodies must be escaped and masked by their producer.
  public var extraSections: [(title: String, html: String)] = []

  enum CodingKeys: String, CodingKey {
    case summary, townships, problems, duplicates
  }

  public init(
    summary: RunSummary, townships: [TownshipStats], problems: [Problem], duplicates: [DuplicatePair]
  ) {
    self.summary = summary
    self.townships = townships
    self.problems = problems
    self.duplicates = duplicates
  }

  /// The report as JSON, for the run store.
  public func json() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(self), as: UTF8.self)
  }

  /// A report read back from ``json()``.
  public static func fromJSON(_ text: String) throws -> ReportInput {
    try JSONDecoder().decode(ReportInput.self, from: Data(text.utf8))
  }

  public struct TownshipStats: Sendable, Hashable, Codable {
    public var township: String
    public var units: Int
    public var unitsNeedingReview: Int
    public var rejected: Int
    public var excluded: Int
  }

  /// A reason code to act on, with its count and the first rows that carry it.
  public struct Problem: Sendable, Codable {
    public var reason: Reason
    public var records: Int
    public var samples: [FindingSample]
  }

  /// Two records that are probably the same person.
  public struct DuplicatePair: Sendable, Codable {
    public var kind: Reason
    public var evidence: String
    public var sides: [Side]

    public struct Side: Sendable, Codable {
      public var location: String
      public var name: String
      public var maskedID: String
      public var birthDate: String
      public var address: String
      public var disposition: String
    }
  }

  /// How many problems of each effect (reject, review, exclude) and duplicate pairs the report
  /// lists in detail; the rest are named with their counts.
  public static let maximumProblemsPerEffect: [Effect: Int] = [.reject: 6, .review: 6, .exclude: 4]
  public static let maximumDuplicatePairs = 50
  public static let maximumTownships = 40

  public static func build(
    records: [VerifiedRecord], result: DeduplicationResult, summary: RunSummary,
    samples: [Reason: [FindingSample]]
  ) -> ReportInput {
    // Townships: units by their township; record problems by the record's township.
    var stats: [String: TownshipStats] = [:]
    func key(_ t: String) -> String { t.isEmpty ? "（未填写乡镇）" : t }
    func empty(_ k: String) -> TownshipStats {
      TownshipStats(township: k, units: 0, unitsNeedingReview: 0, rejected: 0, excluded: 0)
    }
    for u in result.units {
      let k = key(u.township)
      stats[k, default: empty(k)].units += 1
      if u.needsReview { stats[k, default: empty(k)].unitsNeedingReview += 1 }
    }
    // Records come township by township, mostly: counted per run of one township and added
    // to the table when the township changes, rather than hashing a Chinese name per record.
    // Fields are read in place (a record copied out of the array retains all its strings).
    // (No local function for adding a run: state it captures is checked for exclusive access
    // at run time on every record.)
    var runs: [(township: String, rejected: Int, excluded: Int)] = []
    for i in records.indices where records[i].provenance.source != .deaths {
      let d = result.dispositions[i]
      guard d == .rejected || d == .excluded else { continue }
      if runs.isEmpty || records[i].township != runs[runs.count - 1].township {
        runs.append((records[i].township, 0, 0))
      }
      if d == .rejected { runs[runs.count - 1].rejected += 1 } else { runs[runs.count - 1].excluded += 1 }
    }
    for run in runs {
      let k = key(run.township)
      stats[k, default: empty(k)].rejected += run.rejected
      stats[k, default: empty(k)].excluded += run.excluded
    }
    let townships = stats.values.sorted {
      ($0.units + $0.rejected + $0.excluded, $1.township) > ($1.units + $1.rejected + $1.excluded, $0.township)
    }

    // Problems: reject first (records lost), then review, then exclude; by count within each.
    func priority(_ r: Reason) -> Int {
      switch r.effect {
      case .reject: 0
      case .review: 1
      case .exclude: 2
      case .none: 3
      }
    }
    let problems = summary.counts.byReason.compactMap { code, count -> Problem? in
      guard let reason = Reason(rawValue: code), reason.severity != .info, count > 0 else { return nil }
      return Problem(reason: reason, records: count, samples: samples[reason] ?? [])
    }.sorted {
      (priority($0.reason), -$0.records, $0.reason.code) < (priority($1.reason), -$1.records, $1.reason.code)
    }

    var pairs: [DuplicatePair] = []
    for g in result.groups where g.kind.stage == .deduplicate && g.kind.effect == .review {
      pairs.append(
        DuplicatePair(
          kind: g.kind, evidence: g.evidence,
          sides: g.members.map { m in
            let r = records[m]
            return DuplicatePair.Side(
              location: "\(r.provenance.file):\(r.provenance.line)", name: r.name,
              maskedID: IDMask.mask(r.id), birthDate: r.birthDate?.description ?? "",
              address: [r.township, r.village].filter { !$0.isEmpty }.joined(separator: " "),
              disposition: result.dispositions[m].rawValue)
          }))
    }
    return ReportInput(
      summary: summary, townships: townships, problems: problems, duplicates: pairs)
  }
}

/// Renders `report.html`: one self-contained page (inline CSS and SVG, no scripts, no network,
/// no external fonts) for a county office. Every ID on it is masked, and every piece of text
/// passes through ``IDMask/scrub(_:)`` as a safety net.
public enum HTMLReport {
  public static func render(_ input: ReportInput) -> String {
    let s = input.summary
    var html = """
      <!DOCTYPE html>
      <html lang="zh-CN">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>结对关爱名单核查报告 · \(esc(s.parameters.rulesName))</title>
      <style>\(css)</style>
      </head>
      <body>
      <header>
      <h1>结对关爱名单核查报告 <span class="en">Roster re-verification report</span></h1>
      <p class="meta">\(esc(s.parameters.rulesName)) · 核查日期 as of <b>\(esc(s.parameters.asOf))</b>
       · 运行于 run at \(esc(s.parameters.started))\(s.parameters.jurisdiction.isEmpty ? "" : " · 辖区 jurisdiction " + esc(s.parameters.jurisdiction))
       · rostercheck \(esc(s.version))</p>
      </header>
      <main>

      """
    html += totals(s)
    html += townshipSection(input.townships)
    html += problemSection(input.problems)
    html += duplicateSection(input.duplicates)
    for section in input.extraSections {
      html += "<section><h2>\(esc(section.title))</h2>\n\(section.html)\n</section>\n"
    }
    html += inputsSection(s)
    html += """
      </main>
      <footer>身份证号已脱敏显示 · ID numbers are masked. 完整明细见 ledger.csv、findings.csv、duplicates.csv（仅限本人读取）。
      Reason codes: docs/reason-codes.md.</footer>
      </body>
      </html>

      """
    return html
  }

  // MARK: Sections

  static func totals(_ s: RunSummary) -> String {
    let c = s.counts
    let d = c.byDisposition
    func n(_ key: String) -> Int { d[key] ?? 0 }
    let sum = n("paired") + n("merged") + n("excluded") + n("rejected")
    let people = c.unitsByType["person"] ?? 0
    let households = c.unitsByType["household"] ?? 0
    return """
      <section class="totals">
      <h2>总览 Totals</h2>
      <div class="cards">
      <div class="card ok"><div class="num">\(c.units)</div><div>结对单元 pairing units</div><div class="sub">\(people) 人 persons · \(households) 户 households · \(c.subjects) 名对象 subjects</div></div>
      <div class="card review"><div class="num">\(c.unitsNeedingReview)</div><div>需复核单元 units to review</div></div>
      <div class="card bad"><div class="num">\(n("rejected"))</div><div>无法使用的记录 rejected records</div></div>
      <div class="card muted"><div class="num">\(n("excluded"))</div><div>不符合条件/不适宜 excluded</div></div>
      </div>
      <table class="counts">
      <tr><th>输入记录 input records</th><th>结对 paired</th><th>合并 merged</th><th>排除 excluded</th><th>拒绝 rejected</th></tr>
      <tr><td>\(c.records)</td><td>\(n("paired"))</td><td>\(n("merged"))</td><td>\(n("excluded"))</td><td>\(n("rejected"))</td></tr>
      </table>
      <p class="check">\(sum == c.records ? "✔ 每条输入记录都在台账中出现且仅出现一次 — every input record is in the ledger exactly once (\(sum) = \(c.records))." : "✘ 台账记录数与输入不一致 ledger count \(sum) ≠ input \(c.records)")</p>
      </section>

      """
  }

  static func townshipSection(_ rows: [ReportInput.TownshipStats]) -> String {
    guard !rows.isEmpty else { return "" }
    let shown = Array(rows.prefix(ReportInput.maximumTownships))
    let maxTotal = max(1, shown.map { $0.units + $0.rejected + $0.excluded }.max() ?? 1)
    let labelWidth = 150
    let barWidth = 520
    let rowHeight = 26
    let height = shown.count * rowHeight + 40
    var svg = """
      <svg class="bars" role="img" aria-label="per-township units and problems" viewBox="0 0 \(labelWidth + barWidth + 150) \(height)" width="100%">

      """
    for (i, t) in shown.enumerated() {
      let y = 10 + i * rowHeight
      var x = labelWidth
      svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 15)\" text-anchor=\"end\">\(esc(t.township))</text>\n"
      for (value, cls, label) in [
        (t.units - t.unitsNeedingReview, "ok", "结对单元 units"),
        (t.unitsNeedingReview, "review", "需复核 to review"),
        (t.rejected, "bad", "拒绝 rejected"), (t.excluded, "muted", "排除 excluded"),
      ] where value > 0 {
        let w = max(1, value * barWidth / maxTotal)
        svg += "<rect class=\"\(cls)\" x=\"\(x)\" y=\"\(y)\" width=\"\(w)\" height=\"18\"><title>\(esc(t.township)) \(label): \(value)</title></rect>\n"
        x += w
      }
      svg += "<text class=\"val\" x=\"\(x + 6)\" y=\"\(y + 15)\">\(t.units) · \(t.unitsNeedingReview) · \(t.rejected) · \(t.excluded)</text>\n"
    }
    let ly = shown.count * rowHeight + 24
    svg += """
      <g class="legend"><rect class="ok" x="\(labelWidth)" y="\(ly)" width="12" height="12"/><text x="\(labelWidth + 16)" y="\(ly + 11)">结对单元 units</text>
      <rect class="review" x="\(labelWidth + 120)" y="\(ly)" width="12" height="12"/><text x="\(labelWidth + 136)" y="\(ly + 11)">需复核 to review</text>
      <rect class="bad" x="\(labelWidth + 250)" y="\(ly)" width="12" height="12"/><text x="\(labelWidth + 266)" y="\(ly + 11)">拒绝 rejected</text>
      <rect class="muted" x="\(labelWidth + 370)" y="\(ly)" width="12" height="12"/><text x="\(labelWidth + 386)" y="\(ly + 11)">排除 excluded</text></g>
      </svg>

      """
    let more = rows.count > shown.count ? "<p class=\"note\">另有 \(rows.count - shown.count) 个乡镇未显示 — \(rows.count - shown.count) more townships not shown.</p>" : ""
    return "<section><h2>各乡镇情况 By township</h2>\n\(svg)\(more)</section>\n"
  }

  static func problemSection(_ problems: [ReportInput.Problem]) -> String {
    guard !problems.isEmpty else {
      return "<section><h2>优先处理 What to fix first</h2><p>没有需要处理的问题 — nothing to fix.</p></section>\n"
    }
    var html = "<section><h2>优先处理 What to fix first</h2>\n<ol class=\"problems\">\n"
    var shown: [ReportInput.Problem] = []
    var rest: [ReportInput.Problem] = []
    var perEffect: [Effect: Int] = [:]
    for p in problems {
      let effect = p.reason.effect
      if perEffect[effect, default: 0] < ReportInput.maximumProblemsPerEffect[effect, default: 0] {
        perEffect[effect, default: 0] += 1
        shown.append(p)
      } else {
        rest.append(p)
      }
    }
    for p in shown {
      let e = p.reason.entry
      html += """
        <li><h3><code>\(esc(p.reason.code))</code> \(esc(e.chinese)) <span class="count">\(p.records) 条 records</span> <span class="sev \(e.severity.rawValue)">\(e.severity.rawValue) · \(e.effect.rawValue)</span></h3>
        <p>\(esc(e.english)) <b>What to do:</b> \(esc(e.action))</p>

        """
      if !p.samples.isEmpty {
        html += "<table><tr><th>文件:行 file:line</th><th>姓名 name</th><th>身份证号 ID</th><th>字段 field</th><th>说明 detail</th></tr>\n"
        for sample in p.samples.prefix(10) {
          html += "<tr><td>\(esc(sample.file)):\(sample.line)</td><td>\(esc(sample.name))</td><td class=\"id\">\(esc(sample.id))</td><td>\(esc(sample.finding.field?.rawValue ?? ""))</td><td>\(esc(sample.finding.message))</td></tr>\n"
        }
        html += "</table>\n"
        if p.records > min(10, p.samples.count) {
          html += "<p class=\"note\">前 \(min(10, p.samples.count)) 条，共 \(p.records) 条；其余见 findings.csv — first \(min(10, p.samples.count)) of \(p.records); all in findings.csv.</p>\n"
        }
      }
      html += "</li>\n"
    }
    html += "</ol>\n"
    if !rest.isEmpty {
      let list = rest.map { "<code>\(esc($0.reason.code))</code> \($0.records)" }.joined(separator: " · ")
      html += "<p class=\"note\">其他 others: \(list)</p>\n"
    }
    return html + "</section>\n"
  }

  static func duplicateSection(_ pairs: [ReportInput.DuplicatePair]) -> String {
    var html = "<section><h2>疑似重复身份 Probable duplicates <span class=\"count\">\(pairs.count)</span></h2>\n"
    guard !pairs.isEmpty else { return html + "<p>未发现疑似重复 — none found.</p></section>\n" }
    html += "<p>以下记录可能是同一人，未自动合并，请核对证件后更正 — never merged automatically; check the documents and correct the wrong record.</p>\n"
    for pair in pairs.prefix(ReportInput.maximumDuplicatePairs) {
      html += "<div class=\"pair\"><p class=\"evidence\"><code>\(esc(pair.kind.code))</code> \(esc(pair.evidence))</p><div class=\"sides\">\n"
      for side in pair.sides {
        html += """
          <div class="side"><div class="loc">\(esc(side.location))</div><div class="nm">\(esc(side.name))</div>
          <div class="id">\(esc(side.maskedID))</div><div>\(esc(side.birthDate)) \(esc(side.address))</div><div class="disp">\(esc(side.disposition))</div></div>

          """
      }
      html += "</div></div>\n"
    }
    if pairs.count > ReportInput.maximumDuplicatePairs {
      html += "<p class=\"note\">另有 \(pairs.count - ReportInput.maximumDuplicatePairs) 组见 duplicates.csv — \(pairs.count - ReportInput.maximumDuplicatePairs) more in duplicates.csv.</p>\n"
    }
    return html + "</section>\n"
  }

  static func inputsSection(_ s: RunSummary) -> String {
    var html = "<section><h2>输入文件 Inputs</h2><table><tr><th>来源 source</th><th>文件 file</th><th>编码 encoding</th><th>记录 records</th><th>结对 paired</th><th>合并 merged</th><th>排除 excluded</th><th>拒绝 rejected</th></tr>\n"
    for i in s.inputs {
      let d = i.byDisposition
      html += "<tr><td>\(esc(i.source))</td><td>\(esc(i.file))</td><td>\(esc(i.encoding))</td><td>\(i.records)</td><td>\(d["paired"] ?? 0)</td><td>\(d["merged"] ?? 0)</td><td>\(d["excluded"] ?? 0)</td><td>\(d["rejected"] ?? 0)</td></tr>\n"
    }
    html += "</table>\n<p class=\"meta\">规则 rules: \(esc(s.parameters.rulesFile)) (sha256 \(esc(String(s.parameters.rulesSHA256.prefix(12))))…)</p></section>\n"
    return html
  }

  /// Escapes text for HTML and masks any ID-like number in it (``HTMLText/escape(_:)``).
  public static func esc(_ text: String) -> String { HTMLText.escape(text) }

  static let css = """
    body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",system-ui,sans-serif;margin:0;color:#1d2330;background:#f5f6f8;line-height:1.5}
    header{background:#8c1c13;color:#fff;padding:18px 28px}h1{margin:0;font-size:24px}.en{font-weight:400;font-size:16px;opacity:.85}
    .meta{margin:4px 0 0;font-size:13px;opacity:.9}main{max-width:1100px;margin:0 auto;padding:12px 24px}
    section{background:#fff;border-radius:8px;padding:14px 20px;margin:16px 0;box-shadow:0 1px 3px rgba(0,0,0,.08)}
    h2{font-size:19px;margin:4px 0 12px;border-left:4px solid #8c1c13;padding-left:8px}h3{font-size:16px;margin:6px 0}
    .cards{display:flex;gap:12px;flex-wrap:wrap}.card{flex:1;min-width:180px;border-radius:8px;padding:10px 14px;color:#fff}
    .card .num{font-size:30px;font-weight:700}.card .sub{font-size:12px;opacity:.9}
    .card.ok,rect.ok{background:#2e7d32;fill:#2e7d32}.card.review,rect.review{background:#ef8f00;fill:#ef8f00}
    .card.bad,rect.bad{background:#c62828;fill:#c62828}.card.muted,rect.muted{background:#78909c;fill:#90a4ae}
    table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{border-bottom:1px solid #e3e6ea;padding:4px 6px;text-align:left;vertical-align:top}
    th{background:#f0f2f5}td.id,.id{font-family:ui-monospace,Menlo,Consolas,monospace}
    .check{font-size:13px;color:#2e7d32}.count{font-size:13px;color:#555;font-weight:400;margin-left:6px}
    .sev{font-size:12px;border-radius:4px;padding:1px 6px;margin-left:6px;font-weight:400}.sev.error{background:#fde0dc;color:#c62828}
    .sev.warning{background:#fff3e0;color:#b35c00}.sev.info{background:#e8eaf6;color:#3949ab}
    svg.bars text{font-size:13px;fill:#1d2330}svg.bars text.val{fill:#555;font-size:12px}
    .pair{border:1px solid #e3e6ea;border-radius:6px;margin:10px 0;padding:8px}.evidence{margin:0 0 6px;font-size:13px}
    .sides{display:flex;gap:10px}.side{flex:1;background:#fafbfc;border-radius:4px;padding:6px 10px;font-size:13px}
    .side .nm{font-size:16px;font-weight:700}.side .loc,.side .disp{color:#666;font-size:12px}
    .note{font-size:12px;color:#666}code{background:#f0f2f5;padding:0 4px;border-radius:3px}
    footer{max-width:1100px;margin:0 auto 30px;padding:0 24px;font-size:12px;color:#666}
    """
}
