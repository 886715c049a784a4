import Crypto

/// The archive's bytes on their way to the sink: one reusable buffer that headers are copied into and
/// file data is read into directly, handed to the sink (and the archive's SHA-256) when full.
///
/// Collecting headers and small files into one buffer makes a write per chunk rather than per
/// header, and reading into the buffer spares a copy of the data.
final class ArchiveOutput {
    private let sink: any TarArchiveSink
    private let buffer: UnsafeMutableRawBufferPointer
    private var filled = 0
    private var hasher = SHA256()
    /// Bytes handed to the sink or waiting in the buffer.
    private(set) var totalBytes = 0

    init(sink: any TarArchiveSink, chunkSize: Int) {
        self.sink = sink
        buffer = .allocate(byteCount: chunkSize, alignment: 4096)
    }

    deinit { buffer.deallocate() }

    /// The free part of the buffer after emptying it if full: read data into it, then `commit`.
    func freeSpace() throws -> UnsafeMutableRawBufferPointer {
        if filled == buffer.count { try flush() }
        return UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
    }

    /// Counts `count` bytes just placed at the start of `freeSpace()` as part of the archive.
    func commit(_ count: Int) {
        filled += count
        totalBytes += count
    }

    /// Appends a copy of `bytes`.
    func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { source in
            var offset = 0
            while offset < source.count {
                let space = try freeSpace()
                let count = min(space.count, source.count - offset)
                space.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[offset..<(offset + count)]))
                commit(count)
                offset += count
            }
        }
    }

    /// Appends `count` zero bytes (block and record padding).
    func appendZeros(_ count: Int) throws {
        var remaining = count
        while remaining > 0 {
            let space = try freeSpace()
            let run = min(space.count, remaining)
            UnsafeMutableRawBufferPointer(rebasing: space[0..<run]).initializeMemory(as: UInt8.self, repeating: 0)
            commit(run)
            remaining -= run
        }
    }

    /// Hands what the buffer holds to the archive's SHA-256 and the sink.
    func flush() throws {
        guard filled > 0 else { return }
        let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<filled])
        hasher.update(bufferPointer: chunk)
        try sink.write(chunk)
        filled = 0
    }

    /// The archive's SHA-256, after a final `flush()`.
    func digest() -> SHA256.Digest { hasher.finalize() }
}
