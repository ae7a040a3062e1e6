// A whole `.npy` array in memory: reading, converting, writing.
//
// Reading parses the header (NpyHeader), requires the data to be exactly as
// long as the header's shape and dtype say (a short file is reported as
// truncated, with the offset where the data should end; trailing bytes are
// reported too), and reorders column-major data to row-major once, so every
// accessor sees C order. The elements keep their stored type until asked
// for: as a Tensor<Float> or Tensor<Double> (see NpyElements for the
// conversions) or as [Int] for integer and boolean arrays.
//
// Writing uses little-endian, row-major f4 (Float), f8 (Double) or i8 (Int)
// with a version 1.0 header (2.0 if the shape needs it), as `numpy.save`
// does; the file is written atomically.

/// A `.npy` array: shape, element type and the row-major element bytes.
public struct NpyArray: Sendable, Equatable {
  public let shape: [Int]
  public let dataType: NpyDataType
  /// Row-major elements in the stored width and byte order.
  let data: [UInt8]

  /// Parses the bytes of a `.npy` file; `source` names it in errors.
  public init(decoding bytes: [UInt8], source: String) throws {
    let header = try NpyHeader.parse(bytes, source: source)
    let available = bytes.count - header.dataOffset
    guard available >= header.dataByteCount else {
      throw RepriseError.malformedFile(
        path: source, offset: bytes.count,
        reason:
          "truncated: shape \(header.shape) of \(header.dataType) needs \(header.dataByteCount) data bytes from offset \(header.dataOffset), the file holds \(available)"
      )
    }
    guard available == header.dataByteCount else {
      throw RepriseError.malformedFile(
        path: source, offset: header.dataOffset + header.dataByteCount,
        reason: "\(available - header.dataByteCount) bytes after the end of the array data")
    }
    let stored = Array(bytes[header.dataOffset...])
    shape = header.shape
    dataType = header.dataType
    data =
      header.isFortranOrder
      ? NpyElements.rowMajor(fromColumnMajor: stored, shape: shape, width: dataType.byteWidth)
      : stored
  }

  /// Reads a `.npy` file (at most `maximumBytes` long).
  public init(contentsOf path: String, maximumBytes: Int = 1 << 36) throws {
    try self.init(decoding: try BinaryFile.read(path, maximumBytes: maximumBytes), source: path)
  }

  /// A float32 (Float) or float64 (Double) array holding `tensor`.
  public init<Scalar: RealScalar>(_ tensor: Tensor<Scalar>) {
    shape = tensor.shape
    var bytes: [UInt8] = []
    bytes.reserveCapacity(tensor.count * MemoryLayout<Scalar>.size)
    if Scalar.self == Float.self {
      dataType = .float32
      for value in tensor.scalars { NpyArray.append(UInt32(value.bits).littleEndian, to: &bytes) }
    } else {
      dataType = .float64
      for value in tensor.scalars { NpyArray.append(UInt64(value.bits).littleEndian, to: &bytes) }
    }
    data = bytes
  }

  /// An int64 array of `shape` holding `integers` in row-major order.
  public init(integers: [Int], shape: [Int]) throws {
    let count = try Shape.elementCount(shape, operation: "NpyArray(integers:shape:)")
    guard count == integers.count else {
      throw RepriseError.shapeMismatch(
        operation: "NpyArray(integers:shape:)", expected: [count], got: [integers.count])
    }
    self.shape = shape
    dataType = .int64
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count * 8)
    for value in integers { NpyArray.append(Int64(value).littleEndian, to: &bytes) }
    data = bytes
  }

  public var count: Int { data.count / dataType.byteWidth }

  /// The elements as a tensor (row-major, same shape).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func tensor<Scalar: RealScalar>(as _: Scalar.Type = Double.self) throws -> Tensor<Scalar> {
    let values: [Scalar] = data.withUnsafeBytes {
      NpyElements.scalars($0, dataType, count: count)
    }
    return try Tensor(shape: shape, scalars: values)
  }

  /// The elements of an integer or boolean array, row-major.
  public func integers() throws -> [Int] {
    try data.withUnsafeBytes {
      try NpyElements.integers($0, dataType, count: count, source: "\(dataType) array")
    }
  }

  /// The bytes of a `.npy` file holding this array.
  public func encoded() -> [UInt8] {
    NpyHeader.encode(dataType: dataType, shape: shape) + data
  }

  /// Writes this array to `path` atomically.
  public func write(to path: String) throws {
    try BinaryFile.writeAtomically(encoded(), to: path)
  }

  static func append<I: FixedWidthInteger>(_ value: I, to bytes: inout [UInt8]) {
    withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
  }
}

/// Shorthands for the common cases.
public enum Npy {
  /// A `.npy` file of any supported dtype as a tensor.
  public static func read<Scalar: RealScalar>(_ path: String, as type: Scalar.Type = Double.self)
    throws -> Tensor<Scalar>
  {
    try NpyArray(contentsOf: path).tensor(as: type)
  }

  /// An integer or boolean `.npy` file: its shape and row-major values.
  public static func readIntegers(_ path: String) throws -> (shape: [Int], values: [Int]) {
    let array = try NpyArray(contentsOf: path)
    return (array.shape, try array.integers())
  }

  /// Writes a tensor as little-endian f4 (Float) or f8 (Double).
  public static func write<Scalar: RealScalar>(_ tensor: Tensor<Scalar>, to path: String) throws {
    try NpyArray(tensor).write(to: path)
  }
}
