import Foundation
import RosterCore
import Testing
import TestSupport

@Suite struct ReasonCatalogTests {
  @Test func codesAreUniqueUppercaseSnake() {
    let codes = Reason.allCases.map(\.code)
    #expect(Set(codes).count == codes.count)
    for code in codes {
      #expect(code.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }, "\(code)")
    }
  }

  @Test func everyCodeIsFullyDocumented() {
    for r in Reason.allCases {
      let e = r.entry
      #expect(!e.chinese.isEmpty && !e.english.isEmpty && !e.action.isEmpty, "\(r.code)")
    }
  }

  @Test func rejectingCodesAreErrors() {
    for r in Reason.allCases where r.effect == .reject {
      #expect(r.severity == .error, "\(r.code)")
    }
  }

  /// docs/reason-codes.md is generated from the catalog; this fails when they drift apart.
  @Test func documentationMatchesCatalog() throws {
    let doc = try String(contentsOf: RepoPaths.path("docs/reason-codes.md"), encoding: .utf8)
    #expect(
      doc == ReasonCatalog.markdown(),
      "docs/reason-codes.md is stale: run `swift run rostercheck codes --markdown > docs/reason-codes.md`"
    )
  }
}

@Suite struct ReasonOrdinalTests {
  /// `Reason.ordinal` reads the case index from the enum's storage; this proves it matches.
  @Test func ordinalIsTheIndexInAllCases() {
    for (index, reason) in Reason.allCases.enumerated() {
      #expect(reason.ordinal == index, "\(reason.code)")
      #expect(Reason.codeBytes[index] == Array(reason.code.utf8))
    }
    #expect(MemoryLayout<Reason>.size == 1)
  }
}

@Suite struct SmallEnumOrdinalTests {
  @Test func ordinalsAreTheIndexInAllCases() {
    for (i, s) in SourceKind.allCases.enumerated() { #expect(s.ordinal == i) }
    for (i, s) in Severity.allCases.enumerated() { #expect(s.ordinal == i) }
  }

  /// The severity, effect and stage read from tables are the catalog entry's, for every code.
  @Test func tablesMatchTheCatalog() {
    for r in Reason.allCases {
      #expect(r.severity == r.entry.severity && r.effect == r.entry.effect && r.stage == r.entry.stage, "\(r.code)")
    }
  }
}
