import RosterCore
import Testing

@Suite struct CategorySetTests {
  /// Iterating a set lists its categories in catalog order, for every combination (and bits
  /// no category has are skipped).
  @Test func iteratesInCatalogOrder() {
    for raw in 0...255 {
      let set = CategorySet(rawValue: UInt8(raw))
      #expect(Array(set) == Category.allCases.filter { set.contains($0) }, "raw \(raw)")
    }
    #expect(Array(CategorySet([.minimumLiving, .orphan])) == [.orphan, .minimumLiving])
  }
}
