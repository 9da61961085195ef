import RosterCore
import ResidentID
import Testing

/// The engine's reason bits match the catalog's ID section.
@Suite struct IDReasonsTests {
  @Test func bitsFollowTheCatalogOrder() {
    #expect(IDReasons.all == Reason.allCases.filter { $0.stage == .id })
  }

  @Test func errorMaskMatchesSeverities() {
    for (i, reason) in IDReasons.all.enumerated() {
      let bit = IDReasons(rawValue: 1 << UInt32(i))
      #expect(IDReasons.errors.contains(bit) == (reason.severity == .error), "\(reason)")
      #expect(IDReasons(reason) == bit)
    }
  }

  @Test func iterationIsInCatalogOrder() {
    let set: IDReasons = [.regionRetired, .normalized, .checkDigit]
    #expect(set.reasons == [.idNormalized, .idCheckDigit, .idRegionRetired])
    #expect(IDReasons(.dupCrossSource).isEmpty)
  }
}
