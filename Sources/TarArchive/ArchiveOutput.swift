import Crypto
import Dispatch
import Synchronization

/// The archive's bytes on their way to the sink, through a ring of buffers and four threads.
///
/// The writer's thread copies headers into a buffer and reads file data straight into it; then
/// one thread hashes the members' bytes in it (each member's SHA-256), a second hashes the whole
/// buffer into the archive's SHA-256 and a third hands it to the sink. The two hashes, the reads
/// and the sink's waits on the disk all overlap, so on two cores the archive costs about what its
/// two SHA-256s cost, not their sum plus the I/O.
///
/// `ArchiveStages` owns the three threads; buffers go round the ring in order.
final class ArchiveOutput {
    private let buffers: [UnsafeMutableRawBufferPointer]
    private let stages: ArchiveStages
    /// The ring slot being filled on this thread, and how much of it is.
    private var current = 0
    private var filled = 0
    /// Where each member's bytes are in the current buffer, for the member-hashing thread.
    private var events: [MemberEvent] = []
    private var finished = false
    /// Bytes handed to the sink or waiting in a buffer.
    private(set) var totalBytes = 0

    init(sink: any TarArchiveSink, chunkSize: Int, depth: Int = 4) {
        buffers = (0..<depth).map { _ in .allocate(byteCount: chunkSize, alignment: 4096) }
        stages = ArchiveStages(sink: sink, buffers: buffers)
        stages.takeFreeBuffer()
    }

    deinit {
        // An archive abandoned on an error: the other threads must be done with the buffers
        // before they go.
        if !finished { stages.stop() }
        for buffer in buffers { buffer.deallocate() }
    }

    /// The free part of the current buffer after handing it on if full: read data into it, then
    /// `commit` or `commitMemberData`.
    func freeSpace() throws -> UnsafeMutableRawBufferPointer {
        if filled == buffers[current].count { try flush() }
        return UnsafeMutableRawBufferPointer(rebasing: buffers[current][filled...])
    }

    /// Counts `count` bytes just placed at the start of `freeSpace()` as part of the archive.
    func commit(_ count: Int) {
        filled += count
        totalBytes += count
    }

    /// Counts `count` bytes just read into the start of `freeSpace()` as the current member's next bytes.
    func commitMemberData(_ count: Int) {
        if case .data(let offset, let previous)? = events.last, offset + previous == filled {
            events[events.count - 1] = .data(offset: offset, count: previous + count)
        } else {
            events.append(.data(offset: filled, count: count))
        }
        commit(count)
    }

    /// Marks the current member's bytes complete: its SHA-256 is the next in `finish()`'s list.
    func endMember() { events.append(.end) }

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

    /// Hands the current buffer to the other threads and waits for the next one to be free;
    /// rethrows what the sink threw on an earlier buffer.
    private func flush() throws {
        guard filled > 0 || !events.isEmpty else { return }
        stages.submit(FilledBuffer(slot: current, count: filled, events: events))
        current = (current + 1) % buffers.count
        filled = 0
        events = []
        stages.takeFreeBuffer()
        try stages.checkFailure()
    }

    /// Hands on what is left, waits until the sink has every byte, and returns the archive's
    /// SHA-256 and each member's, in the order the members ended.
    func finish() throws -> (archive: SHA256.Digest, members: [SHA256.Digest]) {
        try flush()
        finished = true
        return try stages.finish()
    }
}

/// Where a member's bytes lie in a buffer, in order: a run of its data, or its end.
enum MemberEvent: Sendable {
    case data(offset: Int, count: Int)
    case end
}

/// One buffer on its way through the stages.
struct FilledBuffer: Sendable {
    let slot: Int
    let count: Int
    let events: [MemberEvent]
}

/// The three threads behind `ArchiveOutput`, each taking buffers in order: member hashing and
/// archive hashing read a buffer side by side, the sink takes it after the archive hash, and the
/// slot is free again once the member hashing and the sink are both done with it.
///
/// @unchecked Sendable: each hasher and the sink are touched only by their stage's thread until
/// that thread has ended (`finish` waits for all three), and by the caller's after; the rest is in
/// a Mutex or a semaphore.
final class ArchiveStages: @unchecked Sendable {
    private let sink: any TarArchiveSink
    private let buffers: [UnsafeMutableRawBufferPointer]
    private let failure = Mutex<(any Error)?>(nil)
    private var archiveHasher = SHA256()
    private var memberHasher = SHA256()
    private var memberDigests: [SHA256.Digest] = []
    /// Per slot, how many of the two last users (member hashing, sink) are still to finish with it.
    private let users: Mutex<[Int]>
    private let free: DispatchSemaphore
    private let memberHashing = BufferQueue()
    private let archiveHashing = BufferQueue()
    private let writing = BufferQueue()

    init(sink: any TarArchiveSink, buffers: [UnsafeMutableRawBufferPointer]) {
        self.sink = sink
        self.buffers = buffers
        users = Mutex(Array(repeating: 0, count: buffers.count))
        // Created at 0 and raised: libdispatch stops the process (SIGILL) when a semaphore goes away
        // holding less than it was created with, as `free` does while the writer holds a buffer.
        free = DispatchSemaphore(value: 0)
        for _ in buffers { free.signal() }
        // Threads of their own: the loops block on semaphores and on the sink's I/O, which must never
        // happen on Swift's cooperative pool.
        DispatchQueue(label: "ferry.tar-archive.member-hash").async { [self] in
            memberHashing.drain { buffer in
                if isHealthy { hashMembers(buffer) }
                release(buffer.slot)
            }
        }
        DispatchQueue(label: "ferry.tar-archive.archive-hash").async { [self] in
            archiveHashing.drain { buffer in
                if isHealthy { archiveHasher.update(bufferPointer: bytes(of: buffer)) }
                writing.enqueue(buffer)
            }
            writing.enqueue(nil)
        }
        DispatchQueue(label: "ferry.tar-archive.sink").async { [self] in
            writing.drain { buffer in
                if isHealthy {
                    do {
                        try self.sink.write(bytes(of: buffer))
                    } catch {
                        failure.withLock { $0 = error }
                    }
                }
                release(buffer.slot)
            }
        }
    }

    /// Waits until the next slot of the ring is free to fill.
    func takeFreeBuffer() { free.wait() }

    func submit(_ buffer: FilledBuffer) {
        users.withLock { $0[buffer.slot] = 2 }
        memberHashing.enqueue(buffer)
        archiveHashing.enqueue(buffer)
    }

    func checkFailure() throws {
        if let failure = failure.withLock({ $0 }) { throw failure }
    }

    /// Ends the threads after the buffers already submitted and returns the archive's SHA-256 and
    /// the members'.
    func finish() throws -> (archive: SHA256.Digest, members: [SHA256.Digest]) {
        stop()
        try checkFailure()
        return (archiveHasher.finalize(), memberDigests)
    }

    /// Ends the threads after the buffers already submitted, and waits for all three.
    func stop() {
        memberHashing.enqueue(nil)
        archiveHashing.enqueue(nil)
        memberHashing.waitUntilDrained()
        archiveHashing.waitUntilDrained()
        writing.waitUntilDrained()
    }

    private var isHealthy: Bool { failure.withLock { $0 == nil } }

    private func bytes(of buffer: FilledBuffer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: buffers[buffer.slot][0..<buffer.count])
    }

    private func hashMembers(_ buffer: FilledBuffer) {
        for event in buffer.events {
            switch event {
            case .data(let offset, let count):
                memberHasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffers[buffer.slot][offset..<(offset + count)]))
            case .end:
                memberDigests.append(memberHasher.finalize())
                memberHasher = SHA256()
            }
        }
    }

    /// One of a slot's two last users is done with it; the second frees it for the writer.
    private func release(_ slot: Int) {
        let last = users.withLock { users in
            users[slot] -= 1
            return users[slot] == 0
        }
        if last { free.signal() }
    }
}

/// Filled buffers waiting for one stage's thread, in order; nil ends the thread.
final class BufferQueue: Sendable {
    private let pending = Mutex<[FilledBuffer?]>([])
    private let ready = DispatchSemaphore(value: 0)
    private let drained = DispatchSemaphore(value: 0)

    func enqueue(_ buffer: FilledBuffer?) {
        pending.withLock { $0.append(buffer) }
        ready.signal()
    }

    /// Runs `body` on each buffer in order until nil arrives, then lets `waitUntilDrained` return.
    func drain(_ body: (FilledBuffer) -> Void) {
        while true {
            ready.wait()
            guard let buffer = pending.withLock({ $0.removeFirst() }) else { break }
            body(buffer)
        }
        drained.signal()
    }

    /// Waits until `drain` has met its nil.
    func waitUntilDrained() { drained.wait() }
}
