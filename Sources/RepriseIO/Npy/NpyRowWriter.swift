// Writing a large `.npy` file a block of rows at a time.
//
// The shape is declared up front, so the header is written first and never
// revisited; blocks of rows are appended in order (converted to the file's
// element type: f4 or f8, little endian, row-major) and `finish()` checks
// that exactly the declared number of rows arrived. The bytes go to a
// temporary file next to the target, flushed and renamed into place by
// `finish()`, so a crashed run never leaves a partial array under the real
// name. Memory: one block.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Streams rows into a new `.npy` file whose shape is known in advance.
public final class NpyRowWriter {
  public let path: String
  public let shape: [Int]
  public let dataType: NpyDataType
  public private(set) var rowsWritten = 0
  private let rowLength: Int
  private let temporary: String
  private var file: UnsafeMutablePointer<FILE>?

  /// Creates the file (under a temporary name) and writes its header.
  /// `dataType` is `.float32` or `.float64`.
  public init(path: String, shape: [Int], dataType: NpyDataType = .float32) throws {
    guard dataType == .float32 || dataType == .float64, !shape.isEmpty else {
      throw RepriseError.invalidArgument(
        operation: "NpyRowWriter", name: "dataType/shape",
        reason: "writes f4 or f8 arrays of rank ≥ 1; got \(dataType), shape \(shape)")
    }
    _ = try Shape.elementCount(shape, operation: "NpyRowWriter")
    self.path = path
    self.shape = shape
    self.dataType = dataType
    rowLength = shape.dropFirst().reduce(1, *)
    temporary = path + ".tmp-\(getpid())"
    guard let file = fopen(temporary, "wb") else {
      throw RepriseError.fileAccess(
        path: path, reason: "cannot create \(temporary): \(BinaryFile.systemError())")
    }
    self.file = file
    try NpyHeader.encode(dataType: dataType, shape: shape).withUnsafeBytes { try write($0) }
  }

  deinit {
    if let file {
      fclose(file)
      unlink(temporary)
    }
  }

  /// Appends rows: a tensor of shape [k] + shape[1...].
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func append<Scalar: RealScalar>(_ rows: Tensor<Scalar>) throws {
    guard rows.rank == shape.count, Array(rows.shape.dropFirst()) == Array(shape.dropFirst()),
      rows.shape[0] <= shape[0] - rowsWritten
    else {
      throw RepriseError.shapeMismatch(
        operation: "NpyRowWriter.append (\(rowsWritten) of \(shape[0]) rows written)",
        expected: [shape[0] - rowsWritten] + shape.dropFirst(), got: rows.shape)
    }
    let sameLayout =
      (1.littleEndian == 1)
      && ((dataType == .float32 && Scalar.self == Float.self)
        || (dataType == .float64 && Scalar.self == Double.self))
    if sameLayout {
      try rows.withUnsafeBufferPointer { try write(UnsafeRawBufferPointer($0)) }
    } else if dataType == .float32 {
      let values = rows.scalars.map { Float($0).bitPattern.littleEndian }
      try values.withUnsafeBytes { try write($0) }
    } else {
      let values = rows.scalars.map { Double($0).bitPattern.littleEndian }
      try values.withUnsafeBytes { try write($0) }
    }
    rowsWritten += rows.shape[0]
  }

  /// Checks the row count, flushes and renames the file into place.
  public func finish() throws {
    guard let file else {
      throw RepriseError.invalidArgument(
        operation: "NpyRowWriter.finish", name: path, reason: "already finished")
    }
    guard rowsWritten == shape[0] else {
      throw RepriseError.shapeMismatch(
        operation: "NpyRowWriter.finish: rows written", expected: [shape[0]], got: [rowsWritten])
    }
    let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
    fclose(file)
    self.file = nil
    guard flushed, rename(temporary, path) == 0 else {
      let reason = BinaryFile.systemError()
      unlink(temporary)
      throw RepriseError.fileAccess(path: path, reason: "cannot finish the file: \(reason)")
    }
  }

  private func write(_ bytes: UnsafeRawBufferPointer) throws {
    guard let file else {
      throw RepriseError.invalidArgument(
        operation: "NpyRowWriter", name: path, reason: "already finished")
    }
    let written = bytes.isEmpty ? 0 : fwrite(bytes.baseAddress, 1, bytes.count, file)
    guard written == bytes.count else {
      throw RepriseError.fileAccess(
        path: path,
        reason: "write failed after \(written) of \(bytes.count) bytes: \(BinaryFile.systemError())"
      )
    }
  }
}
