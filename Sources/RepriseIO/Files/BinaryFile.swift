// Reading and writing whole files as bytes, safely.
//
// Reads are bounded: a file larger than the caller's limit is refused before
// anything is allocated. Writes are atomic: the bytes go to a temporary file
// in the same folder, which is flushed and then renamed over the target, so
// an interrupted run never leaves a half-written checkpoint or report.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

public enum BinaryFile {
  /// The whole file, or a typed error naming the path and the reason.
  public static func read(_ path: String, maximumBytes: Int = 1 << 34) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else {
      throw RepriseError.fileAccess(path: path, reason: "cannot open: \(systemError())")
    }
    defer { fclose(file) }
    guard fseeko(file, 0, SEEK_END) == 0 else {
      throw RepriseError.malformedFile(
        path: path, offset: 0, reason: "cannot seek: \(systemError())")
    }
    let size = Int(ftello(file))
    guard size >= 0 else {
      throw RepriseError.malformedFile(path: path, offset: 0, reason: "cannot determine the size")
    }
    guard size <= maximumBytes else {
      throw RepriseError.malformedFile(
        path: path, offset: 0, reason: "file of \(size) bytes exceeds the limit of \(maximumBytes)")
    }
    rewind(file)
    var bytes = [UInt8](repeating: 0, count: size)
    let read = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, file) }
    guard read == size else {
      throw RepriseError.malformedFile(
        path: path, offset: read, reason: "short read: \(read) of \(size) bytes")
    }
    return bytes
  }

  /// Writes `bytes` to `path` atomically (temporary file + rename).
  public static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    let temporary = path + ".tmp-\(getpid())"
    guard let file = fopen(temporary, "wb") else {
      throw RepriseError.fileAccess(
        path: path, reason: "cannot create \(temporary): \(systemError())")
    }
    let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
    let flushed = fflush(file) == 0 && fsync(fileno(file)) == 0
    fclose(file)
    guard written == bytes.count, flushed else {
      unlink(temporary)
      throw RepriseError.fileAccess(
        path: path, reason: "write failed after \(written) of \(bytes.count) bytes: \(systemError())")
    }
    guard rename(temporary, path) == 0 else {
      let reason = systemError()
      unlink(temporary)
      throw RepriseError.fileAccess(path: path, reason: "cannot rename into place: \(reason)")
    }
  }

  static func systemError() -> String {
    String(cString: strerror(errno))
  }
}
