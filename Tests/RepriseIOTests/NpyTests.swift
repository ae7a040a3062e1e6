import Foundation
import RepriseIO
import RepriseTestSupport
import Testing

/// One line of a fixture's expected.txt: name, descriptor, order, shape, values.
struct ExpectedArray {
  var name: String
  var descriptor: String
  var isFortran: Bool
  var shape: [Int]
  var fields: [Substring]

  static func load(_ relative: String) throws -> [ExpectedArray] {
    try FixtureFiles.text(relative).split(separator: "\n").compactMap { line in
      let parts = line.split(separator: " ")
      guard parts.count >= 4, parts[1] != "header" else { return nil }
      return ExpectedArray(
        name: String(parts[0]), descriptor: String(parts[1]), isFortran: parts[2] == "F",
        shape: parts[3] == "-" ? [] : parts[3].split(separator: ",").map { Int($0)! },
        fields: Array(parts.dropFirst(4)))
    }
  }

  var isFloat: Bool { descriptor.dropFirst().hasPrefix("f") }
  /// Float values from their float64 bit patterns.
  var doubles: [Double] { fields.map { Double(bitPattern: UInt64($0, radix: 16)!) } }
  /// Integer values in decimal (may exceed Int for the u8 overflow case).
  var decimals: [String] { fields.map(String.init) }
}

@Suite struct NpyTests {
  func fixturePath(_ name: String) -> String { FixtureFiles.url("io/npy/\(name).npy").path }

  @Test func readsEveryDtypeByteOrderAndLayoutWrittenByNumpy() throws {
    let cases = try ExpectedArray.load("io/npy/expected.txt")
    #expect(cases.count >= 38)
    for expected in cases {
      let array = try NpyArray(contentsOf: fixturePath(expected.name))
      #expect(array.shape == expected.shape, "\(expected.name)")
      #expect(array.dataType.descriptor == expected.descriptor, "\(expected.name)")
      let doubles = try array.tensor(as: Double.self)
      #expect(doubles.shape == expected.shape)
      if expected.isFloat {
        #expect(
          doubles.scalars.map(\.bitPattern) == expected.doubles.map(\.bitPattern),
          "\(expected.name)")
        let floats = try array.tensor(as: Float.self)
        #expect(floats.scalars == expected.doubles.map { Float($0) }, "\(expected.name)")
        #expect(throws: RepriseError.self) { try array.integers() }
      } else if expected.name == "u8_too_big" {
        #expect(doubles.scalars == [18_446_744_073_709_551_615.0])
        #expect(throws: RepriseError.self) { try array.integers() }
      } else {
        let integers = try array.integers()
        #expect(integers.map(String.init) == expected.decimals, "\(expected.name)")
        #expect(doubles.scalars == integers.map(Double.init), "\(expected.name)")
      }
    }
  }

  @Test func writesTheSameBytesAsNumpy() throws {
    let original = try FixtureFiles.data("io/npy/f8_le_c.npy")
    let tensor = try Npy.read(fixturePath("f8_le_c"), as: Double.self)
    #expect(NpyArray(tensor).encoded() == [UInt8](original))
    let floats = try FixtureFiles.data("io/npy/f4_le_c.npy")
    #expect(
      NpyArray(try Npy.read(fixturePath("f4_le_c"), as: Float.self)).encoded() == [UInt8](floats))
    let integers = try NpyArray(contentsOf: fixturePath("i8_le_c"))
    let rewritten = try NpyArray(integers: try integers.integers(), shape: integers.shape)
    #expect(rewritten.encoded() == [UInt8](try FixtureFiles.data("io/npy/i8_le_c.npy")))
    let empty = try NpyArray(contentsOf: fixturePath("empty"))
    #expect(
      NpyArray(try empty.tensor(as: Double.self)).encoded()
        == [UInt8](try FixtureFiles.data("io/npy/empty.npy")))
    #expect(
      try NpyArray(contentsOf: fixturePath("scalar")).tensor(as: Double.self) == Tensor(scalar: 2.5)
    )
  }

  @Test func roundTripsThroughAFile() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reprise-npy-\(getpid()).npy"
    ).path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let floats = try Tensor<Float>(rows: [
      [1, -0.0, .infinity], [.leastNonzeroMagnitude, .nan, 4],
    ])
    try Npy.write(floats, to: path)
    #expect(
      try Npy.read(path, as: Float.self).scalars.map(\.bitPattern)
        == floats.scalars.map(\.bitPattern))
    let doubles = try Tensor<Double>(shape: [2, 1, 3], scalars: [.pi, -1e-310, 1e308, 0, 1, 2])
    try Npy.write(doubles, to: path)
    #expect(try Npy.read(path, as: Double.self) == doubles)
    try NpyArray(integers: [Int.min, -1, 0, Int.max], shape: [2, 2]).write(to: path)
    #expect(try Npy.readIntegers(path).values == [Int.min, -1, 0, Int.max])
    #expect(throws: RepriseError.self) { try NpyArray(integers: [1, 2, 3], shape: [2, 2]) }
  }

  /// A file with the given header text (padded like numpy's) and data.
  func npy(_ header: String, version: UInt8 = 1, data: [UInt8] = []) -> [UInt8] {
    var bytes: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0]
    let text = Array(header.utf8)
    let width = version == 1 ? 2 : 4
    for k in 0..<width { bytes.append(UInt8(truncatingIfNeeded: text.count >> (8 * k))) }
    return bytes + text + data
  }

  @Test func everyTruncationIsATypedError() throws {
    for name in ["f4_le_c", "i2_be_c", "f8_le_fortran", "f8_v2"] {
      let bytes = [UInt8](try FixtureFiles.data("io/npy/\(name).npy"))
      for length in 0..<bytes.count {
        #expect(throws: RepriseError.self, "\(name) cut at \(length)") {
          try NpyArray(decoding: Array(bytes.prefix(length)), source: "cut")
        }
      }
      #expect(throws: RepriseError.self) { try NpyArray(decoding: bytes + [0], source: "long") }
    }
  }

  @Test func hostileHeadersAreRejectedWithTheReason() {
    let good = "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\n"
    let eight = [UInt8](repeating: 0, count: 8)
    #expect(throws: Never.self) { try NpyArray(decoding: npy(good, data: eight), source: "ok") }
    var oversized: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0, 0, 0, 0x10, 0]
    oversized += [UInt8](repeating: 0x20, count: 100)
    let cases: [(String, [UInt8], String)] = [
      ("wrong magic", Array("\u{93}NUMPZ".utf8) + [1, 0, 0, 0], "magic"),
      ("version 4", npy(good, version: 4, data: eight), "version"),
      ("oversized header", oversized, "exceeds the limit"),
      (
        "overflowing shape",
        npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"),
        "overflows"
      ),
      (
        "bytes overflow",
        npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2305843009213693952,), }"),
        "needs more bytes"
      ),
      (
        "huge extent",
        npy("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999,), }"),
        "overflows"
      ),
      (
        "complex dtype", npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }"),
        "not supported"
      ),
      (
        "string dtype", npy("{'descr': '<U3', 'fortran_order': False, 'shape': (1,), }"),
        "not supported"
      ),
      (
        "native order", npy("{'descr': '=f8', 'fortran_order': False, 'shape': (1,), }"),
        "not supported"
      ),
      (
        "half float", npy("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }"),
        "not supported"
      ),
      (
        "structured", npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"),
        "unexpected value"
      ),
      ("missing key", npy("{'descr': '<f8', 'shape': (1,), }"), "needs 'descr'"),
      (
        "extra key", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': True}"),
        "unexpected header entry"
      ),
      (
        "duplicate key",
        npy("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}"),
        "duplicate"
      ),
      ("trailing text", npy(good + "x", data: eight), "after the dictionary"),
      (
        "negative extent", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }"),
        "integer"
      ),
      ("unterminated", npy("{'descr': '<f8"), "unterminated"),
      ("escape", npy("{'descr': '<f\\8', 'fortran_order': False, 'shape': (1,), }"), "escapes"),
      ("not a dict", npy("['descr']"), "expected '{'"),
      ("short data", npy(good, data: [0, 0, 0]), "truncated"),
      ("long data", npy(good, data: eight + [1]), "after the end"),
    ]
    for (label, bytes, reason) in cases {
      do {
        _ = try NpyArray(decoding: bytes, source: "hostile.npy")
        Issue.record("\(label): accepted")
      } catch let error as RepriseError {
        guard case .malformedFile("hostile.npy", _, let message) = error else {
          Issue.record("\(label): \(error)")
          continue
        }
        #expect(message.contains(reason), "\(label): \(message)")
      } catch { Issue.record("\(label): \(error)") }
    }
  }

  @Test func rowBlocksMatchTheWholeArray() throws {
    for name in ["f4_le_c", "f4_be_fortran", "f8_le_fortran", "i2_le_fortran", "u1_be_c", "f8_v2"] {
      let whole = try NpyArray(contentsOf: fixturePath(name))
      let reader = try NpyRowReader(path: fixturePath(name))
      #expect(reader.header.shape == whole.shape)
      let full = try whole.tensor(as: Double.self)
      let rowLength = full.count / max(whole.shape[0], 1)
      for start in 0...whole.shape[0] {
        for count in 0...(whole.shape[0] - start) {
          let block = try reader.readRows(start: start, count: count, as: Double.self)
          #expect(block.shape == [count] + whole.shape.dropFirst())
          #expect(
            Array(block.scalars)
              == Array(full.scalars[start * rowLength..<(start + count) * rowLength]))
          let floats = try reader.readRows(start: start, count: count, as: Float.self)
          #expect(floats.scalars == block.scalars.map { Float($0) })
        }
      }
      #expect(throws: RepriseError.self) {
        try reader.readRows(start: 1, count: whole.shape[0], as: Double.self)
      }
      #expect(throws: RepriseError.self) {
        try reader.readRows(start: -1, count: 1, as: Double.self)
      }
    }
    #expect(throws: RepriseError.self) { try NpyRowReader(path: "/nonexistent/x.npy") }
  }

  @Test func rowWriterStreamsBlocksIntoAValidFile() throws {
    let directory = FileManager.default.temporaryDirectory.path
    let path = directory + "/reprise-rows-\(getpid()).npy"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let rows = try Tensor<Double>(shape: [7, 3], scalars: (0..<21).map { Double($0) / 3 })
    let writer = try NpyRowWriter(path: path, shape: [7, 3], dataType: .float32)
    for (start, count) in [(0, 3), (3, 3), (6, 1)] {
      try writer.append(
        Tensor(shape: [count, 3], scalars: Array(rows.scalars[start * 3..<(start + count) * 3])))
      #expect(!FileManager.default.fileExists(atPath: path))
    }
    #expect(throws: RepriseError.self) {
      try writer.append(Tensor<Double>(shape: [1, 3], repeating: 0))
    }
    try writer.finish()
    #expect(try Npy.read(path, as: Float.self).scalars == rows.scalars.map { Float($0) })

    let short = try NpyRowWriter(path: path + ".short", shape: [4, 2], dataType: .float64)
    try short.append(Tensor<Float>(shape: [2, 2], repeating: 1))
    #expect(throws: RepriseError.self) {
      try short.append(Tensor<Float>(shape: [1, 3], repeating: 1))
    }
    #expect(throws: RepriseError.self) { try short.finish() }
    #expect(!FileManager.default.fileExists(atPath: path + ".short"))
  }
}
