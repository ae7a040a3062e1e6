// HugePages: asks Linux to back a large, freshly allocated buffer with 2 MiB
// pages.
//
// Why: linear CKA centres a 10,000 × 2,000 Double matrix (160 MB) into a new
// buffer and then packs it for the symmetric product, reading 512 rows 16 KB
// apart per block. With 4 KiB pages the first write takes one page fault per
// 4 KiB (≈ 40,000 faults) and each packed block touches hundreds of pages,
// more than the TLB holds; with 2 MiB pages it is ≈ 80 faults and a handful
// of TLB entries. numpy asks for the same on its large arrays. Where
// transparent huge pages are set to "madvise" (the common default) nothing
// happens without the request; under "always" or "never", or on other
// systems, the call changes nothing. It never changes a value.
// Method: madvise(MADV_HUGEPAGE) on the 2 MiB-aligned interior of the
// buffer, before anything is written to it. Cost: one system call.

#if canImport(Glibc)
  import Glibc
#endif

enum HugePages {
  /// Buffers smaller than this are left alone (a huge page would be mostly
  /// empty, and small buffers come from the heap, not fresh mappings).
  static let threshold = 8 << 20

  /// Requests huge pages for the whole 2 MiB pages inside `bytes` bytes at
  /// `start`. Call it before the first write.
  static func advise(_ start: UnsafeMutableRawPointer, bytes: Int) {
    #if os(Linux)
      guard bytes >= threshold else { return }
      let page = 2 << 20
      let first = (Int(bitPattern: start) + page - 1) / page * page
      let end = (Int(bitPattern: start) + bytes) / page * page
      guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
      _ = madvise(aligned, end - first, MADV_HUGEPAGE)
    #endif
  }
}
