// Converting raw `.npy` element bytes to Reprise's numbers, and reordering
// column-major (Fortran) data to row-major.
//
// Floats widen exactly (f4 → Double) or round to nearest (f8 → Float);
// integers convert to the nearest Float/Double (exact up to 2^24 and 2^53);
// booleans are 0 or 1 (any non-zero byte is true, as in NumPy). A little-endian
// f4 → Float or f8 → Double copy is a plain memory copy; every other case
// loads each element with an explicit byte order, so the result does not
// depend on the host's endianness. Cost: one pass over the bytes.
//
// Column-major data of shape (d0, …, dn−1) keeps element (i0, …, in−1) at
// i0 + d0·(i1 + d1·(…)); the reorder walks the row-major output in order,
// stepping that Fortran offset with per-axis strides and carries.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum NpyElements {
  static func load<I: FixedWidthInteger>(
    _: I.Type, _ raw: UnsafeRawBufferPointer, _ index: Int, bigEndian: Bool
  ) -> I {
    let stored = raw.loadUnaligned(fromByteOffset: index * MemoryLayout<I>.size, as: I.self)
    return bigEndian ? I(bigEndian: stored) : I(littleEndian: stored)
  }

  /// `count` elements of `type` from `raw`, as `Scalar`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func scalars<Scalar: RealScalar>(
    _ raw: UnsafeRawBufferPointer, _ type: NpyDataType, count: Int
  ) -> [Scalar] {
    precondition(raw.count >= count * type.byteWidth)
    let big = type.isBigEndian
    return [Scalar](unsafeUninitializedCapacity: count) { out, initialized in
      let direct =
        (type == .float32 && Scalar.self == Float.self)
        || (type == .float64 && Scalar.self == Double.self)
      if direct && count > 0 {
        memcpy(out.baseAddress!, raw.baseAddress!, count * type.byteWidth)
      } else {
        switch (type.kind, type.byteWidth) {
        case (.float, 4):
          for i in 0..<count {
            out[i] = Scalar(Float(bitPattern: load(UInt32.self, raw, i, bigEndian: big)))
          }
        case (.float, _):
          for i in 0..<count {
            out[i] = Scalar(Double(bitPattern: load(UInt64.self, raw, i, bigEndian: big)))
          }
        case (.signedInteger, 1):
          for i in 0..<count { out[i] = Scalar(load(Int8.self, raw, i, bigEndian: big)) }
        case (.signedInteger, 2):
          for i in 0..<count { out[i] = Scalar(load(Int16.self, raw, i, bigEndian: big)) }
        case (.signedInteger, 4):
          for i in 0..<count { out[i] = Scalar(load(Int32.self, raw, i, bigEndian: big)) }
        case (.signedInteger, _):
          for i in 0..<count { out[i] = Scalar(load(Int64.self, raw, i, bigEndian: big)) }
        case (.unsignedInteger, 1):
          for i in 0..<count { out[i] = Scalar(load(UInt8.self, raw, i, bigEndian: big)) }
        case (.unsignedInteger, 2):
          for i in 0..<count { out[i] = Scalar(load(UInt16.self, raw, i, bigEndian: big)) }
        case (.unsignedInteger, 4):
          for i in 0..<count { out[i] = Scalar(load(UInt32.self, raw, i, bigEndian: big)) }
        case (.unsignedInteger, _):
          for i in 0..<count { out[i] = Scalar(load(UInt64.self, raw, i, bigEndian: big)) }
        case (.boolean, _): for i in 0..<count { out[i] = raw[i] == 0 ? 0 : 1 }
        }
      }
      initialized = count
    }
  }

  /// `count` integer or boolean elements as `Int`; floats, and unsigned
  /// values above `Int.max`, are errors naming the element.
  static func integers(
    _ raw: UnsafeRawBufferPointer, _ type: NpyDataType, count: Int, source: String
  ) throws -> [Int] {
    let big = type.isBigEndian
    var result = [Int](repeating: 0, count: count)
    switch (type.kind, type.byteWidth) {
    case (.float, _):
      throw RepriseError.invalidArgument(
        operation: "npy integers", name: source,
        reason: "dtype \(type.descriptor) holds floating-point values; read it as a tensor")
    case (.signedInteger, 1):
      for i in 0..<count { result[i] = Int(load(Int8.self, raw, i, bigEndian: big)) }
    case (.signedInteger, 2):
      for i in 0..<count { result[i] = Int(load(Int16.self, raw, i, bigEndian: big)) }
    case (.signedInteger, 4):
      for i in 0..<count { result[i] = Int(load(Int32.self, raw, i, bigEndian: big)) }
    case (.signedInteger, _):
      for i in 0..<count { result[i] = Int(load(Int64.self, raw, i, bigEndian: big)) }
    case (.unsignedInteger, 1):
      for i in 0..<count { result[i] = Int(load(UInt8.self, raw, i, bigEndian: big)) }
    case (.unsignedInteger, 2):
      for i in 0..<count { result[i] = Int(load(UInt16.self, raw, i, bigEndian: big)) }
    case (.unsignedInteger, 4):
      for i in 0..<count { result[i] = Int(load(UInt32.self, raw, i, bigEndian: big)) }
    case (.unsignedInteger, _):
      for i in 0..<count {
        let value = load(UInt64.self, raw, i, bigEndian: big)
        guard let exact = Int(exactly: value) else {
          throw RepriseError.invalidArgument(
            operation: "npy integers", name: source,
            reason: "element \(i) = \(value) does not fit in Int")
        }
        result[i] = exact
      }
    case (.boolean, _): for i in 0..<count { result[i] = raw[i] == 0 ? 0 : 1 }
    }
    return result
  }

  /// Column-major element bytes of `shape` reordered to row-major.
  static func rowMajor(fromColumnMajor data: [UInt8], shape: [Int], width: Int) -> [UInt8] {
    let count = data.count / max(width, 1)
    guard shape.count > 1, count > 1 else { return data }
    var fortranStrides = [Int](repeating: 1, count: shape.count)
    for axis in 1..<shape.count {
      fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1]
    }
    var result = [UInt8](repeating: 0, count: data.count)
    var index = [Int](repeating: 0, count: shape.count)
    var source = 0
    data.withUnsafeBytes { input in
      result.withUnsafeMutableBytes { output in
        for target in 0..<count {
          memcpy(output.baseAddress! + target * width, input.baseAddress! + source * width, width)
          var axis = shape.count - 1
          while axis >= 0 {
            index[axis] += 1
            source += fortranStrides[axis]
            if index[axis] < shape[axis] { break }
            source -= fortranStrides[axis] * shape[axis]
            index[axis] = 0
            axis -= 1
          }
        }
      }
    }
    return result
  }
}
