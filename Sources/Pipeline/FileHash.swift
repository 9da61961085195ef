#if canImport(Glibc)
  import Glibc
#endif
internal import CFileHash
import Dispatch

/// Content hashes of input files, recorded in the run store.
///
/// OpenSSL's SHA-256 (libcrypto) uses the processor's SHA instructions: a province's 1.4 GB of
/// rosters hash in about a second, where the portable `SHA256` of RosterCore takes ten.
///
/// ```swift
/// let hashes = try FileHash.sha256(paths: ["civil.csv", "cjr.xml"])   // in the given order
/// let later = BackgroundFileHashes(paths: ["civil.csv"])              // … try later.result()
/// ```
enum FileHash {
  /// SHA-256 of a file's bytes as 64 hexadecimal digits.
  static func sha256(path: String) throws -> String {
    var digest = [UInt8](repeating: 0, count: 32)
    let status = rostercheck_sha256_file(path, &digest)
    guard status == 0 else {
      if status > 0 {
        throw RunError("\(path): cannot read the file to hash it: \(String(cString: strerror(status)))")
      }
      throw RunError("\(path): SHA-256 failed in OpenSSL (libcrypto); check the libssl3 installation")
    }
    let digits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    hex.reserveCapacity(64)
    for byte in digest {
      hex.append(digits[Int(byte >> 4)])
      hex.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: hex, as: UTF8.self)
  }

  /// The hashes of several files, in the order given.
  static func sha256(paths: [String]) throws -> [String] {
    try paths.map { try sha256(path: $0) }
  }
}

/// Hashes files on a background thread while the caller goes on (the pipeline hashes the
/// inputs for the run store while it deduplicates, which keeps one core busy);
/// ``result()`` waits for the hashes.
final class BackgroundFileHashes: @unchecked Sendable {
  private let done = DispatchGroup()
  /// Written once by the background thread before `done` is left; read after waiting.
  private var outcome: Result<[String], any Error> = .success([])

  init(paths: [String]) {
    done.enter()
    DispatchQueue.global(qos: .userInitiated).async { [self] in
      outcome = Result { try FileHash.sha256(paths: paths) }
      done.leave()
    }
  }

  /// The hashes in the order of the paths, or the first error.
  func result() throws -> [String] {
    done.wait()
    return try outcome.get()
  }
}
