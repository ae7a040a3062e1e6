// Fork-join parallel loop over independent chunks of work.
//
// Reprise parallelises only over disjoint pieces of an output, so the order in
// which chunks run cannot change any result bit. Chunks are dealt to workers
// round-robin (worker w runs chunks w, w + T, w + 2T, …); with one thread, or
// one chunk, everything runs inline on the caller's thread with no dispatch
// cost. `DispatchQueue.concurrentPerform` costs about 20 µs per fork-join on
// our machines, so callers should not fork for less than ~100 µs of work.
import Dispatch

public enum ParallelFor {
  /// Calls `body(chunk)` once for every chunk in `0..<chunks`, on up to
  /// `threads` threads, and returns when all have finished.
  public static func run(chunks: Int, threads: Int, _ body: (Int) -> Void) {
    let workers = min(max(threads, 1), chunks)
    if workers <= 1 {
      for chunk in 0..<max(chunks, 0) { body(chunk) }
      return
    }
    withoutActuallyEscaping(body) { body in
      let shared = UncheckedSendable(body)
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var chunk = worker
        while chunk < chunks {
          shared.value(chunk)
          chunk += workers
        }
      }
    }
  }
}

/// Carries a value across a concurrency boundary that the compiler cannot
/// check. Reprise uses it only to hand raw pointers and closures to
/// `ParallelFor`, whose workers touch disjoint memory.
public struct UncheckedSendable<Value>: @unchecked Sendable {
  public let value: Value
  @inlinable public init(_ value: Value) { self.value = value }
}
