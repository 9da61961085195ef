import RosterCore
import ResidentID
import Testing

/// Disability certificate numbers (§3.2): ID + type digit 1–7 + grade digit 1–4 (+ B1 suffix).
@Suite struct CertificateTests {
  static let id = "11010519491231002X"

  @Test func plainCertificate() {
    let cert = engine.parseCertificate(CertificateTests.id + "42")
    #expect(cert.isWellFormed)
    #expect(cert.id?.normalized == CertificateTests.id)
    #expect(cert.id?.isValid == true)
    #expect(cert.type == 4)
    #expect(cert.grade == 2)
    #expect(cert.reissue == nil)
    #expect(cert.reasons == [])
  }

  /// With the holder's parsed ID given, a certificate reads as without it; its ID part is the
  /// holder when the digits agree, and parsed on its own when they do not.
  @Test(arguments: ["42", "71B1", "8x", "", "42b1"])
  func theHolderIsReusedOnlyWhenTheDigitsAgree(tail: String) {
    let holder = engine.parse(" 11010519491231002x ")  // typed with artefacts
    let other = engine.parse("11010519491231003X")
    for raw in [CertificateTests.id + tail, "１１０１０５１９４９１２３１００２Ｘ" + tail, "110105194912310" + tail] {
      let alone = engine.parseCertificate(raw)
      for given in [holder, other] {
        let cert = engine.parseCertificate(raw, holder: given)
        #expect(cert.normalized == alone.normalized && cert.reasonSet == alone.reasonSet)
        #expect(cert.type == alone.type && cert.grade == alone.grade && cert.reissue == alone.reissue)
        #expect(cert.id?.normalized == alone.id?.normalized && cert.id?.isValid == alone.id?.isValid)
        let reused = alone.id?.normalized == given.normalized
        #expect((cert.id == given) == reused, "\(raw) with \(given.input)")
        if !reused { #expect(cert.id == alone.id) }
      }
    }
  }

  @Test(arguments: ["B1", "b1", "B2", "B12"])
  func reissuedCertificate(suffix: String) {
    let cert = engine.parseCertificate(CertificateTests.id + "71" + suffix)
    #expect(cert.isWellFormed)
    #expect(cert.reissue == suffix.uppercased())
    #expect(cert.reasons.contains(.certReissued))
    #expect(cert.normalized == CertificateTests.id + "71" + suffix.uppercased())
    #expect((cert.type, cert.grade) == (7, 1))
  }

  @Test(arguments: ["0", "8", "9", "A"])
  func badTypeDigit(type: String) {
    let cert = engine.parseCertificate(CertificateTests.id + type + "1")
    #expect(cert.reasons.contains(.certTypeDigit))
    #expect(cert.type == nil)
    #expect(!cert.isWellFormed)
  }

  @Test(arguments: ["0", "5", "9"])
  func badGradeDigit(grade: String) {
    let cert = engine.parseCertificate(CertificateTests.id + "4" + grade)
    #expect(cert.reasons == [.certGradeDigit])
    #expect(cert.type == 4)
    #expect(cert.grade == nil)
  }

  @Test(arguments: [
    CertificateTests.id, CertificateTests.id + "4", "1234", CertificateTests.id + "42C1",
    CertificateTests.id + "42B", CertificateTests.id + "42B123",
  ])
  func badFormat(raw: String) {
    let cert = engine.parseCertificate(raw)
    #expect(cert.reasons.contains(.certFormat), "\(raw)")
    #expect(!cert.isWellFormed)
  }

  @Test func typedLikeAnID() {
    let cert = engine.parseCertificate(" １１０１０５１９４９１２３１００２ｘ-4-2 ")
    #expect(cert.normalized == CertificateTests.id + "42")
    #expect(cert.reasons == [.idNormalized])
    #expect(cert.isWellFormed)
  }

  @Test func idPartIsCheckedSeparately() {
    let cert = engine.parseCertificate("110105194912310021" + "42")
    #expect(cert.isWellFormed)  // the certificate's own format is right…
    #expect(cert.id?.reasons == [.idCheckDigit])  // …its ID part is not
  }

  @Test func emptyCertificateHasNoFindings() {
    let cert = engine.parseCertificate("  ")
    #expect(cert.isEmpty)
    #expect(cert.reasons == [])
    #expect(cert.id == nil)
  }

  @Test func readRoutesCertificatesAndIDs() {
    guard case .certificate(let cert) = engine.read(CertificateTests.id + "42B1") else {
      Issue.record("not read as a certificate")
      return
    }
    #expect(cert.grade == 2)
    guard case .id(let id) = engine.read(CertificateTests.id) else {
      Issue.record("not read as an ID")
      return
    }
    #expect(id.isValid)
    guard case .id(let legacy) = engine.read("610104620927690") else {
      Issue.record("not read as an ID")
      return
    }
    #expect(legacy.kind == .residentLegacy15)
  }

  @Test func findingsNameTheCertificateField() {
    let findings = engine.parseCertificate(CertificateTests.id + "95").findings
    #expect(findings.map(\.reason) == [.certTypeDigit, .certGradeDigit])
    #expect(findings.allSatisfy { $0.field == .disabilityCert })
    #expect(findings.first?.message == "the type digit \"9\" is not 1–7")
  }
}
