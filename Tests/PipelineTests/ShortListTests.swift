import Pipeline
import Testing

/// `rostercheck history` keeps a province run on one readable line.
@Suite struct ShortListTests {
  @Test func shortListsStayWhole() {
    #expect(Commands.shortList([]) == "")
    #expect(Commands.shortList(["621225"]) == "621225")
    #expect(Commands.shortList(["a.csv (3)", "b.xml (2)", "c.csv (1)"], noun: "files") == "a.csv (3), b.xml (2), c.csv (1)")
  }

  @Test func longListsShowTheFirstAndTheCount() {
    let files = (1...172).map { "f\($0).csv (10)" }
    #expect(Commands.shortList(files, noun: "files") == "f1.csv (10), f2.csv (10), f3.csv (10) … (172 files)")
    let codes = (1...300).map { String(620_000 + $0) }
    #expect(Commands.shortList(codes) == "620001, 620002, 620003 … (300 in all)")
    #expect(Commands.shortList(["a", "b", "c", "d", "e"], limit: 2, noun: "files") == "a, b … (5 files)")
  }
}
