import Normalize
import PropertyBased
import RosterCore
import Testing

@Suite struct NameTests {
  @Test(arguments: [
    // (raw, display, key)
    ("张伟", "张伟", "张伟"),
    ("張偉", "張偉", "张伟"),
    (" 張　偉 ", "張偉", "张伟"),  // an ideographic space aligning a two-character name
    ("\u{3000}\u{3000}李\u{00A0}娜\u{200B}", "李娜", "李娜"),
    ("歐陽 鳳華", "歐陽鳳華", "欧阳凤华"),
    ("劉\t德華\n", "劉德華", "刘德华"),
    // middle-dot variants, with or without spaces around them
    ("阿卜杜·热合曼", "阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("阿卜杜•热合曼", "阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("阿卜杜‧热合曼", "阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("阿卜杜・热合曼", "阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("阿卜杜.热合曼", "阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("阿卜杜．热合曼", "阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("阿卜杜･热合曼", "阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("阿卜杜 · 热合曼", "阿卜杜·热合曼", "阿卜杜·热合曼"),
    ("买买提 • 艾力", "买买提·艾力", "买买提·艾力"),
    ("買買提‧艾力", "買買提·艾力", "买买提·艾力"),
    // full-width Latin letters and digits; Latin words keep one space, the key none
    ("ＭＡＲＹ　ＡＮＮ", "MARY ANN", "MARYANN"),
    ("Ｍａｒｙ  Ann", "Mary Ann", "MARYANN"),
    ("李Ａ", "李A", "李A"),
    ("王2", "王2", "王2"),
    // nothing
    ("", "", ""),
    ("  \u{3000} ", "", ""),
  ])
  func normalizes(raw: String, display: String, key: String) {
    let name = NameNormalizer.normalize(raw)
    #expect(name.display == display, "\(raw)")
    #expect(name.key == key, "\(raw)")
  }

  @Test func traditionalAndSimplifiedSpellingsShareAKey() {
    let pairs = [
      ("張偉", "张伟"), ("陳麗華", "陈丽华"), ("黃國強", "黄国强"), ("趙紅軍", "赵红军"),
      ("葉聖東", "叶圣东"), ("蕭龍", "萧龙"), ("衛愛義", "卫爱义"),
    ]
    for (traditional, simplified) in pairs {
      #expect(NameNormalizer.normalize(traditional).key == NameNormalizer.normalize(simplified).key)
      #expect(NameNormalizer.normalize(traditional).display == traditional)
    }
  }

  /// Characters a name may be typed with: Chinese (simplified and traditional), Latin in both
  /// widths, digits, every middle-dot variant, every kind of space and invisible character.
  static let alphabet: [Character] =
    Array(
      "张伟張偉李娜劉德華欧阳歐陽买提買艾力aBzＡｂＺ09０９·•‧・.．･\u{00B7}\u{2219}"
    ) + [
      "\u{3000}", "\u{00A0}", " ", "\t", "\u{200B}", "\u{200D}", "\u{2060}", "\u{FEFF}",
      "\u{2002}",
    ]
  static let names = Gen.element(of: alphabet).compactMap { $0 }.array(of: 0...12).map {
    String($0)
  }

  @Test func normalizationIsIdempotent() async {
    await propertyCheck(count: 500, input: Self.names) { raw in
      let once = NameNormalizer.normalize(raw)
      let twice = NameNormalizer.normalize(once.display)
      #expect(
        twice.display == once.display, "\(raw.unicodeScalars.map { String($0.value, radix: 16) })")
      #expect(twice.key == once.key)
      #expect(NameNormalizer.normalize(once.key).key == once.key)
    }
  }

  @Test func theDisplayNameIsClean() async {
    await propertyCheck(count: 500, input: Self.names) { raw in
      let d = NameNormalizer.normalize(raw).display
      #expect(!d.hasPrefix(" ") && !d.hasSuffix(" ") && !d.contains("  "))
      for s in d.unicodeScalars {
        #expect(!TextCleaner.isInvisible(s.value))
        #expect(s == " " || !TextCleaner.isSpace(s.value))
        #expect(s == "\u{00B7}" || !TextCleaner.isMiddleDot(s.value))
        #expect(!(0xFF01...0xFF5E).contains(s.value))
      }
    }
  }

  /// The key read scalar by scalar, as the specification says: spaces dropped, a–z upper-cased,
  /// each traditional character simplified.
  static func referenceKey(_ display: String) -> String {
    var out = String.UnicodeScalarView()
    for s in display.unicodeScalars where s.value != 0x20 {
      if (0x61...0x7A).contains(s.value) {
        out.append(Unicode.Scalar(s.value - 0x20)!)
      } else if let t = TraditionalToSimplified.simplified(of: s) {
        out.append(t)
      } else {
        out.append(s)
      }
    }
    return String(out)
  }

  /// The byte scan that decides a name needs no work agrees with reading it scalar by scalar,
  /// for characters of every UTF-8 length (é two bytes, 𠁞 four, traditional in both planes).
  @Test func keyAgreesWithReadingScalarByScalar() async {
    let wide = Gen.element(of: Self.alphabet + ["é", "ß", "\u{2005E}", "\u{20000}", "乾", "龍", " ", "x"])
      .compactMap { $0 }.array(of: 0...10).map { String($0) }
    await propertyCheck(count: 500, input: wide) { display in
      #expect(NameNormalizer.key(ofDisplay: display) == Self.referenceKey(display), "\(display)")
    }
  }

  @Test func spacingAndDotVariantsNeverChangeTheKey() async {
    await propertyCheck(count: 300, input: Self.names) { raw in
      let spaced = String(raw.flatMap { [$0, "\u{3000}"] })
      #expect(NameNormalizer.normalize(spaced).key == NameNormalizer.normalize(raw).key)
    }
  }
}

@Suite struct TraditionalToSimplifiedTests {
  @Test func tableIsOpenCCsCharacterTable() {
    #expect(TraditionalToSimplified.count == 4105)
    #expect(TraditionalToSimplified.simplified(of: "張") == "张")
    #expect(TraditionalToSimplified.simplified(of: "张") == nil)
    #expect(TraditionalToSimplified.simplified(of: "A") == nil)
    // Several candidates: the first is used (乾 → 干 乾).
    #expect(TraditionalToSimplified.simplified(of: "乾") == "干")
    // Outside the Basic Multilingual Plane.
    #expect(TraditionalToSimplified.simplified(of: "\u{2005E}") != nil)
  }

  @Test func simplifiesText() {
    #expect(TraditionalToSimplified.simplify("中華人民共和國") == "中华人民共和国")
    #expect(TraditionalToSimplified.simplify("plain text") == "plain text")
  }
}

@Suite struct TextCleanerTests {
  static let texts = Gen.element(of: NameTests.alphabet + Array("村镇县(市、区)，. -")).compactMap { $0 }
    .array(of: 0...14).map { String($0) }

  @Test func cleaningIsIdempotentAndKeepsDots() async {
    await propertyCheck(count: 500, input: Self.texts) { raw in
      let once = TextCleaner.clean(raw)
      #expect(TextCleaner.clean(once) == once)
      // Free text is not a name: dots stay dots (full-width ones become half-width).
      #expect(
        once.unicodeScalars.filter { $0 == "." }.count
          == raw.unicodeScalars.filter { $0 == "." || $0 == "．" }.count)
    }
  }
}
