#if canImport(Glibc)
  import Glibc
#endif
import CLibCrypto
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
  /// SHA-256 of a file's bytes as 64 hexadecimal digits, read in 4 MiB chunks.
  static func sha256(path: String) throws -> String {
    guard let file = fopen(path, "rb") else {
      throw RunError("\(path): cannot read the file to hash it: \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    guard let context = EVP_MD_CTX_new() else { throw RunError("\(path): cannot start SHA-256 (OpenSSL)") }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
      throw RunError("\(path): cannot start SHA-256 (OpenSSL)")
    }
    let size = 4 << 20
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
    defer { buffer.deallocate() }
    while true {
      let n = fread(buffer.baseAddress, 1, size, file)
      if n > 0 { EVP_DigestUpdate(context, buffer.baseAddress, n) }
      if n < size {
        if ferror(file) != 0 { throw RunError("\(path): read error while hashing") }
        break
      }
    }
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    guard EVP_DigestFinal_ex(context, &digest, &length) == 1, length == 32 else {
      throw RunError("\(path): cannot finish SHA-256 (OpenSSL)")
    }
    let digits = Array("0123456789abcdef".utf8)
    var hex: [UInt8] = []
    hex.reserveCapacity(64)
    for byte in digest.prefix(32) {
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
