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

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
  private let file: UnsafeMutablePointer<FILE>

  /// Opens `path` and parses its header.
  public init(path: String) throws {
    guard let file = fopen(path, "rb") else {
      throw RepriseError.fileAccess(path: path, reason: "cannot open: \(BinaryFile.systemError())")
    }
    self.file = file
    self.path = path
    do {
      guard fseeko(file, 0, SEEK_END) == 0 else {
        throw RepriseError.fileAccess(
          path: path, reason: "cannot seek: \(BinaryFile.systemError())")
      }
      let size = Int(ftello(file))
      rewind(file)
      var prefix = [UInt8](
        repeating: 0, count: max(0, min(size, 12 + NpyHeader.maximumHeaderBytes)))
      let read = prefix.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
      guard read == prefix.count else {
        throw RepriseError.malformedFile(
          path: path, offset: read,
          reason: "short read of the header: \(read) of \(prefix.count) bytes")
      }
      header = try NpyHeader.parse(prefix, source: path)
      let available = size - header.dataOffset
      guard available == header.dataByteCount else {
        throw RepriseError.malformedFile(
          path: path, offset: min(size, header.dataOffset + header.dataByteCount),
          reason: available < header.dataByteCount
            ? "truncated: shape \(header.shape) of \(header.dataType) needs \(header.dataByteCount) data bytes from offset \(header.dataOffset), the file holds \(available)"
            : "\(available - header.dataByteCount) bytes after the end of the array data")
      }
    } catch {
      fclose(file)
      throw error
    }
    rowCount = header.shape.first ?? 1
    rowShape = Array(header.shape.dropFirst())
    rowLength = rowShape.reduce(1, *)  // bounded by the checked element count
  }

  deinit { fclose(file) }

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
      var failure: RepriseError?
      let values = [Scalar](unsafeUninitializedCapacity: elements) { buffer, initialized in
        let raw = UnsafeMutableRawBufferPointer(buffer)
        do {
          try readBytes(into: raw, at: header.dataOffset + start * rowLength * width)
        } catch let error as RepriseError {
          failure = error
          raw.initializeMemory(as: UInt8.self, repeating: 0)
        } catch {}
        initialized = elements
      }
      if let failure { throw failure }
      return try Tensor(shape: shape, scalars: values)
    }
    var bytes = [UInt8](repeating: 0, count: elements * width)
    if header.isFortranOrder {
      let run = count * width
      try bytes.withUnsafeMutableBytes { raw in
        for k in 0..<rowLength where run > 0 {
          try readBytes(
            into: UnsafeMutableRawBufferPointer(rebasing: raw[k * run..<(k + 1) * run]),
            at: header.dataOffset + (k * rowCount + start) * width)
        }
      }
      bytes = NpyElements.rowMajor(fromColumnMajor: bytes, shape: shape, width: width)
    } else {
      try bytes.withUnsafeMutableBytes {
        try readBytes(into: $0, at: header.dataOffset + start * rowLength * width)
      }
    }
    let values: [Scalar] = bytes.withUnsafeBytes {
      NpyElements.scalars($0, header.dataType, count: elements)
    }
    return try Tensor(shape: shape, scalars: values)
  }

  private func readBytes(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
    guard buffer.count > 0 else { return }
    guard fseeko(file, off_t(offset), SEEK_SET) == 0 else {
      throw RepriseError.fileAccess(
        path: path, reason: "cannot seek to byte \(offset): \(BinaryFile.systemError())")
    }
    let read = fread(buffer.baseAddress, 1, buffer.count, file)
    guard read == buffer.count else {
      throw RepriseError.malformedFile(
        path: path, offset: offset + read,
        reason: "short read: \(read) of \(buffer.count) bytes (was the file changed?)")
    }
  }
}
