// Hostile safetensors files: each must fail with a malformedFile error that
// names the file and the true byte offset of what is wrong, found here by
// searching the bytes for the offending text (not from the reader).
import Foundation
import RepriseIO
import RepriseTestSupport
import Testing

@Suite struct SafetensorsHostileTests {
  /// The error of opening `bytes` (in memory), or nil when it opens.
  func failure(_ bytes: [UInt8]) -> (offset: Int, reason: String)? {
    do {
      _ = try SafetensorsFile(bytes: bytes, source: "bad.safetensors")
      return nil
    } catch RepriseError.malformedFile(let path, let offset, let reason) {
      #expect(path == "bad.safetensors")
      return (offset, reason)
    } catch {
      Issue.record("unexpected error \(error)")
      return nil
    }
  }

  @Test func truncationAtEveryByteIsReportedWhereTheFileEnds() throws {
    let url = FixtureFiles.url("io/example.safetensors")
    let whole = try BinaryFile.read(url.path)
    let headerEnd = 8 + Int(whole[0]) + Int(whole[1]) << 8
    let aOffsets = byteOffset(of: "[0, 24]", in: whole)
    let bOffsets = byteOffset(of: "[24, 56]", in: whole)
    #expect(aOffsets > 8 && bOffsets > aOffsets && whole.count - headerEnd == 56)
    let path = NSTemporaryDirectory() + "reprise-cut-\(UUID().uuidString).safetensors"
    defer { try? FileManager.default.removeItem(atPath: path) }
    for length in 0..<whole.count {
      let prefix = Array(whole.prefix(length))
      let expected: Int
      if length < 8 {
        expected = length  // inside the length field
      } else if length < headerEnd {
        expected = 0  // the length field claims more than the file holds
      } else {
        // Tensor "a" needs data bytes [0, 24), "b" [24, 56).
        expected = length - headerEnd < 24 ? aOffsets : bOffsets
      }
      #expect(failure(prefix)?.offset == expected, "cut at \(length)")
      try Data(prefix).write(to: URL(fileURLWithPath: path))
      do {
        _ = try SafetensorsFile(contentsOf: path)
        Issue.record("cut at \(length) opened")
      } catch RepriseError.malformedFile(let failing, let offset, _) {
        #expect(failing == path && offset == expected, "file cut at \(length)")
      }
    }
    #expect(failure(whole) == nil)
  }

  @Test func headerErrorsAreReportedAtTheirByte() throws {
    let eight = [UInt8](repeating: 0, count: 8)
    let f32 = #"{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#
    // (name, file, text whose first byte is the expected offset or an
    // explicit offset, words of the reason)
    let cases: [(String, [UInt8], Int?, String?, String)] = [
      (
        "header length past the end", safetensorsFile("{}", declaredLength: 1 << 40), 0, nil,
        "header length"
      ),
      (
        "header length above 100 MB",
        safetensorsFile("{}", declaredLength: 200 << 20) + [UInt8](repeating: 0x20, count: 1), 0,
        nil, "limit"
      ),
      ("header not an object", safetensorsFile(" {}"), 8, nil, "begin with '{'"),
      (
        "byte 0xFF between members", safetensorsFile("{\u{7F}}").map { $0 == 0x7F ? 0xFF : $0 }, 9,
        nil, "JSON"
      ),
      ("JSON cut short", safetensorsFile(#"{"a":"#), 13, nil, "end of input"),
      (
        "text after the object", safetensorsFile(#"{"a":\#(f32)} x"#, data: eight), nil, "x",
        "after"
      ),
      (
        "duplicate tensor name", safetensorsFile(#"{"a":\#(f32),"a":\#(f32)}"#, data: eight), nil,
        #""a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, "duplicate tensor name 'a'"
      ),
      ("entry not an object", safetensorsFile(#"{"a":[1]}"#), 13, nil, "not a JSON object"),
      (
        "unknown dtype",
        safetensorsFile(#"{"a":{"dtype":"Q7","shape":[1],"data_offsets":[0,8]}}"#, data: eight),
        nil, #""Q7""#, "not a safetensors type"
      ),
      (
        "offsets past the data",
        safetensorsFile(#"{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#, data: eight),
        nil, "[0,16]", "outside"
      ),
      (
        "reversed offsets",
        safetensorsFile(#"{"a":{"dtype":"U8","shape":[0],"data_offsets":[8,0]}}"#, data: eight),
        nil, "[8,0]", "begin ≤ end"
      ),
      (
        "size disagrees with shape",
        safetensorsFile(#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: eight),
        nil, "[0,8]", "needs 12 bytes"
      ),
      (
        "BF16 size disagrees",
        safetensorsFile(#"{"a":{"dtype":"BF16","shape":[2,3],"data_offsets":[0,8]}}"#, data: eight),
        nil, "[0,8]", "needs 12 bytes"
      ),
      (
        "element count overflows",
        safetensorsFile(
          #"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}"#,
          data: eight), nil, "[4611686018427387904", "overflows"
      ),
      (
        "byte count overflows",
        safetensorsFile(
          #"{"a":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,8]}}"#, data: eight),
        nil, "[2305843009213693952", "overflows"
      ),
      (
        "F4 count not whole bytes",
        safetensorsFile(#"{"a":{"dtype":"F4","shape":[3],"data_offsets":[0,8]}}"#, data: eight),
        nil, "[3]", "whole bytes"
      ),
      (
        "negative extent",
        safetensorsFile(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, data: eight),
        nil, "[-2]", "non-negative"
      ),
      (
        "extent too large for Int",
        safetensorsFile(
          #"{"a":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,8]}}"#, data: eight
        ), nil, "[999", "non-negative integers"
      ),
      (
        "overlap",
        safetensorsFile(
          #"{"a":\#(f32),"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: eight), nil,
        "[4,8]", "overlap"
      ),
      (
        "hole",
        safetensorsFile(
          #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[2],"data_offsets":[6,8]}}"#,
          data: eight), nil, "[6,8]", "belong to no tensor"
      ),
      (
        "bytes after the last tensor",
        safetensorsFile(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: eight),
        -4, nil, "after the last tensor"
      ),
      ("metadata not a map", safetensorsFile(#"{"__metadata__":["x"]}"#), 24, nil, "not an object"),
      (
        "metadata value not a string", safetensorsFile(#"{"__metadata__":{"k":1}}"#), 24, nil,
        "'k' is not a string"
      ),
      (
        "missing data_offsets", safetensorsFile(#"{"a":{"dtype":"F32","shape":[]}}"#), 13, nil,
        "needs dtype"
      ),
    ]
    for (name, bytes, offset, text, reason) in cases {
      guard let (got, message) = failure(bytes) else {
        Issue.record("\(name): accepted")
        continue
      }
      let expected: Int
      if let text {
        expected = byteOffset(of: text, in: bytes)
      } else if let offset, offset < 0 {
        expected = bytes.count + offset
      } else {
        expected = offset!
      }
      #expect(got == expected, "\(name): \(message)")
      #expect(message.contains(reason), "\(name): \(message)")
    }
  }

  @Test func everySingleByteCorruptionReadsOrFailsWithATypedError() throws {
    let whole = try BinaryFile.read(FixtureFiles.url("io/example.safetensors").path)
    var opened = 0
    for position in whole.indices {
      for replacement: UInt8 in [0x00, 0x22, 0x39, 0xFF] where whole[position] != replacement {
        var bytes = whole
        bytes[position] = replacement
        do {
          let file = try SafetensorsFile(bytes: bytes, source: "corrupt")
          opened += 1
          for name in file.names {
            _ = try? file.tensor(named: name, as: Float.self)
            _ = try? file.tensor(named: name, as: Double.self)
          }
        } catch let error as RepriseError {
          guard case .malformedFile(_, let offset, _) = error else {
            Issue.record("byte \(position) → \(replacement): \(error)")
            continue
          }
          #expect(offset >= 0 && offset <= bytes.count, "byte \(position) → \(replacement)")
        }
      }
    }
    // Corrupted data bytes (and harmless header bytes) still open.
    #expect(opened > 0)
  }

  @Test func nonUTF8NamesAreRejectedInsideTheHeader() throws {
    var bytes = safetensorsFile(#"{"aXb":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}}"#)
    let x = byteOffset(of: "X", in: bytes)
    bytes[x] = 0xC3  // a lead byte followed by 'b': invalid UTF-8
    guard let (offset, reason) = failure(bytes) else {
      Issue.record("invalid UTF-8 accepted")
      return
    }
    #expect(offset > x && offset < bytes.count && reason.contains("UTF-8"))
  }

  @Test func theWriterProducesWhatTheValidatingReaderAccepts() throws {
    let a = try Tensor<Float>(
      shape: [2, 2], scalars: [1, -0.0, .infinity, .leastNonzeroMagnitude])
    let b = try Tensor<Double>(shape: [], scalars: [-1e-310])
    let empty = try Tensor<Float>(shape: [0, 4], scalars: [])
    let bytes = try Safetensors.encode(
      [("a", .float32(a)), ("empty", .float32(empty)), ("b", .float64(b))], metadata: ["m": "v"])
    let file = try SafetensorsFile(bytes: bytes, source: "memory")
    #expect(file.names == ["a", "empty", "b"] && file.metadata == ["m": "v"])
    #expect(try file.tensor(named: "a", as: Float.self) == a)
    #expect(try file.tensor(named: "b", as: Double.self) == b)
    #expect(try file.tensor(named: "empty", as: Double.self).shape == [0, 4])
    // F32 widens to Double bit for bit; F64 that is not a Float is refused.
    #expect(
      try file.tensor(named: "a", as: Double.self).scalars.map(\.bitPattern)
        == a.scalars.map { Double($0).bitPattern })
    #expect(throws: RepriseError.self) { try file.tensor(named: "b", as: Float.self) }
  }
}
