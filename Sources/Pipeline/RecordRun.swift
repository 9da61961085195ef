#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import RosterCore

/// Verified records in one block of memory, handed on by moving them, not copying them.
///
/// Copying a ``VerifiedRecord`` retains each of its strings, and freeing the array it was
/// copied from releases them again. A province's six million records went through two such
/// copies between the thread that verified them and the run's array, the second one on a
/// single thread after every file was read. A run grows with `realloc` (a Swift value may be
/// moved bit for bit) and gives its records away with ``move(to:)`` or ``movedIntoArray(reservingExtra:)``.
///
/// ```swift
/// let run = RecordRun(reserving: 1024)
/// run.append(VerifiedRecord(subject))
/// let records = run.movedIntoArray(reservingExtra: 10)  // the run is empty afterwards
/// ```
final class RecordRun: @unchecked Sendable {
  private(set) var count = 0
  private(set) var capacity = 0
  private var base: UnsafeMutablePointer<VerifiedRecord>?

  init(reserving n: Int = 0) {
    if n > 0 { resize(to: n) }
  }

  deinit {
    base?.deinitialize(count: count)
    free(base)
  }

  subscript(i: Int) -> VerifiedRecord {
    precondition(i >= 0 && i < count, "record \(i) of \(count)")
    return base![i]
  }

  func append(_ record: consuming VerifiedRecord) {
    if count == capacity { resize(to: max(1024, 2 * capacity)) }
    (base! + count).initialize(to: record)
    count += 1
  }

  /// Makes room for `n` records in all.
  func reserve(_ n: Int) {
    if n > capacity { resize(to: n) }
  }

  /// Gives back the room beyond `count`.
  func shrinkToFit() {
    if capacity > count { resize(to: count) }
  }

  /// Moves the records to the end of `other`; this run is empty and holds no memory afterwards.
  func move(to other: RecordRun) {
    guard count > 0 else { return }
    other.reserve(other.count + count)
    other.count += move(to: other.base! + other.count)
  }

  /// Moves the records to `target` (uninitialized room for ``count`` records) and returns how
  /// many; this run is empty and holds no memory afterwards.
  func move(to target: UnsafeMutablePointer<VerifiedRecord>) -> Int {
    let n = count
    if n > 0 { target.moveInitialize(from: base!, count: n) }
    count = 0
    resize(to: 0)
    return n
  }

  /// The records as an array with room for `extra` more; the run is empty afterwards.
  func movedIntoArray(reservingExtra extra: Int = 0) -> [VerifiedRecord] {
    [VerifiedRecord](unsafeUninitializedCapacity: count + extra) { buffer, initialized in
      // (An empty run with no extra room has no buffer to move into.)
      initialized = count == 0 ? 0 : move(to: buffer.baseAddress!)
    }
  }

  private func resize(to n: Int) {
    precondition(n >= count)
    if n == 0 {
      free(base)
      base = nil
      capacity = 0
      return
    }
    guard let raw = realloc(base, n * MemoryLayout<VerifiedRecord>.stride) else {
      fatalError("out of memory for \(n) records")
    }
    base = raw.bindMemory(to: VerifiedRecord.self, capacity: n)
    capacity = n
  }
}
