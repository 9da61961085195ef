import Foundation
import RosterCore
import RuleBook
import TestSupport
import Testing

/// Every broken fixture fails with the file, the line, the key and what was expected.
@Suite struct BrokenRulesTests {
  static let cases: [(file: String, message: String)] = [
    ("bad-age.yml", ":3: eligibility.child_age_limit: expected an integer, found \"eighteen\""),
    (
      "bad-key.yml",
      ":3: eligibility.child_age_limt: unknown key; valid keys here: child_age_limit, "
        + "eligible_disability_grades, qualifying_hardship"
    ),
    (
      "bad-top-key.yml",
      ":2: jurisdicton: unknown key; valid keys here: extends, name, header_aliases, vocabulary, "
        + "eligibility, unsuitable, jurisdiction, id_column"
    ),
    (
      "bad-field.yml",
      ":3: header_aliases.nmae: unknown field \"nmae\"; valid fields: name, id_number, sex, "
        + "birth_date, category, household_id, relation, county, township, village, status, "
        + "support_mode, phone, disability_cert, disability_type, disability_grade, hardship, "
        + "death_date"
    ),
    (
      "bad-meaning.yml",
      ":4: vocabulary.statuses.暂停: expected one of active, inactive, dead, found \"suspended\""
    ),
    (
      "bad-vocabulary.yml",
      ":3: vocabulary.status: unknown key; valid keys here: categories, statuses, support_modes, "
        + "hardship, disability_types, disability_grades, sexes"
    ),
    (
      "bad-grade.yml",
      ":3: eligibility.eligible_disability_grades[2]: expected a disability grade 1–4, found \"5\""
    ),
    (
      "bad-hardship.yml",
      ":3: eligibility.qualifying_hardship: expected a hardship meaning (minimum-living, "
        + "extremely-poor, low-income, none) or a word of vocabulary.hardship, found \"低包\""
    ),
    (
      "bad-code.yml",
      ":3: jurisdiction.codes[0]: expected a six-digit county-level address code, found \"62122\""
    ),
    (
      "bad-list.yml",
      ":3: header_aliases.name: expected a list of a headers, or {add: [...]} / {remove: [...]}, "
        + "found \"救助对象姓名\""
    ),
    (
      "bad-duplicate-key.yml",
      ":3:3: not valid YAML: the same key is written twice in one mapping: \"child_age_limit\""
    ),
    (
      "bad-word-conflict.yml",
      ":5: vocabulary.sexes.w: \"w\" and \"Ｗ\" are the same word once spaces, full-width forms "
        + "and letter case are ignored, but have different meanings (male, female)"
    ),
    (
      "bad-alias-conflict.yml",
      ":3: header_aliases.status: the header \"类别\" is already an alias of category; a header "
        + "can name only one field"
    ),
    (
      "bad-remove.yml",
      ":4: vocabulary.statuses.暂停: expected a meaning (null removes an inherited word, and "
        + "there is none to remove), found nothing"
    ),
    (
      "bad-unsuitable.yml",
      ":5: unsuitable[1].values: expected a meaning of support_mode (institutional, home) or a "
        + "word of vocabulary.support_modes, found \"养老院\""
    ),
    (
      "bad-unsuitable-field.yml",
      ":3: unsuitable[0].field: unknown field \"suport_mode\"; valid fields: name, id_number, "
        + "sex, birth_date, category, household_id, relation, county, township, village, status, "
        + "support_mode, phone, disability_cert, disability_type, disability_grade, hardship, "
        + "death_date"
    ),
    ("bad-not-utf8.yml", ": cannot read the rules file: the file is not UTF-8 text"),
    (
      "no-thresholds.yml",
      ": eligibility.child_age_limit: expected a value (set it in this file, or extend "
        + "baseline.yml), found nothing"
    ),
  ]

  @Test(arguments: cases.map(\.file))
  func failsWithFileLineKeyAndExpectation(file: String) {
    let expected = fixturePath(file) + BrokenRulesTests.cases.first { $0.file == file }!.message
    do {
      let rules = try fixture(file)
      Issue.record("\(file) loaded: \(rules.name)")
    } catch {
      #expect(error.description == expected)
      #expect(error.file == fixturePath(file))
    }
  }

  @Test func aSyntaxErrorGivesLineAndColumn() {
    do {
      _ = try fixture("bad-syntax.yml")
      Issue.record("bad-syntax.yml loaded")
    } catch {
      guard case .syntax(let file, let line, let column, _) = error else {
        Issue.record("expected a syntax error, got \(error)")
        return
      }
      #expect(file == fixturePath("bad-syntax.yml"))
      #expect(line == 4)
      #expect(column != nil)
      #expect(error.description.hasPrefix(fixturePath("bad-syntax.yml") + ":4:"))
      #expect(error.description.contains("not valid YAML"))
    }
  }

  @Test func anInMemoryTextCannotExtend() {
    #expect(throws: RuleBookError.self) {
      try RuleBook.parse(yaml: "extends: baseline.yml\n", file: "memory.yml")
    }
  }
}
