import Normalize
import RosterCore
import RuleBook
import Testing

@Suite struct FieldNormalizerTests {
  let normalizer = FieldNormalizer(rules: RuleBook.baseline())

  @Test(arguments: [
    ("孤儿", [Category.orphan], [String]()),
    ("孤儿、低保", [.orphan, .minimumLiving], []),
    ("特困人员,困难重度残疾人", [.extremelyPoor, .severelyDisabled], []),
    ("特困人员，低保", [.extremelyPoor, .minimumLiving], []),
    ("孤儿/低保", [.orphan, .minimumLiving], []),
    ("孤儿；低保", [.orphan, .minimumLiving], []),
    ("孤儿 低保", [.orphan, .minimumLiving], []),
    ("孤儿、、孤儿", [.orphan], []),
    ("孤儿、留守儿童", [.orphan], ["留守儿童"]),
    ("留守儿童", [], ["留守儿童"]),
    ("", [], []),
    (" 、 ", [], []),
  ])
  func categoriesSplitOnEverySeparator(raw: String, expected: [Category], unknown: [String]) {
    let parse = normalizer.categories(raw)
    #expect(parse.categories == expected, "\(raw)")
    #expect(parse.unrecognized == unknown, "\(raw)")
  }

  @Test(arguments: [
    ("13800138000", "13800138000"),
    ("138 0013 8000", "13800138000"),
    ("0939-1234567", "09391234567"),
    ("(0939)1234567", "09391234567"),
    ("１３８００１３８０００", "13800138000"),
    ("+86 138-0013-8000", "8613800138000"),
    ("13800138000，13900139000", "13800138000/13900139000"),
    ("13800138000/13900139000、", "13800138000/13900139000"),
    ("无", ""),
    ("", ""),
  ])
  func phoneKeepsDigits(raw: String, expected: String) {
    #expect(normalizer.phone(raw) == expected)
  }

  @Test(arguments: [
    ("62122520080101002X", "62122520080101002X"),
    ("62122520080101002x", "62122520080101002X"),
    ("６２１２２５２００８０１０１００２ｘ", "62122520080101002X"),
    (" 621225 20080101 002X ", "62122520080101002X"),
    ("'62122520080101002X", "62122520080101002X"),
    ("621225-2008-0101-002X\u{200B}", "62122520080101002X"),
    ("610104620927690", "610104620927690"),
    // not an ID: cleaned as text
    (" 户-0012 ", "户-0012"),
    ("H０１２", "H012"),
    ("62122520080101002X1", "62122520080101002X1"),
    ("6212252008010100X2", "6212252008010100X2"),
    ("61010462092769X", "61010462092769X"),
    ("0012", "0012"),
  ])
  func householdKeys(raw: String, expected: String) {
    #expect(normalizer.householdKey(raw) == expected)
  }

  @Test(arguments: [
    ("城关镇", "城关镇"), (" 城关 镇\u{3000}", "城关镇"), ("Ｎｏ. 3  Village", "No. 3 Village"),
    ("县(市、区)", "县(市、区)"), ("西和县\u{200B}", "西和县"), ("", ""),
  ])
  func freeTextIsCleaned(raw: String, expected: String) {
    #expect(normalizer.text(raw) == expected)
  }
}
