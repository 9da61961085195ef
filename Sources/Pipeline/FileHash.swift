#if canImport(Glibc)
  import Glibc
#endif
import Dispatch
import RosterCore

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
    let failed = RunError("\(path): SHA-256 failed in OpenSSL (libcrypto); check the libssl3 installation")
    guard let context = evpNewContext() else { throw failed }
    defer { evpFreeContext(context) }
    guard evpDigestInit(context, evpSHA256(), nil) == 1 else { throw failed }
    let size = 4 << 20
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
    defer { buffer.deallocate() }
    while true {
      let n = fread(buffer.baseAddress, 1, size, file)
      if n > 0, evpDigestUpdate(context, buffer.baseAddress, n) != 1 { throw failed }
      if n < size {
        if ferror(file) != 0 { throw RunError("\(path): read error while hashing") }
        break
      }
    }
    var digest = [UInt8](repeating: 0, count: 64)  // EVP_MAX_MD_SIZE
    var length: UInt32 = 0
    guard evpDigestFinal(context, &digest, &length) == 1, length == 32 else { throw failed }
    return SHA256.hexString(Array(digest.prefix(32)))
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

// The six functions of OpenSSL's EVP digest interface that `FileHash` uses (libcrypto is
// linked by the Pipeline target). Declared here rather than imported through a C module:
// a C module among Pipeline's dependencies made clean builds fail on ICU's `UErrorCode`, which
// libxml2's headers (through Ingest) and Foundation define differently. The signatures are
// OpenSSL 3's (`<openssl/evp.h>`): pointers, a size and C `int` results.
@_silgen_name("EVP_MD_CTX_new")
private func evpNewContext() -> OpaquePointer?
@_silgen_name("EVP_MD_CTX_free")
private func evpFreeContext(_ context: OpaquePointer?)
@_silgen_name("EVP_sha256")
private func evpSHA256() -> OpaquePointer?
@_silgen_name("EVP_DigestInit_ex")
private func evpDigestInit(_ context: OpaquePointer?, _ type: OpaquePointer?, _ engine: OpaquePointer?) -> Int32
@_silgen_name("EVP_DigestUpdate")
private func evpDigestUpdate(_ context: OpaquePointer?, _ data: UnsafeRawPointer?, _ count: Int) -> Int32
@_silgen_name("EVP_DigestFinal_ex")
private func evpDigestFinal(
  _ context: OpaquePointer?, _ digest: UnsafeMutablePointer<UInt8>?, _ length: UnsafeMutablePointer<UInt32>?
) -> Int32
