import Foundation
import RepriseIO
import RepriseTestSupport
import Testing

@Suite struct SafetensorsTests {
  @Test func readsAFileWrittenByAnIndependentImplementation() throws {
    let (tensors, metadata) = try Safetensors.read(FixtureFiles.url("io/example.safetensors").path)
    #expect(metadata == ["creator": "make_io_fixtures.py"])
    #expect(tensors.map(\.0) == ["a", "b", "empty"])
    let expected = try FixtureFiles.text("io/example.txt").split(separator: "\n").map {
      $0.split(separator: " ")
    }
    guard case .float32(let a) = tensors[0].1, case .float64(let b) = tensors[1].1,
      case .float32(let empty) = tensors[2].1
    else {
      Issue.record("unexpected dtypes")
      return
    }
    #expect(a.shape == [2, 3] && b.shape == [4] && empty.shape == [0, 5])
    #expect(a.scalars.map(\.bitPattern) == expected[0].dropFirst().map { UInt32($0, radix: 16)! })
    #expect(b.scalars.map(\.bitPattern) == expected[1].dropFirst().map { UInt64($0, radix: 16)! })
  }

  @Test func roundTripKeepsBitsNamesAndMetadata() throws {
    let a = try Tensor<Float>(rows: [[1, -0.0, .infinity], [.leastNonzeroMagnitude, 3, 4]])
    let b = Tensor<Double>([.pi, -1e-310])
    let bytes = try Safetensors.encode(
      [("x.weight", .float32(a)), ("y", .float64(b))], metadata: ["k": "v"])
    #expect((Int(bytes[0]) + 8) % 8 == 0)  // header padded so data is 8-byte aligned
    let (tensors, metadata) = try Safetensors.decode(bytes, source: "memory")
    #expect(metadata == ["k": "v"])
    #expect(tensors[0].0 == "x.weight" && tensors[0].1 == .float32(a))
    #expect(tensors[1].0 == "y" && tensors[1].1 == .float64(b))
    #expect(throws: RepriseError.self) {
      try Safetensors.encode([("y", .float64(b)), ("y", .float64(b))])
    }
  }

  /// A header followed by `data`, with the length field as given.
  func file(_ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    let text = Array(header.utf8)
    var bytes: [UInt8] = []
    let length = declaredLength ?? UInt64(text.count)
    for k in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: length >> (8 * UInt64(k)))) }
    return bytes + text + data
  }

  @Test func hostileFilesAreRejectedWithTheReason() throws {
    let eight = [UInt8](repeating: 0, count: 8)
    let cases: [(String, [UInt8], String)] = [
      ("empty", [], "ends inside the 8-byte header length"),
      ("huge header length", file("{}", declaredLength: 1 << 40), "header length"),
      ("truncated header", Array(file("{\"a\":{}}").prefix(12)), "header length"),
      ("not JSON", file("{\"a\":"), "JSON"),
      ("duplicate name", file("{\"a\":1,\"a\":2}"), "duplicate tensor name"),
      (
        "deep nesting",
        file(
          "{\"a\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}"),
        "nesting"
      ),
      ("missing fields", file("{\"a\":{\"dtype\":\"F32\"}}"), "needs dtype"),
      (
        "bad dtype",
        file("{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,8]}}", data: eight),
        "not a safetensors type"
      ),
      (
        "offsets past end",
        file("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", data: eight),
        "outside"
      ),
      (
        "shape mismatch",
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", data: eight),
        "needs 12 bytes"
      ),
      (
        "negative extent",
        file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", data: eight),
        "non-negative"
      ),
      (
        "overflowing shape",
        file(
          "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}",
          data: eight),
        "overflows"
      ),
      (
        "overlap",
        file(
          "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
          data: eight), "overlap"
      ),
    ]
    for (name, bytes, reason) in cases {
      let error = #expect(throws: RepriseError.self, "\(name)") {
        try Safetensors.decode(bytes, source: "bad.safetensors")
      }
      #expect(
        error?.description.contains("bad.safetensors") == true,
        "\(name): \(String(describing: error))")
      #expect(error?.description.contains(reason) == true, "\(name): \(String(describing: error))")
    }
  }

  @Test func filesAreWrittenAtomicallyAndMissingFilesAreNamed() throws {
    let path = NSTemporaryDirectory() + "reprise-\(UUID().uuidString).safetensors"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Safetensors.write([("t", .float64(Tensor([1.0, 2])))], to: path)
    #expect(try Safetensors.read(path).tensors[0].1 == .float64(Tensor([1.0, 2])))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory())
      // Only this test's file: other suites write their own files atomically in parallel.
      .filter { $0.hasPrefix((path as NSString).lastPathComponent + ".tmp-") }
    #expect(leftovers.isEmpty)
    let error = #expect(throws: RepriseError.self) { try Safetensors.read(path + ".missing") }
    #expect(error?.description.contains(".missing") == true)
  }

  @Test func jsonRoundTripAndEscapes() throws {
    let text = #"{"a":[1,-2.5,true,null],"s":"x\"y\\\n\u00e9\ud83d\ude00"}"#
    let value = try JSONValue.parse(Array(text.utf8), source: "t")
    #expect(value["s"] == .string("x\"y\\\né😀"))
    #expect(try JSONValue.parse(Array(value.text.utf8), source: "t") == value)
    for bad in ["[1,]", "{\"a\" 1}", "\"\\x\"", "01x", "[1] 2", "\"\u{01}\""] {
      #expect(throws: RepriseError.self, "\(bad)") {
        try JSONValue.parse(Array(bad.utf8), source: "t")
      }
    }
  }
}
