import Deduplicate
import PropertyBased
import Testing

/// `UnitIDs` reads like the array of strings it stands for.
@Suite struct UnitIDsTests {
  @Test func readsLikeItsStrings() {
    let ids: UnitIDs = ["P-1", "", "H-2", "P-1", ""]
    #expect(Array(ids) == ["P-1", "", "H-2", "P-1", ""])
    #expect(ids.count == 5 && ids[2] == "H-2" && ids[4] == "")
    #expect(ids == UnitIDs(["P-1", "", "H-2", "P-1", ""]))
    #expect(ids != UnitIDs(["P-1", "", "H-2", "P-1", "P-9"]))
    #expect(UnitIDs([]).isEmpty)
  }

  @Test func anyStringsRoundTrip() async {
    let id = Gen<String?>.element(of: ["", "P-1", "P-2", "H-3", "H-4"]).map { $0! }
    await propertyCheck(count: 200, input: id.array(of: 0...40)) { strings in
      let ids = UnitIDs(strings)
      #expect(Array(ids) == strings)
      #expect(ids.hashValue == UnitIDs(strings).hashValue)
    }
  }
}
