import Foundation
import RosterCore

/// Paths of the repository, found from this source file so tests run from any directory.
public enum RepoPaths {
  /// The repository root (the folder holding `Package.swift`).
  public static let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    // Tests/TestSupport/TestSupport.swift → repository root
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url
  }()

  /// `Tests/<target>/Fixtures/<name>`.
  public static func fixture(_ name: String, in target: String) -> URL {
    root.appendingPathComponent("Tests").appendingPathComponent(target)
      .appendingPathComponent("Fixtures").appendingPathComponent(name)
  }

  /// A path under the repository root, e.g. `Rules/baseline.yml`.
  public static func path(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}

/// A fresh temporary directory, removed by `remove()`.
public struct TemporaryDirectory: Sendable {
  public let url: URL

  public init(_ label: String = "rostercheck-test") throws {
    let base = URL(fileURLWithPath: NSTemporaryDirectory())
    url = base.appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

  public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs the built `rostercheck` executable, the way a user does.
public enum BuiltBinary {
  /// The products directory that holds the test runner and the built executable.
  public static var productsDirectory: URL {
    let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return exe.deletingLastPathComponent()
  }

  public static var rostercheck: URL { productsDirectory.appendingPathComponent("rostercheck") }

  public struct Result: Sendable {
    public var status: Int32
    public var stdout: Data
    public var stderr: Data
    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
  }

  /// Runs `rostercheck arguments…` with `stdin` as its standard input.
  public static func run(
    _ arguments: [String], stdin: Data? = nil, currentDirectory: URL? = nil,
    environment: [String: String]? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = rostercheck
    process.arguments = arguments
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    if let environment { process.environment = environment }
    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    try process.run()
    // Read both pipes concurrently so a large output cannot deadlock the child.
    nonisolated(unsafe) var errData = Data()
    let errReader = Thread { errData = errPipe.fileHandleForReading.readDataToEndOfFile() }
    errReader.start()
    if let stdin { inPipe.fileHandleForWriting.write(stdin) }
    try? inPipe.fileHandleForWriting.close()
    let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errReader.isFinished { Thread.sleep(forTimeInterval: 0.001) }
    return Result(status: process.terminationStatus, stdout: outData, stderr: errData)
  }
}

/// Synthetic identity numbers for tests (never real people's).
public enum SyntheticID {
  static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

  /// The ISO 7064 MOD 11-2 check character of 17 digits.
  public static func checkCharacter(_ body17: String) -> Character {
    let digits = body17.compactMap { $0.wholeNumberValue }
    precondition(digits.count == 17, "need 17 digits")
    let sum = zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 }
    return Array("10X98765432")[sum % 11]
  }

  /// A valid 18-character ID: `region` (6 digits) + `birth` (YYYYMMDD) + `sequence` (3 digits).
  public static func make(region: String = "621225", birth: String, sequence: String) -> String {
    let body = region + birth + sequence
    return body + String(checkCharacter(body))
  }
}

/// A small seeded generator (xorshift64) for tests that draw many values from one property-test
/// seed.
///
/// ```swift
/// var random = SeededRandom(seed)
/// let digit = random.next(below: 10)
/// ```
public struct SeededRandom: Sendable {
  private var state: UInt64

  /// Any seed; 0 is made odd (xorshift never leaves zero).
  public init(_ seed: Int) { state = UInt64(truncatingIfNeeded: seed) | 1 }

  /// The next raw 64 bits.
  public mutating func next() -> UInt64 {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return state
  }

  /// A number in `0..<bound`.
  public mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
