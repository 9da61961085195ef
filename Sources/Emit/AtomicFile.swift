#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import RosterCore

/// An error writing an output file, naming the file and what to do.
public struct OutputError: Error, CustomStringConvertible, Sendable {
  public var path: String
  public var problem: String
  public var advice: String

  public init(path: String, problem: String, advice: String) {
    self.path = path
    self.problem = problem
    self.advice = advice
  }

  public var description: String { "\(path): \(problem). \(advice)" }

  static func system(_ path: String, _ action: String) -> OutputError {
    let reason = String(cString: strerror(errno))
    return OutputError(
      path: path, problem: "cannot \(action): \(reason)",
      advice: "Check that the output folder exists, is writable and has free space.")
  }
}

/// Writes a file atomically and privately: bytes go to a temporary file beside the target
/// (created with mode 0600), are flushed to disk, and the temporary file is renamed over the
/// target only by ``commit()``. A writer that is dropped without `commit()` removes its
/// temporary file, so a failed run never leaves half a file behind.
///
/// A scratch file read back within the run (`durable: false`) is not synced to disk.
///
/// ```swift
/// let file = try AtomicFileWriter(path: "out/ledger.csv")
/// file.write("a,b\n")
/// try file.commit()
/// ```
public final class AtomicFileWriter {
  public let path: String
  public let temporaryPath: String
  private var fd: Int32
  @exclusivity(unchecked) private var buffer: [UInt8] = []
  private var committed = false
  private static let bufferSize = 1 << 20
  /// Whether `commit()` syncs the file to disk (outputs) or not (scratch files).
  public let durable: Bool
  /// True once `commit()` has synced the file.
  public private(set) var synced = false

  /// A writer for `path`; `durable: false` for scratch files that need no sync to disk.
  public init(path: String, durable: Bool = true) throws {
    self.path = path
    self.durable = durable
    temporaryPath = path + ".tmp-\(getpid())"
    fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    if fd < 0 { throw OutputError.system(temporaryPath, "create") }
    // The umask cannot widen 0600, but a pre-existing file could be wider: set it explicitly.
    fchmod(fd, 0o600)
    buffer.reserveCapacity(AtomicFileWriter.bufferSize)
  }

  deinit {
    if !committed {
      if fd >= 0 { close(fd) }
      unlink(temporaryPath)
    }
  }

  public func write(_ text: String) {
    var text = text
    text.withUTF8 { write(bytes: $0) }
  }

  public func write(bytes: UnsafeBufferPointer<UInt8>) {
    if buffer.count + bytes.count > AtomicFileWriter.bufferSize { try? flushBuffer() }
    if bytes.count > AtomicFileWriter.bufferSize {
      writeFully(UnsafeRawBufferPointer(bytes))
    } else {
      buffer.append(contentsOf: bytes)
    }
  }

  public func write(bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write(bytes: $0) } }

  @inline(__always) public func write(byte: UInt8) {
    if buffer.count >= AtomicFileWriter.bufferSize { try? flushBuffer() }
    buffer.append(byte)
  }

  /// Writes `value` in decimal.
  public func write(decimal value: Int) {
    var v = value
    if v < 0 {
      write(byte: 0x2D)
      v = -v
    }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = 0
    withUnsafeMutableBytes(of: &digits) { d in
      repeat {
        d[n] = 0x30 + UInt8(v % 10)
        v /= 10
        n += 1
      } while v > 0
      for i in stride(from: n - 1, through: 0, by: -1) { write(byte: d[i]) }
    }
  }

  /// Writes bytes as one CSV field, quoting them when needed.
  public func write(csvFieldBytes bytes: UnsafeBufferPointer<UInt8>) {
    var needsQuotes = false
    for b in bytes where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
      needsQuotes = true
      break
    }
    if !needsQuotes {
      write(bytes: bytes)
      return
    }
    write(byte: 0x22)
    for b in bytes {
      if b == 0x22 { write(byte: 0x22) }
      write(byte: b)
    }
    write(byte: 0x22)
  }

  /// Writes `text` as one CSV field: as is, or quoted with inner quotes doubled when it holds
  /// a comma, a quote, CR or LF (RFC 4180).
  public func write(csvField text: String) {
    var text = text
    text.withUTF8 { write(csvFieldBytes: $0) }
  }

  private var failed: OutputError?

  private func flushBuffer() throws {
    buffer.withUnsafeBytes { writeFully($0) }
    buffer.removeAll(keepingCapacity: true)
    if let failed { throw failed }
  }

  private func writeFully(_ bytes: UnsafeRawBufferPointer) {
    guard failed == nil, var p = bytes.baseAddress else { return }
    var remaining = bytes.count
    while remaining > 0 {
      let n = systemWrite(fd, p, remaining)
      if n < 0 {
        if errno == EINTR { continue }
        failed = OutputError.system(temporaryPath, "write")
        return
      }
      remaining -= n
      p += n
    }
  }

  /// Flushes, syncs and renames the temporary file over `path`.
  public func commit() throws {
    try flushBuffer()
    buffer = []  // Committed writers may be kept (finding spools are): not their 1 MiB buffer.
    if durable {
      if fsync(fd) != 0 { throw OutputError.system(temporaryPath, "flush to disk") }
      synced = true
    }
    close(fd)
    fd = -1
    if rename(temporaryPath, path) != 0 { throw OutputError.system(path, "rename into place") }
    committed = true
  }

  /// A writer that only collects bytes in memory (``bufferedBytes``), for formatting.
  public static func memory() -> AtomicFileWriter { AtomicFileWriter(memoryOnly: ()) }

  /// `text` as one CSV field (see ``write(csvField:)``), for a value written on many rows.
  ///
  /// ```swift
  /// AtomicFileWriter.csvFieldBytes("a,b")  // Array("\"a,b\"".utf8)
  /// ```
  public static func csvFieldBytes(_ text: String) -> [UInt8] {
    let probe = memory()
    probe.buffer.reserveCapacity(text.utf8.count + 8)
    probe.write(csvField: text)
    return probe.bufferedBytes
  }

  private init(memoryOnly: Void) {
    durable = false
    path = ""
    temporaryPath = ""
    fd = -1
    committed = true
  }

  /// The bytes written and not yet flushed.
  public var bufferedBytes: [UInt8] { buffer }

  /// Writes `text` to `path` atomically with mode 0600.
  public static func write(_ text: String, to path: String) throws {
    let file = try AtomicFileWriter(path: path)
    file.write(text)
    try file.commit()
  }
}

#if canImport(Glibc)
  private let systemWrite = Glibc.write
#elseif canImport(Darwin)
  private let systemWrite = Darwin.write
#endif
