#if canImport(Glibc)
import Glibc
#endif

/// How the C allocator treats the megabyte buffers Ferry streams through (S3 parts, staged files).
enum LargeBufferMemory {
    /// Keeps every allocation of 1 MiB or more in its own mapping, returned to the system when freed.
    ///
    /// glibc raises its mmap threshold each time such a buffer is freed (up to 32 MiB), after which
    /// the buffers come from per-thread heaps that rarely shrink: `ferry stage` with 5 workers then
    /// peaked at 168–181 MB instead of 95–96 MB (`scripts/bench stage`; see BENCHMARKS.md). A fixed
    /// threshold turns that adjustment off.
    static func returnToSystemWhenFreed() {
        #if canImport(Glibc)
        // malloc.h is not in Glibc's module map: mallopt is looked up by name (RTLD_DEFAULT is nil),
        // with its C signature, and M_MMAP_THRESHOLD is -3 in glibc's malloc.h.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(-3, 1 << 20)
        #endif
    }
}
