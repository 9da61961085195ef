import Foundation
import TestSupport
import Testing

@Suite struct RulesCommandTests {
  @Test func aValidFilePrintsTheEffectiveRules() throws {
    let result = try BuiltBinary.run(
      ["rules", "check", "Rules/xihe-county.yml"], currentDirectory: RepoPaths.root)
    #expect(result.status == 0)
    #expect(result.stderrText.isEmpty)
    let out = result.stdoutText
    #expect(out.hasPrefix("# Rules/xihe-county.yml: valid\n"))
    #expect(out.contains("# files (base first): Rules/baseline.yml, Rules/xihe-county.yml\n"))
    #expect(out.contains("\nname: \"西和县（陇南市，甘肃省）\"\n"))
    #expect(out.contains("  codes: [\"621225\", \"622627\", \"622527\"]\n"))
    #expect(out.contains("  child_age_limit: 18\n"))  // inherited from the baseline
    #expect(out.contains("    \"暂停\": inactive\n"))  // the county's word
    #expect(out.contains("    \"停保\": inactive\n"))  // the baseline's words
  }

  @Test func theEffectiveRulesAreThemselvesAValidRulesFile() throws {
    let first = try BuiltBinary.run(
      ["rules", "check", "Rules/xihe-county.yml"], currentDirectory: RepoPaths.root)
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try first.stdout.write(to: dir.file("effective.yml"))
    let second = try BuiltBinary.run(["rules", "check", dir.file("effective.yml").path])
    #expect(second.status == 0)
    let body = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("#") } }
    #expect(body(second.stdoutText) == body(first.stdoutText))
  }

  @Test func aBrokenFileFailsWithFileLineAndKey() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let baseline = RepoPaths.path("Rules/baseline.yml").path
    try Data("extends: \(baseline)\neligibility:\n  child_age_limit: eighteen\n".utf8)
      .write(to: dir.file("broken.yml"))
    let result = try BuiltBinary.run(["rules", "check", "broken.yml"], currentDirectory: dir.url)
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderrText
        == "error: broken.yml:3: eligibility.child_age_limit: expected an integer, found \"eighteen\"\n"
    )
  }

  @Test func aMissingFileFails() throws {
    let result = try BuiltBinary.run(
      ["rules", "check", "no-such-rules.yml"], currentDirectory: RepoPaths.root)
    #expect(result.status == 1)
    #expect(
      result.stderrText.contains("no-such-rules.yml: cannot read the rules file: no such file"))
  }
}
