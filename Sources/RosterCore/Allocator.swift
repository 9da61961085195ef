/// How the run asks the C allocator (glibc's malloc, on Linux) to hold less memory; nothing
/// elsewhere. Both calls are hints: they change how much memory stays resident, never what a
/// program computes.
///
/// ```swift
/// Allocator.useMappingsForLargeBlocks()   // once, at the start of a run
/// Allocator.releaseFreePages()            // after a stage that freed much
/// ```
public enum Allocator {
  /// Keeps glibc from holding on to freed memory. By default glibc raises its mmap threshold
  /// each time a large block is freed, so the buffers of growing arrays (record batches,
  /// per-file results) end up in the heap, where freed space is kept rather than returned:
  /// a 1M-record run then peaks at 1.1 GB instead of 0.5 GB. A fixed threshold of 256 KiB
  /// sends every large buffer to its own mapping, given back to the system when freed.
  public static func useMappingsForLargeBlocks() {
    #if os(Linux)
      _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD, <malloc.h> */, 256 * 1024)
    #endif
  }

  /// Gives the pages the allocator holds free back to the system (`malloc_trim`). Small
  /// blocks freed in no particular order leave whole pages free inside glibc's heaps, which
  /// later large arrays (mapped on their own) cannot reuse: reading a province leaves about
  /// 200 MB of them, finding its persons 50 MB more. Takes milliseconds.
  public static func releaseFreePages() {
    #if os(Linux)
      _ = glibcMallocTrim(0)
    #endif
  }
}

#if os(Linux)
  /// glibc's `int mallopt(int param, int value)`; <malloc.h> is not part of the Glibc module.
  @_silgen_name("mallopt")
  private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
  /// glibc's `int malloc_trim(size_t pad)`.
  @_silgen_name("malloc_trim")
  private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
