/// Where a `TarArchiveWriter` puts the archive's bytes, in order, synchronously.
///
/// The writer calls it from a thread of its own (never Swift's cooperative pool: every call may
/// block on I/O), one call at a time and in order. Chunks are up to the writer's chunk size.
public protocol TarArchiveSink {
    /// Takes the next bytes of the archive; `bytes` is valid only during the call (copy to keep it).
    func write(_ bytes: UnsafeRawBufferPointer) throws
}
