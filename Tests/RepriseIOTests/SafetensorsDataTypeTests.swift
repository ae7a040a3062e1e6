// Reading every safetensors dtype, checked against references outside
// Reprise: a file written by the `safetensors` package with values converted
// by PyTorch/numpy (Fixtures/scripts/make_safetensors_fixtures.py), Swift's
// own Float16 conversion for all 65,536 binary16 patterns, and the
// definition of bfloat16 (the top half of a binary32) for all of its patterns.
import Foundation
import RepriseIO
import RepriseTestSupport
import Testing

/// The bytes of a safetensors file with header `header` and data `data`.
func safetensorsFile(_ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil)
  -> [UInt8]
{
  let text = Array(header.utf8)
  let length = declaredLength ?? UInt64(text.count)
  return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + text + data
}

/// The offset of the `occurrence`-th `needle` in `bytes` (1-based), or -1.
func byteOffset(of needle: String, in bytes: [UInt8], occurrence: Int = 1) -> Int {
  let pattern = Array(needle.utf8)
  var seen = 0
  for start in 0...(bytes.count - pattern.count)
  where Array(bytes[start..<(start + pattern.count)]) == pattern {
    seen += 1
    if seen == occurrence { return start }
  }
  return -1
}

@Suite struct SafetensorsDataTypeTests {
  enum Expected {
    case bits([UInt64])
    case error(index: Int)

    init(_ line: Substring) {
      let words = line.split(separator: " ").dropFirst()
      if words.first == "error" {
        self = .error(index: Int(words.last!)!)
      } else {
        self = .bits(words.map { UInt64($0, radix: 16)! })
      }
    }
  }

  struct Reference {
    let name: String
    let dtype: String
    let shape: [Int]
    let double: Expected
    let float: Expected
  }

  static func references() throws -> [Reference] {
    let lines = try FixtureFiles.text("io/safetensors/all_dtypes.txt").split(
      separator: "\n", omittingEmptySubsequences: false)
    var result: [Reference] = []
    var i = 0
    while i + 2 < lines.count {
      let head = lines[i].split(separator: " ")
      let shape = head[3] == "-" ? [] : head[3].split(separator: ",").map { Int($0)! }
      result.append(
        Reference(
          name: String(head[1]), dtype: String(head[2]), shape: shape,
          double: Expected(lines[i + 1]), float: Expected(lines[i + 2])))
      i += 3
    }
    return result
  }

  /// Checks one read against its reference: the bits, or an error at the
  /// element's byte naming the tensor and the index.
  func check<Scalar: RealScalar>(
    _ file: SafetensorsFile, _ reference: Reference, _ expected: Expected, as type: Scalar.Type
  ) throws {
    let entry = try file.entry(named: reference.name)
    switch expected {
    case .bits(let bits):
      let tensor = try file.tensor(named: reference.name, as: type)
      #expect(tensor.shape == reference.shape, "\(reference.name)")
      #expect(
        tensor.scalars.map { UInt64($0.bits) } == bits, "\(reference.name) as \(Scalar.typeName)")
    case .error(let index):
      do {
        _ = try file.tensor(named: reference.name, as: type)
        Issue.record("\(reference.name) as \(Scalar.typeName): read a value with no exact form")
      } catch RepriseError.malformedFile(let path, let offset, let reason) {
        #expect(path == file.source)
        #expect(offset == entry.fileRange.lowerBound + index * entry.dataType.bitWidth / 8)
        #expect(reason.contains("'\(reference.name)'") && reason.contains("element \(index) "))
      }
    }
  }

  @Test func everyDtypeMatchesTheReferenceConversionBitForBit() throws {
    let path = FixtureFiles.url("io/safetensors/all_dtypes.safetensors").path
    let file = try SafetensorsFile(contentsOf: path)
    #expect(file.metadata == ["format": "pt", "creator": "make_safetensors_fixtures.py"])
    let references = try Self.references()
    #expect(references.count == 21)
    #expect(Set(file.names) == Set(references.map(\.name) + ["c64"]))
    for reference in references {
      let entry = try file.entry(named: reference.name)
      #expect(entry.dataType.rawValue == reference.dtype && entry.shape == reference.shape)
      try check(file, reference, reference.double, as: Double.self)
      try check(file, reference, reference.float, as: Float.self)
    }
  }

  @Test func anUnreadableDtypeFailsOnlyWhenAskedFor() throws {
    let path = FixtureFiles.url("io/safetensors/all_dtypes.safetensors").path
    let bytes = try BinaryFile.read(path)
    // The whole-file reader converts everything, so C64 (and u64_max) stop it…
    #expect(throws: RepriseError.self) { try Safetensors.read(path) }
    // …while the lazy reader serves every other tensor (checked above) and
    // names C64 at its "dtype" value.
    let file = try SafetensorsFile(contentsOf: path)
    do {
      _ = try file.tensor(named: "c64", as: Double.self)
      Issue.record("C64 was read")
    } catch RepriseError.malformedFile(_, let offset, let reason) {
      #expect(offset == byteOffset(of: "\"C64\"", in: bytes))
      #expect(reason.contains("'c64'") && reason.contains("C64 is not supported"))
    }
    #expect(throws: RepriseError.self) { try file.tensor(named: "missing", as: Float.self) }
  }

  /// All 65,536 patterns of a 16-bit dtype, read as Float and as Double.
  func everyPattern(_ dtype: String) throws -> (floats: [Float], doubles: [Double]) {
    let data = (0..<65536).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let file = try SafetensorsFile(
      bytes: safetensorsFile(
        #"{"t":{"dtype":"\#(dtype)","shape":[256,256],"data_offsets":[0,131072]}}"#, data: data),
      source: dtype)
    return (
      try file.tensor(named: "t", as: Float.self).scalars,
      try file.tensor(named: "t", as: Double.self).scalars
    )
  }

  @Test func binary16WidensLikeSwiftsFloat16ForAllPatterns() throws {
    let (floats, doubles) = try everyPattern("F16")
    for pattern in 0..<65536 {
      let reference = Float16(bitPattern: UInt16(pattern))
      if reference.isNaN {
        // IEEE 754 §6.2: a converted NaN is quiet and keeps sign and payload.
        let quiet = Float(reference).bitPattern | 0x0040_0000
        #expect(floats[pattern].bitPattern == quiet, "\(pattern)")
        #expect(
          doubles[pattern].bitPattern == UInt64(quiet & 0x8000_0000) << 32 | 0x7FF8_0000_0000_0000
            | UInt64(pattern & 0x3FF) << 42, "\(pattern)")
      } else {
        #expect(floats[pattern].bitPattern == Float(reference).bitPattern, "\(pattern)")
        #expect(doubles[pattern].bitPattern == Double(reference).bitPattern, "\(pattern)")
      }
    }
  }

  @Test func bfloat16IsTheTopHalfOfABinary32ForAllPatterns() throws {
    let (floats, doubles) = try everyPattern("BF16")
    for pattern in 0..<65536 {
      let reference = Float(bitPattern: UInt32(pattern) << 16)
      if reference.isNaN {
        #expect(floats[pattern].bitPattern == reference.bitPattern | 0x0040_0000, "\(pattern)")
        #expect(doubles[pattern].isNaN && doubles[pattern].sign == reference.sign)
      } else {
        #expect(floats[pattern].bitPattern == reference.bitPattern, "\(pattern)")
        #expect(doubles[pattern].bitPattern == Double(reference).bitPattern, "\(pattern)")
      }
    }
  }

  @Test func signallingNaNsComeOutQuietWithTheirPayload() throws {
    // IEEE 754 §6.2: sign and payload kept, the quiet bit (top fraction bit) set.
    let bytes = safetensorsFile(
      #"{"s":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"h":{"dtype":"F16","shape":[1],"data_offsets":[4,6]},"b":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]}}"#,
      data: [0x01, 0x00, 0x80, 0x7F, 0x01, 0x7C, 0x81, 0xFF])
    let file = try SafetensorsFile(bytes: bytes, source: "nan")
    #expect(try file.tensor(named: "s", as: Float.self).scalars[0].bitPattern == 0x7F80_0001)
    #expect(
      try file.tensor(named: "s", as: Double.self).scalars[0].bitPattern == 0x7FF8_0000_2000_0000)
    #expect(try file.tensor(named: "h", as: Float.self).scalars[0].bitPattern == 0x7FC0_2000)
    #expect(
      try file.tensor(named: "h", as: Double.self).scalars[0].bitPattern == 0x7FF8_0400_0000_0000)
    #expect(try file.tensor(named: "b", as: Float.self).scalars[0].bitPattern == 0xFFC1_0000)
    #expect(
      try file.tensor(named: "b", as: Double.self).scalars[0].bitPattern == 0xFFF8_2000_0000_0000)
  }

  @Test func halfPrecisionWritingRoundsLikeNumpy() throws {
    // Fixtures/io/safetensors/rounding.txt: float32 input, numpy's F16, the
    // round-to-nearest-even BF16 (checked against torch), as hex bits.
    let rows = try FixtureFiles.text("io/safetensors/rounding.txt").split(separator: "\n").map {
      $0.split(separator: " ").map { UInt32($0, radix: 16)! }
    }
    let inputs = rows.map { Float(bitPattern: $0[0]) } + [.nan, -Float.nan]
    let values = try Tensor<Float>(shape: [inputs.count], scalars: inputs)
    let bytes = try Safetensors.encode([("h", .float16(values)), ("b", .bfloat16(values))])
    let file = try SafetensorsFile(bytes: bytes, source: "halves")
    func stored(_ name: String) throws -> [UInt16] {
      let range = try file.entry(named: name).fileRange
      return stride(from: range.lowerBound, to: range.upperBound, by: 2).map {
        UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8
      }
    }
    let half = try stored("h")
    let brain = try stored("b")
    #expect(try file.entry(named: "h").dataType == .float16)
    for (i, row) in rows.enumerated() {
      #expect(half[i] == UInt16(row[1]), "F16 of \(inputs[i])")
      #expect(brain[i] == UInt16(row[2]), "BF16 of \(inputs[i])")
    }
    // NaN stays a quiet NaN with its sign.
    #expect(half.suffix(2) == [0x7E00, 0xFE00] && brain.suffix(2) == [0x7FC0, 0xFFC0])
    // Reading back widens exactly: each stored F16 is the Float16 of its bits.
    let back = try file.tensor(named: "h", as: Float.self).scalars
    for i in rows.indices {
      #expect(back[i].bitPattern == Float(Float16(bitPattern: half[i])).bitPattern)
    }
  }

  @Test func booleansAreZeroOrOneAndOtherBytesAreNamed() throws {
    let bytes = safetensorsFile(
      #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"flag":{"dtype":"BOOL","shape":[3],"data_offsets":[8,11]}}"#,
      data: [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0, 1, 0, 2])
    let file = try SafetensorsFile(bytes: bytes, source: "flags.safetensors")
    // The F32 tensor reads although the BOOL one is bad: nothing else is decoded.
    #expect(try file.tensor(named: "w", as: Float.self).scalars == [1, -2])
    do {
      _ = try file.tensor(named: "flag", as: Double.self)
      Issue.record("a BOOL byte of 2 was accepted")
    } catch RepriseError.malformedFile(let path, let offset, let reason) {
      #expect(path == "flags.safetensors" && offset == bytes.count - 1)
      #expect(reason.contains("'flag'") && reason.contains("element 2 "))
    }
    #expect(throws: RepriseError.self) { try Safetensors.decode(bytes, source: "flags") }
  }

  @Test func oneTensorIsReadFromAFileWithoutReadingTheOthers() throws {
    // A sparse file: a 1 GiB U8 tensor that is never read, then a small F64
    // one. Opening reads the header; the tensor read seeks past the gigabyte.
    let path = NSTemporaryDirectory() + "reprise-lazy-\(UUID().uuidString).safetensors"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let giga = 1 << 30
    var header = Array(
      #"{"big":{"dtype":"U8","shape":[1073741824],"data_offsets":[0,1073741824]},"x":{"dtype":"F64","shape":[2],"data_offsets":[1073741824,1073741840]}}"#
        .utf8)
    while header.count % 8 != 0 { header.append(0x20) }
    let prefix = safetensorsFile(String(decoding: header, as: UTF8.self))
    FileManager.default.createFile(atPath: path, contents: Data(prefix))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seek(toOffset: UInt64(prefix.count + giga))
    var values = [Double.pi, -0.0]
    handle.write(Data(bytes: &values, count: 16))
    try handle.close()
    let file = try SafetensorsFile(contentsOf: path)
    #expect(file.names == ["big", "x"])
    let x = try file.tensor(named: "x", as: Double.self)
    #expect(x.scalars.map(\.bitPattern) == [Double.pi.bitPattern, (-0.0).bitPattern])
    #expect(try MatrixFile.load(path + ":x").shape == [2, 1])
    // A file cut short after opening: the read stops at the real end.
    #expect(truncate(path, off_t(prefix.count + giga + 8)) == 0)
    do {
      _ = try file.tensor(named: "x", as: Double.self)
      Issue.record("a shrunken file was read")
    } catch RepriseError.malformedFile(let failing, let offset, _) {
      #expect(failing == path && offset == prefix.count + giga + 8)
    }
  }
}
