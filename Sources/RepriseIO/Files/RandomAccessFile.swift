// A file opened for reads at chosen offsets, for readers that fetch part of
// a file on demand (`NpyRowReader`'s row blocks, `SafetensorsFile`'s
// tensors) instead of loading it whole (`BinaryFile.read`).
//
// Opening records the size; every read seeks and reads exactly the bytes
// asked for. A read that comes back short — the file shrank since it was
// opened, or the caller trusted a header that promised more — is a typed
// error at the byte where the data stopped. The handle closes when the
// value goes away.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

final class RandomAccessFile {
  let path: String
  /// The size in bytes when the file was opened.
  let size: Int
  private let handle: UnsafeMutablePointer<FILE>

  init(_ path: String) throws {
    guard let handle = fopen(path, "rb") else {
      throw RepriseError.fileAccess(path: path, reason: "cannot open: \(BinaryFile.systemError())")
    }
    guard fseeko(handle, 0, SEEK_END) == 0, ftello(handle) >= 0 else {
      let reason = BinaryFile.systemError()
      fclose(handle)
      throw RepriseError.fileAccess(path: path, reason: "cannot determine the size: \(reason)")
    }
    (self.path, self.handle, self.size) = (path, handle, Int(ftello(handle)))
  }

  deinit { fclose(handle) }

  /// Fills `buffer` with the bytes from `offset`.
  func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
    guard buffer.count > 0 else { return }
    guard fseeko(handle, off_t(offset), SEEK_SET) == 0 else {
      throw RepriseError.fileAccess(
        path: path, reason: "cannot seek to byte \(offset): \(BinaryFile.systemError())")
    }
    let got = fread(buffer.baseAddress, 1, buffer.count, handle)
    guard got == buffer.count else {
      throw RepriseError.malformedFile(
        path: path, offset: offset + got,
        reason:
          "file ends at byte \(offset + got), \(buffer.count - got) bytes short of [\(offset), \(offset + buffer.count)) (was the file changed?)"
      )
    }
  }

  /// `count` bytes from `offset`.
  func read(at offset: Int, count: Int) throws -> [UInt8] {
    try read(at: offset, count: count, as: UInt8.self)
  }

  /// `count` elements of `Element` (raw bytes in host order) from `offset`.
  func read<Element>(at offset: Int, count: Int, as _: Element.Type) throws -> [Element] {
    var failure: Error?
    let elements = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      let raw = UnsafeMutableRawBufferPointer(buffer)
      do {
        try read(into: raw, at: offset)
      } catch {
        failure = error
        raw.initializeMemory(as: UInt8.self, repeating: 0)
      }
      initialized = count
    }
    if let failure { throw failure }
    return elements
  }
}
