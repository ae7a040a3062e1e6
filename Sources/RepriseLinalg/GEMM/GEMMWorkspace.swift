// GEMMWorkspace: reusable packing buffers for GEMM.
//
// What: per-worker scratch memory for the packed A block (MC×KC), the packed
// B block (KC×NC), one MR×NR edge tile and, when k spans several KC slices,
// the running sums of the worker's rows of one NC column block. A caller that multiplies many
// matrices (a training loop) can keep one workspace and pass it to every
// call so the steady state allocates nothing. Calls without a workspace
// borrow one from a small process-wide pool (`PackingPool`) and give it back,
// so they do not allocate (or page-fault fresh megabytes) on every call
// either. Buffers only grow, 64-byte aligned.
//
// Thread safety: a workspace may be used by one `GEMM.compute` call at a time.
// The call itself may run on several threads (each worker gets its own
// buffers), but two concurrent calls must not share a workspace.

import RepriseCore
import Synchronization

/// Caller-owned packing buffers for `GEMM.compute`. Not safe to share between
/// concurrent calls; see the file header.
public final class GEMMWorkspace<T: RealScalar> {
  let storage = PackingStorage()

  public init() {}

  /// Bytes currently held (for tests and diagnostics).
  public var allocatedBytes: Int { storage.allocatedBytes }
}

/// Non-generic raw storage behind `GEMMWorkspace`, so the concrete Float and
/// Double drivers can use the same object. Used by one GEMM call at a time
/// (that is what makes the unchecked Sendable conformance sound: the pool
/// hands each storage to one borrower).
final class PackingStorage: @unchecked Sendable {
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

/// Process-wide spare packing storages for calls that pass no workspace.
/// Holds at most `capacity` storages; each is lent to one call at a time.
enum PackingPool {
  static let capacity = 4
  private static let spares = Mutex<[PackingStorage]>([])

  static func borrow() -> PackingStorage {
    spares.withLock { $0.popLast() } ?? PackingStorage()
  }

  static func giveBack(_ storage: PackingStorage) {
    spares.withLock { list in
      if list.count < capacity { list.append(storage) }
    }
  }
}
