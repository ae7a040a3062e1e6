// Reading a large `.npy` file a block of rows at a time, in bounded memory.
//
// The file is opened once; the reader parses only the header (reading at
// most 64 KiB plus the preamble) and checks that the file is exactly as long
// as the header promises. `readRows(start:count:)` then seeks to the block and
// reads just its bytes: one contiguous read for row-major data; for
// column-major data one read per position within a row (each a contiguous
// run down the first axis), reordered to row-major afterwards. Memory is the
// block (plus one byte buffer of the same size when the element type needs
// converting); a little-endian f4 file read as Float goes straight into the
// tensor's storage. "Rows" are slices along the first axis; each row holds
// the product of the remaining extents.

/// Row-block access to a `.npy` file without loading it whole.
public final class NpyRowReader {
  public let path: String
  public let header: NpyHeader
  /// Extent of the first axis (1 for a rank-0 array).
  public let rowCount: Int
  /// The shape of one row: the extents after the first.
  public let rowShape: [Int]
  /// Elements per row.
  public let rowLength: Int
  private let file: RandomAccessFile

  /// Opens `path` and parses its header.
  public init(path: String) throws {
    file = try RandomAccessFile(path)
    self.path = path
    let size = file.size
    let prefix = try file.read(at: 0, count: max(0, min(size, 12 + NpyHeader.maximumHeaderBytes)))
    header = try NpyHeader.parse(prefix, source: path)
    let available = size - header.dataOffset
    guard available == header.dataByteCount else {
      throw RepriseError.malformedFile(
        path: path, offset: min(size, header.dataOffset + header.dataByteCount),
        reason: available < header.dataByteCount
          ? "truncated: shape \(header.shape) of \(header.dataType) needs \(header.dataByteCount) data bytes from offset \(header.dataOffset), the file holds \(available)"
          : "\(available - header.dataByteCount) bytes after the end of the array data")
    }
    rowCount = header.shape.first ?? 1
    rowShape = Array(header.shape.dropFirst())
    rowLength = rowShape.reduce(1, *)  // bounded by the checked element count
  }

  /// Rows `start ..< start + count` as a tensor of shape [count] + rowShape.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func readRows<Scalar: RealScalar>(
    start: Int, count: Int, as _: Scalar.Type = Double.self
  ) throws -> Tensor<Scalar> {
    guard start >= 0, count >= 0, start <= rowCount, count <= rowCount - start else {
      throw RepriseError.indexOutOfRange(
        operation: "NpyRowReader.readRows(start: \(start), count: \(count))", index: [start],
        shape: header.shape)
    }
    let width = header.dataType.byteWidth
    let elements = count * rowLength
    let shape = [count] + rowShape
    let direct =
      !header.isFortranOrder
      && ((header.dataType == .float32 && Scalar.self == Float.self)
        || (header.dataType == .float64 && Scalar.self == Double.self))
    if direct {
      let values = try file.read(
        at: header.dataOffset + start * rowLength * width, count: elements, as: Scalar.self)
      return try Tensor(shape: shape, scalars: values)
    }
    var bytes = [UInt8](repeating: 0, count: elements * width)
    if header.isFortranOrder {
      let run = count * width
      try bytes.withUnsafeMutableBytes { raw in
        for k in 0..<rowLength where run > 0 {
          try file.read(
            into: UnsafeMutableRawBufferPointer(rebasing: raw[k * run..<(k + 1) * run]),
            at: header.dataOffset + (k * rowCount + start) * width)
        }
      }
      bytes = NpyElements.rowMajor(fromColumnMajor: bytes, shape: shape, width: width)
    } else {
      try bytes.withUnsafeMutableBytes {
        try file.read(into: $0, at: header.dataOffset + start * rowLength * width)
      }
    }
    let values: [Scalar] = bytes.withUnsafeBytes {
      NpyElements.scalars($0, header.dataType, count: elements)
    }
    return try Tensor(shape: shape, scalars: values)
  }
}
