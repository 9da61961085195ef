import RosterCore
import PropertyBased
import ResidentID
import Testing

/// What people type around an ID (§3.3, first row): removed silently, with an info finding.
@Suite struct NormalizationTests {
  static let clean = "11010519491231002X"

  @Test(arguments: [
    ("１１０１０５１９４９１２３１００２Ｘ", TypingArtefacts.fullWidth),
    ("１１０１０５１９４９１２３１００２ｘ", .fullWidth),
    ("11010519491231002x", .lowercase),
    (" 11010519491231002X ", .whitespace),
    ("110105 19491231 002X", .whitespace),
    ("\t11010519491231002X", .whitespace),
    ("110105-19491231-002X", .hyphens),
    ("110105－19491231－002X", .hyphens),
    ("'11010519491231002X", .apostrophe),
    ("’11010519491231002X", .apostrophe),
    ("=\"11010519491231002X\"", .excelFormula),
    ("\"11010519491231002X\"", .quotes),
    ("11010519491231002X\u{00A0}", .whitespace),
    ("\u{3000}11010519491231002X", .whitespace),
    ("\u{200B}11010519491231002X", .invisible),
    ("1101051949\u{200C}1231002X", .invisible),
    ("11010519491231002X\u{200D}", .invisible),
    ("\u{2060}11010519491231002X", .invisible),
    ("\u{FEFF}11010519491231002X", .invisible),
  ])
  func artefactIsRemoved(typed: String, artefact: TypingArtefacts) {
    let id = engine.parse(typed)
    #expect(id.normalized == NormalizationTests.clean)
    #expect(id.isValid)
    #expect(id.reasons == [.idNormalized])
    #expect(id.artefacts == artefact)
    #expect(id.input == typed)
    #expect(Reason.idNormalized.severity == .info)
  }

  /// Every combination of artefacts names each of them once, in a fixed order.
  @Test func summariesOfEveryCombination() {
    let names = [
      "full-width characters", "a lowercase letter", "spaces", "hyphens", "invisible characters",
      "a leading apostrophe", "an Excel =\"…\" wrapper", "quotes",
    ]
    for raw in 0..<256 {
      let expected = (0..<8).filter { raw & (1 << $0) != 0 }.map { names[$0] }.joined(separator: ", ")
      #expect(TypingArtefacts(rawValue: UInt16(raw)).summary == expected)
    }
  }

  @Test func severalArtefactsAtOnce() {
    let id = engine.parse(" '\u{200B}１１０１０５-1949 1231-００２ｘ\u{3000}")
    #expect(id.normalized == NormalizationTests.clean)
    #expect(id.reasons == [.idNormalized])
    #expect(id.artefacts == [.fullWidth, .hyphens, .whitespace, .invisible, .apostrophe])
    #expect(
      id.findings.first?.message.hasPrefix("removed or converted full-width characters") == true)
  }

  @Test func excelFormulaAroundALegacyID() {
    let id = engine.parse("=\"610104620927690\"")
    #expect(id.normalized == "610104196209276908")
    #expect(id.reasons == [.idNormalized, .idLegacy15])
  }

  @Test func cleanInputIsNotNormalized() {
    let id = engine.parse(NormalizationTests.clean)
    #expect(id.artefacts == [])
    #expect(id.reasons == [])
  }

  @Test func emptyAndBlankAreMissing() {
    for blank in ["", " ", "\u{3000}\u{00A0}", "=\"\"", "'"] {
      let id = engine.parse(blank)
      #expect(id.reasons == [.idMissing], "\(blank.unicodeScalars.map(\.value))")
      #expect(id.normalized == "")
      #expect(id.kind == nil)
    }
  }

  @Test func textThatIsNotAnID() {
    for text in ["张三", "无", "身份证号", "1101051949123100XX", "N/A"] {
      let id = engine.parse(text)
      #expect(!id.isValid)
      #expect(id.kind == nil)
      #expect(id.reasons.contains(.idNotAnID), "\(text)")
    }
    #expect(
      engine.parse("张三").findings.first?.message == "contains \"张\", which cannot appear in an ID")
  }

  @Test func wrongLength() {
    for text in ["1101051949123100", "11010519491231002X1", "12345"] {
      #expect(engine.parse(text).reasons == [.idLength], "\(text)")
    }
    #expect(
      engine.parse("12345").findings.first?.message
        == "has 5 characters; an ID has 18 (15 for a legacy ID)")
  }

  /// Whatever is thrown at it, the engine answers (and never reports a full ID in a message).
  @Test func anyTextGetsAnAnswer() async {
    let alphabet = Array(
      "0123456789Xx０１９Ｘｘ -－'\"=.,Ee+张B😀\t\u{00A0}\u{3000}\u{200B}\u{FEFF}\u{0301}")
    let text = Gen.element(of: alphabet).array(of: 0...24).map { (chars: [Character?]) in
      String(chars.compactMap { $0 })
    }
    await propertyCheck(count: 1000, input: text) { raw in
      let id = engine.parse(raw)
      #expect(id.isValid || !id.reasons.isEmpty)
      #expect(id.input == raw)
      _ = id.findings
      _ = engine.read(raw)
      _ = engine.parseCertificate(raw).findings
    }
  }

  @Test func messagesNeverHoldTheFullID() async {
    await propertyCheck(count: 200, input: validIDs, Gen.int(in: 0...17)) { id, position in
      var chars = Array(id)
      chars[position] = chars[position] == "1" ? "2" : "1"
      let typo = String(chars)
      for finding in engine.parse(typo).findings {
        #expect(!finding.message.contains(typo))
        #expect(!finding.message.contains(String(typo.prefix(17))))
      }
    }
  }
}
