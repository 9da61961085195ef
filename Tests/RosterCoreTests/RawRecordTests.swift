import PropertyBased
import RosterCore
import Testing

/// `RawRecord`'s one-allocation field storage (`RawCells`) and the builder the readers fill.
@Suite struct RawRecordTests {
  let provenance = Provenance(source: .civilAffairs, file: "a.csv", line: 2)

  @Test func fieldsReadBackAsWritten() {
    var record = RawRecord(provenance: provenance)
    #expect(record.values == [String](repeating: "", count: Field.count))
    record[.name] = "张三"
    record[.idNumber] = "11010519491231002X"
    record[.village] = "城关村"
    #expect(record[.name] == "张三")
    #expect(record[.idNumber] == "11010519491231002X")
    #expect(record[.sex] == "")
    #expect(record.isEmpty(.sex) && !record.isEmpty(.name))
    #expect(record.withUTF8(.idNumber) { Array($0) } == Array("11010519491231002X".utf8))
    #expect(Array(record.unsafeUTF8(.village)) == Array("城关村".utf8))
    record[.name] = ""
    #expect(record.isEmpty(.name) && record[.idNumber] == "11010519491231002X")
  }

  @Test func extrasEndAtTheLastColumnWithText() {
    var values = [String](repeating: "", count: Field.count)
    values[Field.name.index] = "李四"
    let record = RawRecord(provenance: provenance, values: values, extras: ["1", "", "备注", "", ""])
    #expect(record.extras == ["1", "", "备注"])
    #expect(record.hasExtras)
    #expect(record.extra(at: 2) == "备注" && record.extra(at: 4) == "" && record.extra(at: 99) == "")
    // Blank extras are no extras: equal, and hashed alike.
    let bare = RawRecord(provenance: provenance, values: values, extras: ["", ""])
    let none = RawRecord(provenance: provenance, values: values)
    #expect(bare == none && bare.hashValue == none.hashValue && !bare.hasExtras)
    #expect(record != none)
  }

  @Test func equalityComparesEveryField() {
    let a = RawRecord(provenance: provenance, values: Self.values("张三", "1"))
    #expect(a == RawRecord(provenance: provenance, values: Self.values("张三", "1")))
    #expect(a != RawRecord(provenance: provenance, values: Self.values("张三", "2")))
    // The same bytes in different fields are different records.
    #expect(
      RawRecord(provenance: provenance, values: Self.values("1", ""))
        != RawRecord(provenance: provenance, values: Self.values("", "1")))
  }

  static func values(_ name: String, _ id: String) -> [String] {
    var v = [String](repeating: "", count: Field.count)
    v[Field.name.index] = name
    v[Field.idNumber.index] = id
    return v
  }

  @Test func builderMakesTheRowItWasGiven() {
    let builder = RawCellsBuilder()
    builder.reset(extraCount: 2)
    let row = Array("张三,11010519491231002X,备注".utf8)
    row.withUnsafeBufferPointer { builder.append($0.baseAddress!, $0.count) }
    builder.setSlot(Field.name.index, start: 0, count: 6)
    builder.setSlot(Field.idNumber.index, start: 7, count: 18)
    builder.setSlot(Field.count + 1, start: 26, count: 6)
    // Text in pieces, then a slot.
    let start = builder.byteCount
    Array("城关".utf8).withUnsafeBufferPointer { builder.append($0.baseAddress!, $0.count) }
    Array("村".utf8).withUnsafeBufferPointer { builder.append($0.baseAddress!, $0.count) }
    builder.finishSlot(Field.village.index, from: start)
    #expect(builder.isBlank(Field.sex.index) && !builder.isBlank(Field.name.index))
    let record = RawRecord(provenance: provenance, cells: builder.make())
    #expect(record[.name] == "张三" && record[.idNumber] == "11010519491231002X")
    #expect(record[.village] == "城关村" && record.extras == ["", "备注"])

    // Reused: the next row starts blank, and a column met mid-row gets its slot.
    builder.reset()
    builder.set(Field.sex.index, "男")
    builder.extend(extraCount: 3)
    builder.set(Field.count + 2, "x")
    let next = RawRecord(provenance: provenance, cells: builder.make())
    #expect(next[.name] == "" && next[.sex] == "男" && next.extras == ["", "", "x"])
    builder.reset()
    #expect(builder.make() === RawCells.blank)
  }

  static let text = Gen<Character?>.element(of: ["a", "0", ",", "张", "𠈌", "😀", " ", "\""]).map { $0! }
    .string(of: 0...9)

  @Test func anyValuesReadBackUnchanged() async {
    await propertyCheck(
      count: 200, input: Self.text.array(of: Field.count...Field.count), Self.text.array(of: 0...4)
    ) { values, extras in
      let record = RawRecord(provenance: provenance, values: values, extras: extras)
      #expect(record.values == values)
      var trimmed = extras
      while trimmed.last == "" { trimmed.removeLast() }
      #expect(record.extras == trimmed)
      for (i, field) in Field.allCases.enumerated() {
        #expect(record.withUTF8(field) { Array($0) } == Array(values[i].utf8))
      }
    }
  }
}
