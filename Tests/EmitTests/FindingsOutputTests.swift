import Deduplicate
import Emit
import Foundation
import RosterCore
import Testing
import TestSupport

@Suite struct FindingsOutputTests {
  /// A spool is scratch, read back into findings.csv within the run: it is not synced to disk.
  @Test func spoolsAreScratch() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let spool = try FindingSpool(file: "a.csv", path: dir.file("a.spool").path)
    #expect(!spool.isDurable)
    try spool.close()
  }

  @Test func mergesSpooledAndAddedFindingsByFileAndLine() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let a = try FindingSpool(file: "a.csv", path: dir.file("a.spool").path)
    a.append(line: 2, findings: [Finding(.idNormalized, field: .idNumber, message: "full-width")])
    a.append(line: 5, findings: [Finding(.childAgedOut, message: "age 18\ton\n2026")])
    try a.close()
    let b = try FindingSpool(file: "b.xml", path: dir.file("b.spool").path)
    b.append(line: 3, findings: [Finding(.sexMismatch, field: .sex)])
    try b.close()
    let added: [(Provenance, Finding)] = [
      (Provenance(source: .disability, file: "b.xml", line: 9), Finding(.dupCrossSource)),
      (Provenance(source: .civilAffairs, file: "a.csv", line: 3), Finding(.dupSameSource)),
      (Provenance(source: .civilAffairs, file: "a.csv", line: 7), Finding(.householdMember)),
    ]
    let path = dir.file("findings.csv").path
    let rows = try FindingsOutput.write(spools: [a, b], added: added, to: path)
    #expect(rows == 6)
    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)).dropFirst(3), as: UTF8.self)
    #expect(text == """
      file,line,code,severity,field,message\r
      a.csv,2,ID_NORMALIZED,info,id_number,full-width\r
      a.csv,3,DUP_SAME_SOURCE,info,,\r
      a.csv,5,CHILD_AGED_OUT,warning,,age 18 on 2026\r
      a.csv,7,HOUSEHOLD_MEMBER,info,,\r
      b.xml,3,SEX_MISMATCH,warning,sex,\r
      b.xml,9,DUP_CROSS_SOURCE,info,,\r

      """)
  }

  /// File-level findings (any order) come before added ones of their line, after the
  /// spooled ones; added findings of one record keep their order; messages are put on one
  /// line and quoted only when needed.
  @Test func mergesFileLevelFindingsAndFindingsAddedByRecordIndex() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let a = try FindingSpool(file: "a,1.csv", path: dir.file("a.spool").path)
    a.append(line: 4, findings: [Finding(.idNormalized, field: .idNumber, message: "plain")])
    try a.close()
    a.appendFileLevel(LocatedFinding(Finding(.fileUnknownColumn, message: "column 备注"),
                                     at: Provenance(source: .civilAffairs, file: "a,1.csv", line: 9)))
    a.appendFileLevel(LocatedFinding(Finding(.fileUnknownColumn, message: "column \"x\""),
                                     at: Provenance(source: .civilAffairs, file: "a,1.csv", line: 1)))
    let provenance = [
      Provenance(source: .civilAffairs, file: "a,1.csv", line: 9),
      Provenance(source: .civilAffairs, file: "a,1.csv", line: 4),
    ]
    let added: AddedFindings = [
      (0, Finding(.dupSameSource, message: "one, two")),
      (1, Finding(.householdMember, message: "first\r\nsecond")),
      (0, Finding(.notPairingCategory)),
    ]
    let path = dir.file("findings.csv").path
    let rows = try FindingsOutput.write(spools: [a], added: added, provenance: { provenance[$0] }, to: path)
    #expect(rows == 6)
    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)).dropFirst(3), as: UTF8.self)
    #expect(text == """
      file,line,code,severity,field,message\r
      "a,1.csv",1,FILE_UNKNOWN_COLUMN,info,,"column ""x""\"\r
      "a,1.csv",4,ID_NORMALIZED,info,id_number,plain\r
      "a,1.csv",4,HOUSEHOLD_MEMBER,info,,first second\r
      "a,1.csv",9,FILE_UNKNOWN_COLUMN,info,,column 备注\r
      "a,1.csv",9,DUP_SAME_SOURCE,info,,"one, two"\r
      "a,1.csv",9,NOT_PAIRING_CATEGORY,info,,\r

      """)
  }

  @Test func spoolCountsAndSamplesWithMaskedIDs() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let spool = try FindingSpool(file: "a.csv", path: dir.file("a.spool").path)
    for line in 2..<40 {
      spool.append(line: line, findings: [Finding(.idCheckDigit)], name: "张三", id: "62122520080101002X")
    }
    spool.append(line: 41, findings: [Finding(.idNormalized)])
    try spool.close()
    #expect(spool.counts[.idCheckDigit] == 38)
    #expect(spool.samples[.idCheckDigit]?.count == FindingSpool.samplesPerCode)
    #expect(spool.samples[.idCheckDigit]?.first?.id == "621225********002X")
    #expect(spool.samples[.idNormalized] == nil, "info findings are not sampled")
  }
}
