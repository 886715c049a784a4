import Crypto
import Dispatch
import Synchronization

/// The archive's bytes on their way to the sink, in two stages on two threads: the writer's thread
/// copies headers into and reads file data straight into a buffer (hashing each member as it
/// goes), and a second thread hashes each full buffer into the archive's SHA-256 and hands it to
/// the sink. Two SHA-256s of every byte then cost the time of one, and reading overlaps writing.
///
/// Buffers go round a small ring in order; `ArchiveWriteStage` owns the second thread.
final class ArchiveOutput {
    private let buffers: [UnsafeMutableRawBufferPointer]
    private let stage: ArchiveWriteStage
    /// The ring slot being filled on this thread, and how much of it is.
    private var current = 0
    private var filled = 0
    private var finished = false
    /// Bytes handed to the sink or waiting in a buffer.
    private(set) var totalBytes = 0

    init(sink: any TarArchiveSink, chunkSize: Int, depth: Int = 3) {
        buffers = (0..<depth).map { _ in .allocate(byteCount: chunkSize, alignment: 4096) }
        stage = ArchiveWriteStage(sink: sink, buffers: buffers)
        stage.takeFreeBuffer()
    }

    deinit {
        // An archive abandoned on an error: the second thread must be done with the buffers
        // before they go.
        if !finished { stage.stop() }
        for buffer in buffers { buffer.deallocate() }
    }

    /// The free part of the current buffer after handing it on if full: read data into it, then `commit`.
    func freeSpace() throws -> UnsafeMutableRawBufferPointer {
        if filled == buffers[current].count { try flush() }
        return UnsafeMutableRawBufferPointer(rebasing: buffers[current][filled...])
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

    /// Hands the current buffer to the second thread and waits for the next one to be free;
    /// rethrows what the sink threw on an earlier buffer.
    private func flush() throws {
        guard filled > 0 else { return }
        stage.submit(slot: current, count: filled)
        current = (current + 1) % buffers.count
        filled = 0
        stage.takeFreeBuffer()
        try stage.checkFailure()
    }

    /// Hands on what is left, waits until the sink has every byte, and returns the archive's SHA-256.
    func finish() throws -> SHA256.Digest {
        try flush()
        finished = true
        return try stage.finish()
    }
}

/// The second thread of `ArchiveOutput`: archive hash and sink, one buffer at a time, in order.
///
/// @unchecked Sendable: `hasher` and the sink are touched only by the stage's thread until `done`
/// is signalled, and by the writer's after; the rest is in a Mutex or a semaphore.
final class ArchiveWriteStage: @unchecked Sendable {
    private let sink: any TarArchiveSink
    private let buffers: [UnsafeMutableRawBufferPointer]
    private struct Shared {
        /// Filled slots waiting, in order; nil asks the thread to end.
        var pending: [(slot: Int, count: Int)?] = []
        var failure: (any Error)?
    }
    private let shared = Mutex(Shared())
    private var hasher = SHA256()
    private let ready = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    private let done = DispatchSemaphore(value: 0)

    init(sink: any TarArchiveSink, buffers: [UnsafeMutableRawBufferPointer]) {
        self.sink = sink
        self.buffers = buffers
        // Created at 0 and raised: libdispatch stops the process (SIGILL) when a semaphore goes away
        // holding less than it was created with, as `free` does while the writer holds a buffer.
        free = DispatchSemaphore(value: 0)
        for _ in buffers { free.signal() }
        // A queue of its own: the loop blocks on semaphores and on the sink's I/O, which must never
        // happen on Swift's cooperative pool.
        DispatchQueue(label: "ferry.tar-archive.write-stage").async { [self] in run() }
    }

    /// Waits until the next slot of the ring is free to fill.
    func takeFreeBuffer() { free.wait() }

    func submit(slot: Int, count: Int) { enqueue((slot, count)) }

    func checkFailure() throws {
        if let failure = shared.withLock({ $0.failure }) { throw failure }
    }

    /// Ends the thread after the buffers already submitted and returns the archive's SHA-256.
    func finish() throws -> SHA256.Digest {
        stop()
        try checkFailure()
        return hasher.finalize()
    }

    /// Ends the thread after the buffers already submitted, and waits for it.
    func stop() {
        enqueue(nil)
        done.wait()
    }

    private func enqueue(_ item: (slot: Int, count: Int)?) {
        shared.withLock { $0.pending.append(item) }
        ready.signal()
    }

    private func run() {
        while true {
            ready.wait()
            let (item, failed) = shared.withLock { ($0.pending.removeFirst(), $0.failure != nil) }
            guard let item else { break }
            if !failed {
                let chunk = UnsafeRawBufferPointer(rebasing: buffers[item.slot][0..<item.count])
                hasher.update(bufferPointer: chunk)
                do {
                    try sink.write(chunk)
                } catch {
                    shared.withLock { $0.failure = error }
                }
            }
            free.signal()
        }
        done.signal()
    }
}
