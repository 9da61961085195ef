import Emit
import Foundation
import Testing
import TestSupport

@Suite struct AtomicFileTests {
  @Test func writesOwnerOnlyFiles() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("a.csv").path
    try AtomicFileWriter.write("x\n", to: path)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! Int
    #expect(mode == 0o600)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "x\n")
  }

  /// Outputs are synced to disk before they are renamed into place; scratch files are not.
  @Test func durableWritersSyncAndScratchWritersDoNot() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let output = try AtomicFileWriter(path: dir.file("ledger.csv").path)
    let scratch = try AtomicFileWriter(path: dir.file("findings-0").path, durable: false)
    for writer in [output, scratch] {
      writer.write("a,b\n")
      try writer.commit()
      let mode = try FileManager.default.attributesOfItem(atPath: writer.path)[.posixPermissions] as! Int
      #expect(mode == 0o600)
      #expect(try String(contentsOfFile: writer.path, encoding: .utf8) == "a,b\n")
    }
    #expect(output.durable && output.synced)
    #expect(!scratch.durable && !scratch.synced)
  }

  @Test func anUncommittedWriterLeavesNoFileBehind() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("ledger.csv").path
    try AtomicFileWriter.write("previous run\n", to: path)
    do {
      let writer = try AtomicFileWriter(path: path)
      writer.write(String(repeating: "half a file\n", count: 200_000))
      // The run fails here: the writer is dropped without commit().
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous run\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["ledger.csv"])
  }

  @Test func largeWritesArriveIntact() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("big.csv").path
    let writer = try AtomicFileWriter(path: path)
    var expected = ""
    for i in 0..<100_000 {
      let line = "\(i),张三,\(i * 7)\n"
      writer.write(line)
      expected += line
    }
    try writer.commit()
    #expect(try String(contentsOfFile: path, encoding: .utf8) == expected)
  }

  @Test func csvOutputHasBOMAndQuoting() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let path = dir.file("f.csv").path
    let csv = try CSVOutput(path: path, header: ["a", "b"])
    csv.row(["x,y", "say \"hi\""])
    try csv.commit()
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(String(decoding: data.dropFirst(3), as: UTF8.self) == "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n")
  }
}

@Suite struct OutputStagingTests {
  @Test func refusesAFolderWithOtherFiles() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try "mine".write(to: dir.file("notes.txt"), atomically: true, encoding: .utf8)
    #expect(throws: OutputError.self) { try OutputStaging(directory: dir.url.path) }
    // Nothing was created.
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["notes.txt"])
  }

  @Test func replacesAnEarlierRunWholeFilesOnly() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try "old ledger".write(to: dir.file("ledger.csv"), atomically: true, encoding: .utf8)
    try "old discrepancies".write(to: dir.file("discrepancies.csv"), atomically: true, encoding: .utf8)
    let out = try OutputStaging(directory: dir.url.path)
    try AtomicFileWriter.write("new ledger", to: out.path(for: "ledger.csv"))
    // Before commit the earlier run is untouched.
    #expect(try String(contentsOf: dir.file("ledger.csv"), encoding: .utf8) == "old ledger")
    try out.commit()
    #expect(try String(contentsOf: dir.file("ledger.csv"), encoding: .utf8) == "new ledger")
    // An output this run did not produce is removed rather than left from the old run.
    #expect(!FileManager.default.fileExists(atPath: dir.file("discrepancies.csv").path))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["ledger.csv"])
  }

  @Test func aFailedRunLeavesTheFolderAsItWas() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    try "old ledger".write(to: dir.file("ledger.csv"), atomically: true, encoding: .utf8)
    do {
      let out = try OutputStaging(directory: dir.url.path)
      try AtomicFileWriter.write("new", to: out.path(for: "ledger.csv"))
      _ = out.path(for: "summary.json")  // never written: the run fails before it
      #expect(throws: OutputError.self) { try out.commit() }
    }
    #expect(try String(contentsOf: dir.file("ledger.csv"), encoding: .utf8) == "old ledger")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.url.path) == ["ledger.csv"])
  }

  @Test func createsTheFolderOwnerOnly() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let out = dir.file("new/run").path
    let staging = try OutputStaging(directory: out)
    try staging.commit()
    let mode = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as! Int
    #expect(mode == 0o700)
  }
}
