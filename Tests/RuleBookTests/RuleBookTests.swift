import Foundation
import RosterCore
import RuleBook
import TestSupport
import Testing

/// Loads a fixture of this target.
func fixture(_ name: String) throws(RuleBookError) -> Rules {
  try RuleBook.load(path: fixturePath(name))
}

func fixturePath(_ name: String) -> String {
  RepoPaths.fixture(name, in: "RuleBookTests").path
}

@Suite struct BaselineRulesTests {
  let baseline: Rules

  init() throws { baseline = try RuleBook.load(RepoPaths.path("Rules/baseline.yml")) }

  @Test func thresholdsAreTheContracts() {
    #expect(baseline.eligibility.childAgeLimit == 18)
    #expect(baseline.eligibility.eligibleDisabilityGrades == [1, 2])
    #expect(baseline.eligibility.qualifyingHardship == [.minimumLiving, .extremelyPoor])
    #expect(baseline.jurisdiction == nil)
    #expect(baseline.idColumn == Rules.IDColumnRules(minimumCount: 3, minimumShare: 0.05))
    #expect(
      baseline.unsuitable == [
        Rules.UnsuitableCondition(
          field: .supportMode, values: ["institutional"],
          label: "集中供养/机构养育，不适宜一对一上门结对")
      ])
  }

  /// Every alias of the contract's §2.3 table is in the baseline.
  @Test func headerAliasesCoverTheContractTable() {
    let contract: [Field: [String]] = [
      .name: ["姓名", "对象姓名", "关爱对象姓名", "户主姓名", "name"],
      .idNumber: ["身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证", "id_number", "idcard"],
      .sex: ["性别", "sex"],
      .birthDate: ["出生日期", "出生年月", "birth_date"],
      .category: ["对象类别", "人员类别", "救助类别", "类别", "category"],
      .householdID: ["户编号", "户主身份证号", "户主身份证号码", "household_id"],
      .relation: ["与户主关系", "relation"],
      .county: ["县区", "县(市、区)", "所属县区", "county"],
      .township: ["乡镇", "乡镇(街道)", "乡镇街道", "township"],
      .village: ["村", "村(社区)", "村社区", "行政村", "village"],
      .status: ["状态", "保障状态", "在保状态", "status"],
      .supportMode: ["供养方式", "供养形式", "养育方式", "support_mode"],
      .phone: ["联系电话", "电话", "手机号", "phone"],
      .disabilityCert: ["残疾人证号", "残疾证号", "disability_cert"],
      .disabilityType: ["残疾类别", "残疾类型", "disability_type"],
      .disabilityGrade: ["残疾等级", "disability_grade"],
      .hardship: ["困难类型", "困难情况", "是否低保", "hardship"],
      .deathDate: ["死亡日期", "注销日期", "death_date"],
    ]
    #expect(Set(contract.keys) == Set(Field.allCases))
    for (field, aliases) in contract {
      #expect(baseline.headerAliases[field] == aliases, "\(field)")
    }
  }

  @Test func sourceNamesTheFileAndHashesItsBytes() throws {
    let url = RepoPaths.path("Rules/baseline.yml")
    let bytes = try [UInt8](Data(contentsOf: url))
    #expect(baseline.source.files == [url.path])
    #expect(baseline.source.sha256 == SHA256.hex(Array("\(bytes.count)\n".utf8) + bytes))
  }

  @Test func theBuiltInCopyIsTheFile() throws {
    let builtIn = RuleBook.baseline()
    var expected = baseline
    expected.source.files = ["Rules/baseline.yml (built in)"]
    #expect(builtIn == expected)
    #expect(
      builtIn.source.sha256 == baseline.source.sha256,
      "Rules/baseline.yml changed: run scripts/embed-baseline.sh")
  }

  @Test func effectiveYAMLLoadsBackToTheSameRules() throws {
    for file in ["Rules/baseline.yml", "Rules/xihe-county.yml"] {
      let rules = try RuleBook.load(RepoPaths.path(file))
      var reloaded = try RuleBook.parse(yaml: RuleBook.yaml(rules), file: "effective.yml")
      reloaded.source = rules.source
      #expect(reloaded == rules, "\(file)")
    }
  }
}

@Suite struct XiheCountyRulesTests {
  @Test func extendsTheBaselineAndOverridesAFewKeys() throws {
    let baseline = try RuleBook.load(RepoPaths.path("Rules/baseline.yml"))
    let xihe = try RuleBook.load(RepoPaths.path("Rules/xihe-county.yml"))
    #expect(xihe.name == "西和县（陇南市，甘肃省）")
    #expect(
      xihe.jurisdiction
        == Rules.Jurisdiction(codes: ["621225", "622627", "622527"], names: ["西和县"]))
    #expect(xihe.headerAliases[.name] == baseline.headerAliases[.name]! + ["救助对象姓名"])
    #expect(xihe.headerAliases[.householdID] == baseline.headerAliases[.householdID]! + ["户号"])
    #expect(xihe.vocabulary.statuses["暂停"] == .inactive)
    #expect(xihe.vocabulary.categories["农村特困"] == .extremelyPoor)
    #expect(xihe.vocabulary.supportModes["居家"] == .home)
    // Everything else is inherited unchanged.
    #expect(xihe.eligibility == baseline.eligibility)
    #expect(xihe.unsuitable == baseline.unsuitable)
    #expect(xihe.idColumn == baseline.idColumn)
    #expect(xihe.vocabulary.sexes == baseline.vocabulary.sexes)
    for (word, meaning) in baseline.vocabulary.statuses {
      #expect(xihe.vocabulary.statuses[word] == meaning)
    }
    let dir = RepoPaths.path("Rules").path
    #expect(xihe.source.files == ["\(dir)/baseline.yml", "\(dir)/xihe-county.yml"])
    #expect(xihe.source.sha256 != baseline.source.sha256)
  }

  @Test func relativePathsStayRelativeInSourceAndErrors() throws {
    let rules = try RuleBook.load(
      URL(fileURLWithPath: "Rules/xihe-county.yml", relativeTo: RepoPaths.root))
    #expect(rules.source.files == ["Rules/baseline.yml", "Rules/xihe-county.yml"])
  }
}
