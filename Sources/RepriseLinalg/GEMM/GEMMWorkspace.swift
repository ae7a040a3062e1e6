// GEMMWorkspace: reusable packing buffers for GEMM.
//
// What: per-worker scratch memory for the packed A block (MC×KC), the packed
// B block (KC×NC) and one MR×NR edge tile. `GEMM.compute` allocates a fresh
// workspace when none is given; a caller that multiplies many small matrices
// (a training loop) keeps one workspace and passes it to every call so the
// steady state allocates nothing. Buffers only grow, 64-byte aligned.
//
// Thread safety: a workspace may be used by one `GEMM.compute` call at a time.
// The call itself may run on several threads (each worker gets its own
// buffers), but two concurrent calls must not share a workspace.

import RepriseCore

/// Caller-owned packing buffers for `GEMM.compute`. Not safe to share between
/// concurrent calls; see the file header.
public final class GEMMWorkspace<T: RealScalar> {
  let storage = PackingStorage()

  public init() {}

  /// Bytes currently held (for tests and diagnostics).
  public var allocatedBytes: Int { storage.allocatedBytes }
}

/// Non-generic raw storage behind `GEMMWorkspace`, so the concrete Float and
/// Double drivers can use the same object.
final class PackingStorage {
  private var buffers: [UnsafeMutableRawPointer] = []
  private var capacities: [Int] = []

  var allocatedBytes: Int { capacities.reduce(0, +) }

  /// Makes sure buffers `0..<count` hold at least `bytes` bytes each and
  /// returns their addresses. Must be called before forking workers.
  func reserve(count: Int, bytes: Int) -> [UnsafeMutableRawPointer] {
    while buffers.count < count {
      buffers.append(UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64))
      capacities.append(64)
    }
    for index in 0..<count where capacities[index] < bytes {
      buffers[index].deallocate()
      buffers[index] = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
      capacities[index] = bytes
    }
    return Array(buffers[0..<count])
  }

  deinit {
    for buffer in buffers { buffer.deallocate() }
  }
}
