import ResidentID
import RosterCore

/// Connects the ID engine to normalization: reads the ID and the disability certificate of a
/// record with ``ResidentID/IDEngine`` and fills in the identity fields and findings.
///
/// ```swift
/// let engine = IDEngine(referenceDate: asOf)
/// let normalizer = RecordNormalizer(rules: rules, identity: IDEngineResolver(engine: engine))
/// let subject = normalizer.normalize(raw)
/// subject.idValid   // true for a valid resident ID, permit or foreign permanent ID
/// ```
public struct IDEngineResolver: IdentityResolver {
  public let engine: IDEngine

  public init(engine: IDEngine) { self.engine = engine }

  public func resolveIdentity(idRaw: String, certRaw: String, into r: inout SubjectRecord) {
    let parsed = engine.parse(idRaw)
    r.id = parsed.normalized
    r.idValid = parsed.isValid
    r.idKind = parsed.kind
    if parsed.isValid {
      r.birthDate = parsed.birthDate
      r.sex = parsed.sex
      r.regionCode = parsed.regionCode
    }
    parsed.appendFindings(to: &r.findings)
    guard !certRaw.isEmpty else { return }
    let cert = engine.parseCertificate(certRaw, holder: parsed)
    r.disabilityCert = cert.normalized
    if let id = cert.id, id.isValid { r.certID = id.normalized }
    r.certType = cert.type
    r.certGrade = cert.grade
    cert.appendFindings(to: &r.findings)
  }
}
