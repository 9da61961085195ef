import Foundation
import RosterCore
import RuleBook
import TestSupport
import Testing

@Suite struct ExtendsTests {
  @Test func aChainMergesFromTheBaseUp() throws {
    let rules = try fixture("chain-top.yml")
    #expect(rules.name == "top")
    // Lists: replaced, or edited with add/remove.
    #expect(rules.headerAliases[.category] == ["对象类别"])
    #expect(rules.headerAliases[.idNumber] == ["身份证号", "公民身份号码"])
    #expect(rules.headerAliases[.name] == ["姓名"])
    #expect(rules.eligibility.eligibleDisabilityGrades == [1, 2, 3])
    #expect(rules.jurisdiction == Rules.Jurisdiction(codes: ["621225", "622627"], names: ["西和县"]))
    // Scalars: the nearest file wins.
    #expect(rules.eligibility.childAgeLimit == 16)
    #expect(rules.idColumn == Rules.IDColumnRules(minimumCount: 3, minimumShare: 0.1))
    // Maps merge word by word; null removes.
    #expect(rules.vocabulary.statuses == ["在保": .active, "暂停": .inactive])
    #expect(rules.vocabulary.sexes == ["男": .male, "女": .female, "M": .male])
    // Words resolve through the merged vocabularies.
    #expect(rules.eligibility.qualifyingHardship == [.minimumLiving])
    #expect(
      rules.unsuitable == [
        Rules.UnsuitableCondition(
          field: .supportMode, values: ["institutional"], label: "in an institution"),
        Rules.UnsuitableCondition(field: .status, values: ["inactive"], label: "suspended"),
      ])
    let dir = RepoPaths.fixture("", in: "RuleBookTests").path
    #expect(
      rules.source.files == [
        "\(dir)/chain-base.yml", "\(dir)/chain-middle.yml", "\(dir)/chain-top.yml",
      ])
  }

  @Test func theHashCoversEveryFileInOrder() throws {
    let top = try fixture("chain-top.yml")
    var bytes: [UInt8] = []
    for name in ["chain-base.yml", "chain-middle.yml", "chain-top.yml"] {
      let data = try [UInt8](Data(contentsOf: RepoPaths.fixture(name, in: "RuleBookTests")))
      bytes += Array("\(data.count)\n".utf8) + data
    }
    #expect(top.source.sha256 == SHA256.hex(bytes))
    #expect(try fixture("chain-middle.yml").source.sha256 != top.source.sha256)
  }

  @Test func aFileThatExtendsNothingStandsAlone() throws {
    let rules = try fixture("standalone.yml")
    #expect(rules.eligibility.eligibleDisabilityGrades == [1])
    #expect(rules.vocabulary.statuses.isEmpty)
    #expect(rules.unsuitable.isEmpty)
  }

  @Test func aLoopIsAnError() {
    let a = fixturePath("cycle-a.yml")
    let b = fixturePath("cycle-b.yml")
    #expect(throws: RuleBookError.extendsCycle(chain: [a, b, a])) { try fixture("cycle-a.yml") }
    #expect(
      String(describing: (try? fixture("cycle-a.yml")) == nil ? cycleMessage("cycle-a.yml") : "")
        == "\(b): extends: the files extend each other in a loop: \(a) → \(b) → \(a)")
    let me = fixturePath("cycle-self.yml")
    #expect(throws: RuleBookError.extendsCycle(chain: [me, me])) { try fixture("cycle-self.yml") }
  }

  @Test func aMissingBaseNamesTheExtendingFileAndLine() {
    let file = fixturePath("extends-missing.yml")
    #expect(
      cycleMessage("extends-missing.yml")
        == "\(file):2: extends: cannot read \"no-such-file.yml\": no such file")
  }

  @Test func aMissingFileIsAnError() {
    #expect(
      cycleMessage("nothing-here.yml")
        == "\(fixturePath("nothing-here.yml")): cannot read the rules file: no such file")
  }

  private func cycleMessage(_ name: String) -> String {
    do {
      _ = try fixture(name)
      return "loaded"
    } catch {
      return error.description
    }
  }
}
