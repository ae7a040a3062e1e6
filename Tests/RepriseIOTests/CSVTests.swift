import Foundation
import RepriseIO
import RepriseTestSupport
import Testing

@Suite struct CSVTests {
  func decode(
    _ text: String, delimiter: Character? = nil, header: CSV.HeaderRow = .detect,
    allowNonFinite: Bool = false
  )
    throws -> CSVTable<Double>
  {
    try CSV.decode(
      Array(text.utf8), as: Double.self, delimiter: delimiter, header: header,
      allowNonFinite: allowNonFinite, source: "test.csv")
  }

  /// The reason of a malformedFile error thrown by `body`.
  func reason(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch RepriseError.malformedFile(_, _, let reason) {
      return reason
    } catch { return "\(error)" }
  }

  @Test func readsFilesParsedByPython() throws {
    let lines = try FixtureFiles.text("io/csv/expected.txt").split(separator: "\n")
    let expected = try ExpectedArray.load("io/csv/expected.txt")
    let comma = try CSV.read(FixtureFiles.url("io/csv/header_comma.csv").path, as: Double.self)
    let header = lines.first { $0.hasPrefix("header_comma header ") }!.dropFirst(
      "header_comma header ".count)
    #expect(comma.header == header.split(separator: "|").map(String.init))
    #expect(comma.values.shape == expected[0].shape)
    #expect(comma.values.scalars.map(\.bitPattern) == expected[0].doubles.map(\.bitPattern))
    let semicolon = try CSV.read(FixtureFiles.url("io/csv/semicolon.csv").path, as: Double.self)
    #expect(semicolon.header == nil)
    #expect(semicolon.values.shape == expected[1].shape)
    #expect(semicolon.values.scalars.map(\.bitPattern) == expected[1].doubles.map(\.bitPattern))
    let floats = try CSV.read(FixtureFiles.url("io/csv/semicolon.csv").path, as: Float.self)
    #expect(floats.values.scalars == expected[1].doubles.map { Float($0) })
  }

  @Test func floatCellsAreRoundedOnceNotTwice() throws {
    // 1 + 2^-24 is the midpoint between the Floats 1 and 1 + 2^-23. This
    // decimal lies just above it, but its nearest Double is the midpoint
    // itself, so Float(Double(text)) would tie to even (1.0); the correctly
    // rounded Float is 1 + 2^-23.
    let table = try CSV.decode(
      Array("1.0000000596046447753906251\n".utf8), as: Float.self, source: "t")
    #expect(table.values.scalars == [Float(bitPattern: 0x3F80_0001)])
  }

  @Test func handlesQuotingDelimitersAndLineEndings() throws {
    let text = "\u{FEFF}a\tb\r\n\r\n  \n1\t\"2\"\r\n3\t 4 \r5\t6"
    let table = try decode(text)
    #expect(table.header == ["a", "b"])
    #expect(table.values == (try Tensor(rows: [[1, 2], [3, 4], [5, 6]])))
    let quoted = try decode("\"name, with \"\"quotes\"\"\nand a line\",b\n1,2\n")
    #expect(quoted.header == ["name, with \"quotes\"\nand a line", "b"])
    #expect(try decode("1;2\n3;4\n").values.shape == [2, 2])
    #expect(try decode("1,2\n", header: .present).values.shape == [0, 2])
    #expect(reason { _ = try decode("") } == "no records (the file is empty or blank)")
    #expect(reason { _ = try decode(" \n\n") } != nil)
    #expect(try decode("x|y\n1|2\n", delimiter: "|").header == ["x", "y"])
  }

  @Test func badCellsNameTheRowAndColumn() {
    #expect(
      reason { _ = try decode("a,b,c\n1,2,3\n4,5,abc\n") }
        == "row 3, column 3: 'abc' is not a number")
    #expect(reason { _ = try decode("1,2\n\n3,,4\n") }?.hasPrefix("row 3: 3 fields") == true)
    #expect(reason { _ = try decode("1,2\n3, \n") } == "row 2, column 2: empty cell")
    #expect(reason { _ = try decode("1,2\n3,4,5\n") } == "row 2: 3 fields, expected 2")
    #expect(reason { _ = try decode("1,\"2\n") }?.contains("not closed") == true)
    #expect(reason { _ = try decode("1,\"2\"x\n") }?.contains("after a closing quote") == true)
    #expect(reason { _ = try decode("1,nan\n", header: .absent) }?.contains("not finite") == true)
    #expect(
      reason { _ = try decode("1,-1e999\n", header: .absent) }?.contains("not finite in Double")
        == true)
    #expect(reason { _ = try decode("1,1e39\n", header: .absent) } == nil)
    #expect(throws: RepriseError.self) {
      try CSV.decode(Array("1,1e39\n".utf8), as: Float.self, header: .absent, source: "t")
    }
    for bad in ["0x10", "1e", ".", "1.2.3", "--1", "1 2", "e5", "١"] {
      #expect(reason { _ = try decode("1,\(bad)\n", header: .absent) } != nil, "\(bad)")
    }
    for good in ["+1", "-.5", "5.", "1E+3", "007"] {
      #expect(reason { _ = try decode("1,\(good)\n", header: .absent) } == nil, "\(good)")
    }
    #expect(throws: RepriseError.self) { try decode("1\n", delimiter: "\"") }
  }

  @Test func nonFiniteCellsOnlyWhenAllowed() throws {
    let table = try decode("NaN,-inf,Infinity,1e999\n", allowNonFinite: true)
    #expect(table.header == nil)
    #expect(table.values.scalars[0].isNaN)
    #expect(Array(table.values.scalars.dropFirst()) == [-.infinity, .infinity, .infinity])
  }

  @Test func roundTripsBitsAndHeaders() throws {
    var random = RandomStream(seed: 5, stream: 0)
    let values = try Tensor<Double>(
      shape: [6, 4], scalars: (0..<24).map { _ in (random.uniformDouble() - 0.5) * 1e3 })
    var special = values
    try special.setElement(1e-310, at: [0, 0])
    try special.setElement(-0.0, at: [0, 1])
    try special.setElement(.greatestFiniteMagnitude, at: [0, 2])
    let header = ["plain", "with,comma", "with \"quote\"", " padded "]
    let text = try CSV.encode(special, header: header)
    let back = try decode(text)
    #expect(back.header == header)
    #expect(back.values.scalars.map(\.bitPattern) == special.scalars.map(\.bitPattern))
    let floats = try Tensor<Float>(shape: [3], scalars: [0.1, 1e-5, 3.4028235e38])
    let floatBack = try CSV.decode(Array(try CSV.encode(floats).utf8), as: Float.self, source: "t")
    #expect(floatBack.values.scalars == floats.scalars && floatBack.values.shape == [3, 1])
    let withNaN = try CSV.encode(Tensor<Double>([.nan, -.infinity]), delimiter: "\t")
    #expect(withNaN == "nan\n-inf\n")
    #expect(throws: RepriseError.self) {
      try CSV.encode(Tensor<Double>(shape: [1, 1, 1], repeating: 0))
    }
    #expect(throws: RepriseError.self) { try CSV.encode(values, header: ["one"]) }

    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reprise-\(getpid()).csv"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try CSV.write(values, header: header, to: path)
    #expect(try CSV.read(path, as: Double.self).values == values)
  }
}
