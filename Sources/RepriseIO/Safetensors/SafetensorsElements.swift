// Converting one safetensors tensor's little-endian bytes to Float or
// Double, exactly or not at all.
//
// The reader never changes a value. Floats widen bit for bit
// (`SmallFloatWidening`: F16, BF16 and the 8-bit floats to either type, F32
// to Double keeping NaN payloads); F32 → Float and F64 → Double are loads.
// F64 → Float and integers convert when the target type holds the value
// exactly (F64 NaN stays NaN with its sign; integers up to 2^24 in Float and
// 2^53 in Double always fit, larger ones when they are representable, e.g.
// 2^60); otherwise the error names the tensor, the element index, its value
// and its byte offset in the file, and suggests Double. BOOL bytes must be 0
// or 1. NaN and ±∞ are read as stored: rejecting them is the job of the
// layers that compute. Cost: one pass over the bytes.

enum SafetensorsElements {
  /// The elements of `entry`, whose bytes are `raw`, as `Scalar`; `source`
  /// names the file in errors.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func scalars<Scalar: RealScalar>(
    _ raw: UnsafeRawBufferPointer, entry: SafetensorsEntry, source: String, as _: Scalar.Type
  ) throws -> [Scalar] {
    let count = entry.count
    precondition(raw.count == entry.fileRange.count)
    func inexact(_ index: Int, _ value: String) -> RepriseError {
      .malformedFile(
        path: source, offset: entry.fileRange.lowerBound + index * entry.dataType.bitWidth / 8,
        reason:
          "tensor '\(entry.name)' (\(entry.dataType.rawValue)) element \(index) = \(value) has no exact \(Scalar.typeName) value; read it as Double"
      )
    }
    func load<I: FixedWidthInteger>(_: I.Type, _ i: Int) -> I {
      I(littleEndian: raw.loadUnaligned(fromByteOffset: i * MemoryLayout<I>.size, as: I.self))
    }
    func integers<I: FixedWidthInteger>(_ type: I.Type) throws -> [Scalar] {
      var out = [Scalar](repeating: 0, count: count)
      for i in 0..<count {
        let value = load(type, i)
        guard let converted = Scalar(exactly: value) else { throw inexact(i, "\(value)") }
        out[i] = converted
      }
      return out
    }
    func widened(_ format: SmallFloatFormat, _ bits: (Int) -> UInt64) -> [Scalar] {
      (0..<count).map { i in
        Scalar(
          bits: Scalar.Bits(
            truncatingIfNeeded: SmallFloatWidening.widen(
              bits(i), from: format, exponentBits: Scalar.exponentBitCount,
              fractionBits: Scalar.significandBitCount)))
      }
    }
    switch entry.dataType {
    case .bool:
      var out = [Scalar](repeating: 0, count: count)
      for i in 0..<count {
        switch raw[i] {
        case 0: out[i] = 0
        case 1: out[i] = 1
        default: throw inexact(i, "byte \(raw[i])")
        }
      }
      return out
    case .uint8: return try integers(UInt8.self)
    case .int8: return try integers(Int8.self)
    case .uint16: return try integers(UInt16.self)
    case .int16: return try integers(Int16.self)
    case .uint32: return try integers(UInt32.self)
    case .int32: return try integers(Int32.self)
    case .uint64: return try integers(UInt64.self)
    case .int64: return try integers(Int64.self)
    case .float16: return widened(.binary16) { UInt64(load(UInt16.self, $0)) }
    case .bfloat16: return widened(.bfloat16) { UInt64(load(UInt16.self, $0)) }
    case .float8E4M3: return widened(.float8E4M3) { UInt64(raw[$0]) }
    case .float8E5M2: return widened(.float8E5M2) { UInt64(raw[$0]) }
    case .float8E8M0:
      // Powers of two in [2^−127, 2^127] (or NaN): narrowing to Float is exact.
      return (0..<count).map { Scalar(SmallFloatWidening.double(e8m0: raw[$0])) }
    case .float32 where Scalar.self == Float.self:
      return (0..<count).map { Scalar(bits: Scalar.Bits(load(UInt32.self, $0))) }
    case .float32: return widened(.binary32) { UInt64(load(UInt32.self, $0)) }
    case .float64 where Scalar.self == Double.self:
      return (0..<count).map { Scalar(bits: Scalar.Bits(load(UInt64.self, $0))) }
    case .float64:
      var out = [Scalar](repeating: 0, count: count)
      for i in 0..<count {
        let value = Double(bitPattern: load(UInt64.self, i))
        let narrowed = Scalar(value)
        guard Double(narrowed) == value || value.isNaN else { throw inexact(i, "\(value)") }
        out[i] = narrowed
      }
      return out
    case .float8E4M3FNUZ, .float8E5M2FNUZ, .float4, .float6E2M3, .float6E3M2, .complex64:
      throw unsupported(entry, source: source)
    }
  }

  /// The error for a dtype Reprise does not convert, at its "dtype" value.
  static func unsupported(_ entry: SafetensorsEntry, source: String) -> RepriseError {
    .malformedFile(
      path: source, offset: entry.dataTypeOffset,
      reason:
        "tensor '\(entry.name)': dtype \(entry.dataType.rawValue) is not supported (Reprise reads BOOL, integers, F16, BF16, F32, F64, F8_E4M3, F8_E5M2 and F8_E8M0)"
    )
  }
}
