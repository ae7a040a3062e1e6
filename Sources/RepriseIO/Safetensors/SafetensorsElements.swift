// Converting one safetensors tensor's little-endian bytes to Float or
// Double, exactly or not at all.
//
// The reader never changes a number. Floats widen exactly
// (`SmallFloatWidening`: F16, BF16 and the 8-bit floats to either type, F32
// to Double; a NaN keeps its sign and payload and comes out quiet, as IEEE
// 754 §6.2 asks); F32 → Float and F64 → Double are plain loads.
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
    func widened(_ format: SmallFloatFormat) -> [Scalar] {
      if Scalar.self == Float.self {
        return unsafeBitCast(widenedBits(raw, format, count, as: UInt32.self), to: [Scalar].self)
      }
      return unsafeBitCast(widenedBits(raw, format, count, as: UInt64.self), to: [Scalar].self)
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
    case .float16: return widened(.binary16)
    case .bfloat16: return widened(.bfloat16)
    case .float8E4M3: return widened(.float8E4M3)
    case .float8E5M2: return widened(.float8E5M2)
    case .float8E8M0:
      // Powers of two in [2^−127, 2^127] (or NaN): narrowing to Float is exact.
      return (0..<count).map { Scalar(SmallFloatWidening.double(e8m0: raw[$0])) }
    case .float32 where Scalar.self == Float.self:
      return unsafeBitCast(widenedBits(raw, nil, count, as: UInt32.self), to: [Scalar].self)
    case .float32:
      // Double(Float) is exact, and quiets a NaN keeping its payload (IEEE
      // 754 §6.2, as x86 and ARM convert): the widening rule, vectorised.
      return widenedBits(raw, nil, count, as: UInt32.self).map { Scalar(Float(bitPattern: $0)) }
    case .float64 where Scalar.self == Double.self:
      return unsafeBitCast(widenedBits(raw, nil, count, as: UInt64.self), to: [Scalar].self)
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

  /// The bit patterns (`UInt32` for Float, `UInt64` for Double) of
  /// `count` elements of `format` widened exactly, or copied when `format`
  /// is nil (the stored type is the target type). Concrete loops, one per
  /// source width, so each compiles to a tight loop.
  @_specialize(where Bits == UInt32)
  @_specialize(where Bits == UInt64)
  static func widenedBits<Bits: FixedWidthInteger & UnsignedInteger>(
    _ raw: UnsafeRawBufferPointer, _ format: SmallFloatFormat?, _ count: Int, as _: Bits.Type
  ) -> [Bits] {
    let exponentBits = Bits.bitWidth == 32 ? 8 : 11
    let fractionBits = Bits.bitWidth == 32 ? 23 : 52
    return [Bits](unsafeUninitializedCapacity: count) { out, initialized in
      guard let format else {
        for i in 0..<count {
          out[i] = Bits(
            littleEndian: raw.loadUnaligned(fromByteOffset: i * Bits.bitWidth / 8, as: Bits.self))
        }
        initialized = count
        return
      }
      @inline(__always) func widen(_ bits: UInt64) -> Bits {
        Bits(
          truncatingIfNeeded: SmallFloatWidening.widen(
            bits, from: format, exponentBits: exponentBits, fractionBits: fractionBits))
      }
      let patternBits = 1 + format.exponentBits + format.fractionBits
      if patternBits <= 16 && count >= 1 << (patternBits - 2) {
        // Many elements of an 8- or 16-bit format: widen every pattern once,
        // then look each element up.
        let table = (0..<(1 << patternBits)).map { widen(UInt64($0)) }
        table.withUnsafeBufferPointer { table in
          if patternBits == 8 {
            for i in 0..<count { out[i] = table[Int(raw[i])] }
          } else {
            for i in 0..<count {
              out[i] =
                table[
                  Int(
                    UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
                ]
            }
          }
        }
      } else {
        switch patternBits {
        case 8:
          for i in 0..<count { out[i] = widen(UInt64(raw[i])) }
        case 16:
          for i in 0..<count {
            out[i] = widen(
              UInt64(
                UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
          }
        default:
          for i in 0..<count {
            out[i] = widen(
              UInt64(
                UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))))
          }
        }
      }
      initialized = count
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
