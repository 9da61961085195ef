import RosterCore
import Testing

@Suite struct SHA256Tests {
  @Test(arguments: [
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    (
      "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    (
      String(repeating: "a", count: 1000),
      "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
    ),
  ])
  func knownVectors(input: String, expected: String) {
    #expect(SHA256.hex(Array(input.utf8)) == expected)
  }

  @Test func everyByteValueAcrossBlockBoundaries() {
    let bytes = (0..<3).flatMap { _ in (0...255).map { UInt8($0) } }
    #expect(SHA256.hex(bytes) == "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363")
  }

  @Test func incrementalUpdatesEqualOneShot() {
    let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    for split in [0, 1, 55, 56, 63, 64, 65, 128, 299, 300] {
      var h = SHA256()
      h.update(bytes[..<split])
      h.update(bytes[split...])
      #expect(h.finalize() == SHA256.digest(bytes), "split at \(split)")
    }
  }
}
