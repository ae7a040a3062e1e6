// Bad-input catalogue for RepriseIO: every reader that takes outside bytes
// (.npy, .npz and its inflater, safetensors, CSV, JSON) is fed empty, truncated, contradictory and hostile input.
// Each case states the typed RepriseError it must produce — never a crash, a
// hang, an unbounded allocation or a silently wrong array. Cases are test
// arguments, so the runner counts them.
import Foundation
import RepriseTestSupport
import Testing

@testable import RepriseIO

/// One hostile input and the error kind it must produce.
struct IOBadInput: Sendable, CustomTestStringConvertible {
  enum Kind: String, Sendable { case malformedFile, invalidArgument, invalidShape, fileAccess }
  let name: String
  let kind: Kind
  let run: @Sendable () throws -> Void
  var testDescription: String { name }

  init(_ name: String, _ kind: Kind, _ run: @escaping @Sendable () throws -> Void) {
    (self.name, self.kind, self.run) = (name, kind, run)
  }
}

/// A `.npy` file whose header dictionary is `dictionary` and whose data is `data`.
private func npyBytes(_ dictionary: String, data: [UInt8] = [], version: UInt8 = 1) -> [UInt8] {
  var header = Array(dictionary.utf8)
  while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
  header.append(0x0A)
  var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [version, 0]
  bytes += [UInt8(header.count & 0xFF), UInt8(header.count >> 8)]
  return bytes + header + data
}

/// A `.safetensors` file with the given JSON header text and data bytes.
private func safetensorsBytes(_ header: String, data: [UInt8] = []) -> [UInt8] {
  let text = Array(header.utf8)
  var length = UInt64(text.count).littleEndian
  return withUnsafeBytes(of: &length) { Array($0) } + text + data
}

private let npyCases: [IOBadInput] = [
  IOBadInput("npy: empty file", .malformedFile) { _ = try NpyArray(decoding: [], source: "t") },
  IOBadInput("npy: wrong magic", .malformedFile) {
    _ = try NpyArray(decoding: Array("NOT A NUMPY FILE".utf8), source: "t")
  },
  IOBadInput("npy: header length past the end", .malformedFile) {
    _ = try NpyArray(decoding: Array(npyBytes("{'descr': '<f8'}").prefix(20)), source: "t")
  },
  IOBadInput("npy: unknown version 9", .malformedFile) {
    _ = try NpyArray(
      decoding: npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", version: 9),
      source: "t")
  },
  IOBadInput("npy: complex dtype", .malformedFile) {
    _ = try NpyArray(
      decoding: npyBytes(
        "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }",
        data: .init(repeating: 0, count: 16)),
      source: "t")
  },
  IOBadInput("npy: missing shape key", .malformedFile) {
    _ = try NpyArray(decoding: npyBytes("{'descr': '<f8', 'fortran_order': False, }"), source: "t")
  },
  IOBadInput("npy: negative extent", .malformedFile) {
    _ = try NpyArray(
      decoding: npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }"),
      source: "t")
  },
  IOBadInput("npy: element count overflows Int", .malformedFile) {
    _ = try NpyArray(
      decoding: npyBytes(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 2), }"),
      source: "t")
  },
  IOBadInput("npy: byte count overflows Int", .malformedFile) {
    _ = try NpyArray(
      decoding: npyBytes(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904,), }"),
      source: "t")
  },
  IOBadInput("npy: extent beyond Int", .malformedFile) {
    _ = try NpyArray(
      decoding: npyBytes(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }"),
      source: "t")
  },
  IOBadInput("npy: truncated data", .malformedFile) {
    _ = try NpyArray(
      decoding: npyBytes(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
        data: .init(repeating: 0, count: 15)),
      source: "t")
  },
  IOBadInput("npy: trailing bytes", .malformedFile) {
    _ = try NpyArray(
      decoding: npyBytes(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }",
        data: .init(repeating: 0, count: 9)),
      source: "t")
  },
  IOBadInput("npy: unterminated dictionary", .malformedFile) {
    _ = try NpyArray(decoding: npyBytes("{'descr': '<f8', 'shape': (1,"), source: "t")
  },
  IOBadInput("npy: missing file", .fileAccess) {
    _ = try NpyArray(contentsOf: "/nonexistent/reprise/a.npy")
  },
]

private let npzCases: [IOBadInput] = [
  IOBadInput("npz: empty file", .malformedFile) { _ = try NpzFile(decoding: [], source: "t") },
  IOBadInput("npz: random bytes", .malformedFile) {
    _ = try NpzFile(decoding: (0..<300).map { UInt8(($0 * 73 + 11) & 0xFF) }, source: "t")
  },
  IOBadInput("npz: truncated to half", .malformedFile) {
    let bytes = [UInt8](try FixtureFiles.data("io/npz/stored.npz"))
    _ = try NpzFile(decoding: Array(bytes.prefix(bytes.count / 2)), source: "t")
  },
  IOBadInput("npz: a data byte flipped (CRC-32)", .malformedFile) {
    var bytes = [UInt8](try FixtureFiles.data("io/npz/stored.npz"))
    let archive = try ZipArchive(bytes: bytes, source: "t")
    bytes[archive.entries[0].dataOffset + archive.entries[0].compressedSize - 1] ^= 0x40
    _ = try NpzFile(decoding: bytes, source: "t")
  },
  IOBadInput("npz: decompressed size above the caller's bound", .malformedFile) {
    let bytes = [UInt8](try FixtureFiles.data("io/npz/compressed.npz"))
    _ = try NpzFile(decoding: bytes, source: "t", maximumBytes: 64)
  },
]

private let inflateCases: [IOBadInput] = [
  IOBadInput("inflate: empty stream", .malformedFile) {
    _ = try Inflate.decompress([], maximumOutputBytes: 1 << 20, source: "t")
  },
  IOBadInput("inflate: reserved block type 3", .malformedFile) {
    _ = try Inflate.decompress([0x07], maximumOutputBytes: 1 << 20, source: "t")
  },
  IOBadInput("inflate: stored length and complement disagree", .malformedFile) {
    _ = try Inflate.decompress(
      [0x01, 0x05, 0x00, 0x00, 0x00], maximumOutputBytes: 1 << 20, source: "t")
  },
  IOBadInput("inflate: stored block truncated", .malformedFile) {
    _ = try Inflate.decompress(
      [0x01, 0x05, 0x00, 0xFA, 0xFF, 0x41], maximumOutputBytes: 1 << 20, source: "t")
  },
  IOBadInput("inflate: output above its bound (bomb)", .malformedFile) {
    // 64 KiB of zeros at level 9 is about 100 bytes.
    let stored: [UInt8] = [0x01, 0x00, 0x01, 0xFF, 0xFE] + [UInt8](repeating: 0, count: 256)
    _ = try Inflate.decompress(stored, maximumOutputBytes: 100, source: "t")
  },
]

private let safetensorsCases: [IOBadInput] = [
  IOBadInput("safetensors: shorter than its length field", .malformedFile) {
    _ = try Safetensors.decode([1, 2, 3], source: "t")
  },
  IOBadInput("safetensors: header length past the end", .malformedFile) {
    _ = try Safetensors.decode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x7B], source: "t")
  },
  IOBadInput("safetensors: header is not JSON", .malformedFile) {
    _ = try Safetensors.decode(safetensorsBytes("not json"), source: "t")
  },
  IOBadInput("safetensors: data offsets past the end", .malformedFile) {
    _ = try Safetensors.decode(
      safetensorsBytes(#"{"w":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#, data: [0, 0]),
      source: "t")
  },
  IOBadInput("safetensors: shape disagrees with offsets", .malformedFile) {
    _ = try Safetensors.decode(
      safetensorsBytes(
        #"{"w":{"dtype":"F64","shape":[3],"data_offsets":[0,16]}}"#,
        data: .init(repeating: 0, count: 16)),
      source: "t")
  },
  IOBadInput("safetensors: element count overflows Int", .malformedFile) {
    _ = try Safetensors.decode(
      safetensorsBytes(
        #"{"w":{"dtype":"F64","shape":[9223372036854775807,4],"data_offsets":[0,8]}}"#,
        data: .init(repeating: 0, count: 8)),
      source: "t")
  },
  IOBadInput("safetensors: negative extent", .malformedFile) {
    _ = try Safetensors.decode(
      safetensorsBytes(
        #"{"w":{"dtype":"F64","shape":[-1],"data_offsets":[0,8]}}"#,
        data: .init(repeating: 0, count: 8)),
      source: "t")
  },
  IOBadInput("safetensors: reversed offsets", .malformedFile) {
    _ = try Safetensors.decode(
      safetensorsBytes(
        #"{"w":{"dtype":"F64","shape":[1],"data_offsets":[8,0]}}"#,
        data: .init(repeating: 0, count: 8)),
      source: "t")
  },
]

private let csvCases: [IOBadInput] = [
  IOBadInput("csv: empty text", .malformedFile) {
    _ = try CSV.decode([], as: Double.self, source: "t")
  },
  IOBadInput("csv: ragged rows", .malformedFile) {
    _ = try CSV.decode(Array("1,2\n3\n".utf8), as: Double.self, header: .absent, source: "t")
  },
  IOBadInput("csv: a word among numbers", .malformedFile) {
    _ = try CSV.decode(Array("1,2\n3,four\n".utf8), as: Double.self, header: .absent, source: "t")
  },
  IOBadInput("csv: NaN when not allowed", .malformedFile) {
    _ = try CSV.decode(Array("1,nan\n".utf8), as: Double.self, header: .absent, source: "t")
  },
  IOBadInput("csv: overflow to infinity when not allowed", .malformedFile) {
    _ = try CSV.decode(Array("1,1e999\n".utf8), as: Double.self, header: .absent, source: "t")
  },
  IOBadInput("csv: unterminated quote", .malformedFile) {
    _ = try CSV.decode(Array("\"1,2\n".utf8), as: Double.self, header: .absent, source: "t")
  },
  IOBadInput("csv: quote as delimiter", .invalidArgument) {
    _ = try CSV.decode(Array("1\n".utf8), as: Double.self, delimiter: "\"", source: "t")
  },
]

private let jsonCases: [IOBadInput] = [
  IOBadInput("json: empty text", .malformedFile) { _ = try JSONValue.parse([], source: "t") },
  IOBadInput("json: nesting deeper than the bound", .malformedFile) {
    _ = try JSONValue.parse(Array((String(repeating: "[", count: 100_000)).utf8), source: "t")
  },
  IOBadInput("json: unterminated string", .malformedFile) {
    _ = try JSONValue.parse(Array("\"abc".utf8), source: "t")
  },
  IOBadInput("json: trailing text", .malformedFile) {
    _ = try JSONValue.parse(Array("{} x".utf8), source: "t")
  },
  IOBadInput("json: invalid escape", .malformedFile) {
    _ = try JSONValue.parse(Array(#""\q""#.utf8), source: "t")
  },
  IOBadInput("json: bare NaN", .malformedFile) {
    _ = try JSONValue.parse(Array("NaN".utf8), source: "t")
  },
  IOBadInput("json: invalid UTF-8", .malformedFile) {
    _ = try JSONValue.parse([0x22, 0xFF, 0xFE, 0x22], source: "t")
  },
]

@Suite struct IOBadInputCatalogueTests {
  static let cases =
    npyCases + npzCases + inflateCases + safetensorsCases + csvCases + jsonCases

  @Test(arguments: cases)
  func rejectsWithATypedError(_ input: IOBadInput) {
    expectRepriseError(input.name, kinds: [input.kind.rawValue]) { try input.run() }
  }

  /// Degenerate but valid inputs have documented values.
  @Test func degenerateButValidInputs() throws {
    // A 0 × 3 .npy array reads as an empty 0 × 3 tensor.
    let empty = try NpyArray(
      decoding: npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (0, 3), }"), source: "t"
    )
    #expect(try empty.tensor(as: Double.self).shape == [0, 3])
    // A 1 × 1 CSV holds its one value.
    let one = try CSV.decode(Array("7.25\n".utf8), as: Double.self, header: .absent, source: "t")
    #expect(one.values.shape == [1, 1] && one.values.scalars == [7.25])
    // Non-finite values pass when asked for, with their exact meaning.
    let special = try CSV.decode(
      Array("nan,inf,-inf\n".utf8), as: Double.self, header: .absent, allowNonFinite: true,
      source: "t")
    #expect(special.values.scalars[0].isNaN && special.values.scalars[1] == .infinity)
    #expect(special.values.scalars[2] == -.infinity)
  }
}
