#if canImport(Glibc)
  import Glibc
#endif
import RosterCore

/// Content hashes of input files, recorded in the run store.
enum FileHash {
  /// SHA-256 of a file's bytes as 64 hexadecimal digits, read in 4 MiB chunks.
  static func sha256(path: String) throws -> String {
    guard let file = fopen(path, "rb") else {
      throw RunError("\(path): cannot read the file to hash it: \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var hasher = SHA256()
    let size = 4 << 20
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
    defer { buffer.deallocate() }
    while true {
      let n = fread(buffer.baseAddress, 1, size, file)
      if n > 0 { hasher.update(bytes: UnsafeRawBufferPointer(rebasing: buffer[0..<n])) }
      if n < size {
        if ferror(file) != 0 { throw RunError("\(path): read error while hashing") }
        break
      }
    }
    return hasher.finalizeHex()
  }
}
