import Foundation
import RosterCore
import TestSupport
import Testing

@testable import Pipeline

/// Input-file hashes (OpenSSL) agree with the portable SHA-256 and with the standard's vectors.
@Suite struct FileHashTests {
  @Test func knownVectors() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let empty = dir.file("empty.csv")
    let abc = dir.file("abc.csv")
    try Data().write(to: empty)
    try Data("abc".utf8).write(to: abc)
    #expect(
      try FileHash.sha256(path: empty.path)
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      try FileHash.sha256(path: abc.path)
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  /// A file larger than one 4 MiB read, and files of odd lengths (byte i = i mod 251; the
  /// expected digests are Python hashlib's); several files keep their order.
  @Test func largeFilesAndOrder() throws {
    let dir = try TemporaryDirectory()
    defer { dir.remove() }
    let cases: [(Int, String)] = [
      ((4 << 20) + 13, "a935a78202fd0bb39f037e13b3304b3c75ec156f8e7d0e04661c3464a3f755c6"),
      (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
      (1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    ]
    var paths: [String] = []
    for (i, (size, _)) in cases.enumerated() {
      var bytes = [UInt8](repeating: 0, count: size)
      for j in 0..<size { bytes[j] = UInt8(j % 251) }
      let url = dir.file("f\(i).bin")
      try Data(bytes).write(to: url)
      paths.append(url.path)
    }
    #expect(try FileHash.sha256(paths: paths) == cases.map(\.1))
    #expect(try FileHash.sha256(path: paths[1]) == SHA256.hex((0..<65).map { UInt8($0 % 251) }))
  }

  @Test func aMissingFileIsNamed() throws {
    #expect {
      _ = try FileHash.sha256(paths: ["/nonexistent/roster.csv"])
    } throws: { error in
      "\(error)".contains("/nonexistent/roster.csv") && "\(error)".contains("cannot read")
    }
  }
}
