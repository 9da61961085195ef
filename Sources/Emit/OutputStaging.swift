#if canImport(Glibc)
  import Glibc
#endif
import Foundation

/// The output folder of one run (§6 of the data contract).
///
/// Every file is first written into a private staging folder inside the output folder; only
/// when all of them are complete does ``commit()`` move them into place, one atomic rename
/// each, and remove the files of an earlier run that this run does not produce. A run that
/// fails leaves the folder as it was. A folder holding anything other than rostercheck's own
/// outputs is refused, so a run never mixes with unrelated files.
///
/// ```swift
/// let out = try OutputStaging(directory: "out/xihe")
/// try AtomicFileWriter.write("{}", to: out.path(for: "summary.json"))
/// try out.commit()
/// ```
public final class OutputStaging {
  /// Every file a run may write. Anything else in the folder makes the run refuse it.
  public static let outputNames: Set<String> = [
    "pairing-roster.csv", "ledger.csv", "findings.csv", "duplicates.csv", "summary.json",
    "report.html", "discrepancies.csv",
  ]

  public let directory: URL
  public let staging: URL
  private var staged: Set<String> = []
  private var committed = false

  public init(directory: String) throws {
    let fm = FileManager.default
    self.directory = URL(fileURLWithPath: directory)
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: directory, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw OutputError(
          path: directory, problem: "is a file, not a folder",
          advice: "Give --out a folder path.")
      }
      let foreign = try fm.contentsOfDirectory(atPath: directory).filter {
        !OutputStaging.outputNames.contains($0) && !$0.hasPrefix(".rostercheck-staging-")
      }
      if !foreign.isEmpty {
        throw OutputError(
          path: directory,
          problem: "the folder holds files that are not rostercheck outputs ("
            + foreign.sorted().prefix(5).joined(separator: ", ") + ")",
          advice: "Choose an empty folder or a folder of an earlier run; nothing was written.")
      }
    } else {
      do {
        try fm.createDirectory(
          atPath: directory, withIntermediateDirectories: true,
          attributes: [.posixPermissions: 0o700])
      } catch {
        throw OutputError(
          path: directory, problem: "cannot create the folder (\(error.localizedDescription))",
          advice: "Check the path and permissions.")
      }
    }
    staging = self.directory.appendingPathComponent(".rostercheck-staging-\(getpid())")
    try? fm.removeItem(at: staging)
    do {
      try fm.createDirectory(
        at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    } catch {
      throw OutputError(
        path: staging.path, problem: "cannot create the staging folder",
        advice: "Check that the output folder is writable.")
    }
  }

  deinit {
    if !committed { try? FileManager.default.removeItem(at: staging) }
  }

  /// Where to write output `name` (one of ``outputNames``) during the run.
  public func path(for name: String) -> String {
    precondition(OutputStaging.outputNames.contains(name), "unknown output \(name)")
    staged.insert(name)
    return staging.appendingPathComponent(name).path
  }

  /// A scratch file inside the staging folder (removed with it).
  public func scratchPath(_ name: String) -> String {
    staging.appendingPathComponent("scratch-" + name).path
  }

  /// Moves every staged output into the output folder and removes outputs of an earlier run
  /// that this run did not write.
  public func commit() throws {
    let fm = FileManager.default
    for name in staged.sorted() {
      let from = staging.appendingPathComponent(name).path
      guard fm.fileExists(atPath: from) else {
        throw OutputError(
          path: from, problem: "the output was never completed",
          advice: "This is a bug in rostercheck; the earlier outputs were left untouched.")
      }
    }
    for name in staged.sorted() {
      let from = staging.appendingPathComponent(name).path
      let to = directory.appendingPathComponent(name).path
      if rename(from, to) != 0 { throw OutputError.system(to, "move the output into place") }
    }
    for name in OutputStaging.outputNames.subtracting(staged) {
      try? fm.removeItem(at: directory.appendingPathComponent(name))
    }
    try? fm.removeItem(at: staging)
    committed = true
  }
}
