import CSIMD
@testable import Ingest
import PropertyBased
import Testing

/// The C kernels of `CSIMD` against plain Swift, at every level this processor has: the row
/// scan (separators up to the newline,
/// stopping at a quote mark) at every length around the 16- and 32-byte blocks, with a small
/// separator buffer so that its refill path runs too.
@Suite struct SIMDKernelTests {
  static let byte = Gen<UInt8?>.element(of: [0x2C, 0x2C, 0x0A, 0x22, 0x41, 0x41, 0x41, 0xE4, 0xB8, 0x09, 0x0D]).map { $0! }

  /// What `rostercheck_scan_row` must return: the separators before the first newline or
  /// quote mark (at most `cap`), and the newline's offset when it comes first.
  static func reference(_ b: [UInt8], sep: UInt8, cap: Int) -> (newline: Int, seps: [Int32]) {
    var seps: [Int32] = []
    for (i, c) in b.enumerated() {
      if c == sep {
        if seps.count == cap { return (-1, seps) }
        seps.append(Int32(i))
      } else if c == 0x0A {
        return (i, seps)
      } else if c == 0x22 {
        return (-1, seps)
      }
    }
    return (-1, seps)
  }

  @Test func rowScanAgreesWithPlainSwift() async {
    await propertyCheck(count: 3000, input: Self.byte.array(of: 0...160), Gen.int(in: 0...3)) { bytes, variant in
      let sep: UInt8 = variant & 1 == 0 ? 0x2C : 0x09
      let cap = variant & 2 == 0 ? 256 : 3
      let expected = Self.reference(bytes, sep: sep, cap: cap)
      for level in 0...rostercheck_simd_level() {
        var seps = [Int32](repeating: -1, count: cap)
        var count: Int32 = 0
        let newline = bytes.withUnsafeBufferPointer { b in
          seps.withUnsafeMutableBufferPointer { s in
            rostercheck_scan_row_at(
              b.baseAddress ?? UnsafePointer(bitPattern: 1)!, b.count, sep, 0x0A, s.baseAddress!,
              Int32(cap), &count, level)
          }
        }
        #expect(newline == expected.newline, "level \(level): \(bytes)")
        #expect(Array(seps.prefix(Int(count))) == expected.seps, "level \(level): \(bytes)")
      }
    }
  }

  /// Every UTF-8 kernel this processor has (SSSE3, AVX2) against the standard library, on the
  /// pieces of `UTF8ValidationTests` (every kind of sequence, valid and broken, at every offset).
  @Test func everyUTF8KernelAgreesWithTheStandardLibrary() async {
    await propertyCheck(count: 2000, input: UTF8ValidationTests.input) { picks in
      let bytes = picks.flatMap { UTF8ValidationTests.pieces[$0] }
      let expected: Int32 = String(validating: bytes, as: UTF8.self) != nil ? 1 : 0
      for level in 1...max(1, rostercheck_simd_level()) where level <= rostercheck_simd_level() {
        let got = bytes.withUnsafeBufferPointer {
          rostercheck_utf8_valid_at($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count, Int32(level))
        }
        #expect(got == expected, "level \(level): \(bytes.map { String($0, radix: 16) })")
      }
    }
  }

  /// On x86-64 the processors this runs on have at least SSSE3; the level says which kernel
  /// the numbers above came from.
  @Test func aVectorKernelIsInUseOnX86() {
    #if arch(x86_64)
      #expect(rostercheck_simd_level() >= 1)
      let row = Array("陈静,621225194701152035,男".utf8)
      #expect(row.withUnsafeBufferPointer { rostercheck_utf8_valid($0.baseAddress!, $0.count) } == 1)
    #else
      #expect(rostercheck_utf8_valid([0x41], 1) == -1)
    #endif
  }
}
