import RosterCore
import Testing

@testable import Pipeline

/// Records moved between runs and into arrays keep their order and contents; each is owned
/// once (a record freed twice would crash these tests; its strings are on the heap).
@Suite struct RecordRunTests {
  /// A record whose strings live on the heap (longer than a small string's 15 bytes).
  static func record(_ i: Int) -> VerifiedRecord {
    var s = SubjectRecord(
      provenance: Provenance(source: .civilAffairs, file: "roster-\(i % 3)-with-a-long-name.csv", line: i + 2))
    s.name = "姓名很长的一位老人第\(i)号"
    s.village = "一个名字相当长的行政村\(i % 7)"
    return VerifiedRecord(s)
  }

  @Test func appendGrowShrinkAndRead() {
    let run = RecordRun()
    for i in 0..<5_000 { run.append(Self.record(i)) }
    #expect(run.count == 5_000)
    #expect(run.capacity >= 5_000)
    run.shrinkToFit()
    #expect(run.capacity == 5_000)
    for i in [0, 1, 1_023, 1_024, 4_999] { #expect(run[i] == Self.record(i)) }
  }

  @Test func movingKeepsOrderAndEmptiesTheSource() {
    let a = RecordRun(reserving: 10)
    let b = RecordRun()
    for i in 0..<3_000 { a.append(Self.record(i)) }
    for i in 3_000..<3_500 { b.append(Self.record(i)) }
    let kept = a[17]  // a copy that must outlive the move
    b.move(to: a)
    #expect(b.count == 0 && b.capacity == 0)
    #expect(a.count == 3_500)
    let array = a.movedIntoArray(reservingExtra: 100)
    #expect(a.count == 0 && a.capacity == 0)
    #expect(array.count == 3_500)
    #expect(array.capacity >= 3_600)
    #expect(array == (0..<3_500).map(Self.record))
    #expect(kept == Self.record(17))
  }

  @Test func movingIntoRoomAtAnOffset() {
    let run = RecordRun()
    for i in 0..<100 { run.append(Self.record(i)) }
    let all = [VerifiedRecord](unsafeUninitializedCapacity: 150) { buffer, n in
      buffer.baseAddress!.initialize(to: Self.record(-1))
      n = 1 + run.move(to: buffer.baseAddress! + 1)
    }
    #expect(all == [Self.record(-1)] + (0..<100).map(Self.record))
    #expect(run.count == 0)
    #expect(RecordRun().movedIntoArray().isEmpty)
  }
}
