/// Renders the reason-code catalog as the project's documentation.
///
/// `docs/reason-codes.md` is exactly `ReasonCatalog.markdown()`; a test fails when they differ,
/// so the documentation cannot drift from the code. Regenerate with
/// `swift run rostercheck codes --markdown > docs/reason-codes.md`.
public enum ReasonCatalog {
  public static func markdown() -> String {
    var out = """
      # Reason codes

      Every finding, ledger reason and summary count uses one of these codes. They are stable:
      a code is never renamed or reused. This page is generated from
      `Sources/RosterCore/Reason.swift` by `rostercheck codes --markdown`; a test checks that
      it matches.

      - **severity**: `error` (the value is unusable), `warning` (look at it), `info` (recorded only).
      - **effect** on the record's disposition in `ledger.csv`: `reject` → `rejected`,
        `exclude` → `excluded`, `review` → the pairing unit is marked `needs_review`,
        `none` → no effect.

      """
    for stage in Stage.allCases {
      let reasons = Reason.allCases.filter { $0.stage == stage }
      if reasons.isEmpty { continue }
      out += "\n## \(title(of: stage))\n\n"
      out += "| code | severity | effect | 含义 | meaning | what to do |\n"
      out += "|---|---|---|---|---|---|\n"
      for r in reasons {
        let e = r.entry
        out += "| `\(r.code)` | \(e.severity.rawValue) | \(e.effect.rawValue) | \(e.chinese) | "
          + "\(e.english) | \(e.action) |\n"
      }
    }
    return out
  }

  /// One row per code: `code,stage,severity,effect,chinese,english,action`.
  public static func csvRows() -> [[String]] {
    [["code", "stage", "severity", "effect", "chinese", "english", "action"]]
      + Reason.allCases.map { r in
        let e = r.entry
        return [r.code, e.stage.rawValue, e.severity.rawValue, e.effect.rawValue, e.chinese,
                e.english, e.action]
      }
  }

  static func title(of stage: Stage) -> String {
    switch stage {
    case .id: "Identity numbers (ID engine)"
    case .ingest: "Reading files (Ingest)"
    case .normalize: "Field values (Normalize)"
    case .verify: "Eligibility and consistency (Verify)"
    case .deduplicate: "Duplicates and pairing units (Deduplicate)"
    case .run: "The run"
    }
  }
}
