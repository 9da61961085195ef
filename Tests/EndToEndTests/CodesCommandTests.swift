import Foundation
import Testing
import TestSupport

@Suite struct CodesCommandTests {
  @Test func printsTheCatalogAsCSV() throws {
    let result = try BuiltBinary.run(["codes"])
    #expect(result.status == 0)
    let lines = result.stdoutText.split(separator: "\n")
    #expect(lines.first == "code,stage,severity,effect,chinese,english,action")
    #expect(lines.contains { $0.hasPrefix("ID_CHECK_DIGIT,id,error,reject,") })
  }

  @Test func markdownIsTheCommittedDocumentation() throws {
    let result = try BuiltBinary.run(["codes", "--markdown"])
    let doc = try String(contentsOf: RepoPaths.path("docs/reason-codes.md"), encoding: .utf8)
    #expect(result.stdoutText == doc)
  }
}
