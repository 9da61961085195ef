import Testing

@testable import SampleGen

@Suite struct ScorerTests {
  let truth = """
    file,line,person,expected_disposition,injected
    civil-affairs/1.csv,2,a,paired,s-tekun
    civil-affairs/1.csv,3,a,merged,dup-exact-row
    civil-affairs/1.csv,4,b,excluded,s-dibao
    disability/1.xml,3,c,rejected,id-check-typo

    """
  let pairs = """
    file_a,line_a,file_b,line_b,kind
    civil-affairs/1.csv,2,disability/1.xml,3,PROBABLE_DUP_CORRECTED_ID
    civil-affairs/1.csv,2,civil-affairs/1.csv,4,PROBABLE_DUP_ID_TYPO

    """

  func ledger(_ rows: [String]) -> [UInt8] {
    [0xEF, 0xBB, 0xBF] + Array(("source,file,line,name,id_raw,id_normalized,disposition,unit_id,reasons\n" + rows.joined(separator: "\n") + "\n").utf8)
  }

  @Test func aPerfectRunScoresOne() {
    let l = ledger([
      "civil-affairs,out/data/civil-affairs/1.csv,2,甲,\"=\"\"1\"\"\",1,paired,H-1,",
      "civil-affairs,out/data/civil-affairs/1.csv,3,甲,1,1,merged,H-1,DUP_SAME_SOURCE",
      "civil-affairs,out/data/civil-affairs/1.csv,4,乙,2,2,excluded,,NOT_PAIRING_CATEGORY",
      "disability,out/data/disability/1.xml,3,甲,3,3,rejected,,ID_CHECK_DIGIT",
    ])
    let d = Array("""
      group_id,kind,file,line,id_normalized,name,evidence
      G-1,PROBABLE_DUP_CORRECTED_ID,data/civil-affairs/1.csv,2,1,甲,"did you mean, …"
      G-1,PROBABLE_DUP_CORRECTED_ID,data/disability/1.xml,3,3,甲,"did you mean, …"
      G-2,PROBABLE_DUP_ID_TYPO,data/civil-affairs/1.csv,4,2,甲,x
      G-2,PROBABLE_DUP_ID_TYPO,data/civil-affairs/1.csv,2,1,甲,x
      G-3,DUP_SAME_SOURCE,data/civil-affairs/1.csv,2,1,甲,x
      G-3,DUP_SAME_SOURCE,data/civil-affairs/1.csv,3,1,甲,x

      """.utf8)
    let r = Scorer.score(truthRecords: Array(truth.utf8), truthPairs: Array(pairs.utf8), ledger: l, duplicates: d)
    #expect(r.truthRecords == 4 && r.correct == 4 && r.dispositionAccuracy == 1)
    #expect(r.overall == PairScore(expected: 2, found: 2, correct: 2))
    #expect(r.duplicates["PROBABLE_DUP_ID_TYPO"]?.recall == 1)
  }

  @Test func wrongMissingAndExtraRowsCount() {
    let l = ledger([
      "civil-affairs,civil-affairs/1.csv,2,甲,1,1,paired,H-1,",
      "civil-affairs,civil-affairs/1.csv,3,甲,1,1,excluded,,",
      "civil-affairs,civil-affairs/1.csv,9,丙,1,1,excluded,,",
    ])
    let d = Array("""
      group_id,kind,file,line,id_normalized,name,evidence
      G-9,PROBABLE_DUP_SAME_NAME_BIRTH_VILLAGE,civil-affairs/1.csv,2,1,甲,x
      G-9,PROBABLE_DUP_SAME_NAME_BIRTH_VILLAGE,civil-affairs/1.csv,3,1,甲,x

      """.utf8)
    let r = Scorer.score(truthRecords: Array(truth.utf8), truthPairs: Array(pairs.utf8), ledger: l, duplicates: d)
    #expect(r.correct == 1)
    #expect(r.missingFromLedger == 2)
    #expect(r.extraInLedger == 1)
    #expect(r.confusion[1][2] == 1)  // merged expected, excluded found
    #expect(r.dispositionAccuracy == 0.25)
    #expect(r.overall == PairScore(expected: 2, found: 1, correct: 0))
    #expect(r.overall.precision == 0 && r.overall.recall == 0)
    #expect(r.mismatchTags["dup-exact-row"] == 1)
    #expect(r.text().contains("dispositions: 1/4 correct = 0.25"))
  }
}
