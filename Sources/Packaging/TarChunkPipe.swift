import Foundation
public import NIOCore

/// Carries a tar's bytes from the thread that writes it to the task that uploads them, holding at
/// most `capacity` chunks: the writer blocks while the upload is behind, so memory stays bounded
/// whatever the package's size.
final class TarChunkPipe: @unchecked Sendable {
    // Every stored property below is guarded by `condition`; @unchecked because NSCondition
    // predates Sendable checking and a blocking producer needs a condition variable.
    private let condition = NSCondition()
    private var chunks: [ByteBuffer] = []
    private var finished = false
    private var failure: (any Error)?
    private var consumerGone = false
    private var waiting: CheckedContinuation<ByteBuffer?, any Error>?
    private let capacity: Int

    init(capacity: Int = 16) { self.capacity = capacity }

    /// Producer side (a blocking thread): hands over a copy of `bytes`, waiting while the pipe is full.
    func send(_ bytes: UnsafeRawBufferPointer) throws {
        let buffer = ByteBuffer(bytes: bytes)
        condition.lock()
        while chunks.count >= capacity && !consumerGone { condition.wait() }
        if consumerGone {
            condition.unlock()
            throw CancellationError()
        }
        if let continuation = waiting {
            waiting = nil
            condition.unlock()
            continuation.resume(returning: buffer)
            return
        }
        chunks.append(buffer)
        condition.unlock()
    }

    /// Producer side: no more bytes; `error` when the writer failed (the consumer sees it).
    func finish(error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        let continuation = waiting
        waiting = nil
        condition.unlock()
        if let continuation {
            if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
        }
    }

    /// The producer's error, once it finished with one.
    var producerError: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Consumer side: the upload stopped (done or failed); a blocked producer gives up.
    func consumerStopped() {
        condition.lock()
        consumerGone = true
        condition.broadcast()
        condition.unlock()
    }

    fileprivate func next() async throws -> ByteBuffer? {
        try await withCheckedThrowingContinuation { continuation in
            condition.lock()
            if !chunks.isEmpty {
                let chunk = chunks.removeFirst()
                condition.signal()
                condition.unlock()
                continuation.resume(returning: chunk)
            } else if finished {
                let error = failure
                condition.unlock()
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
            } else {
                waiting = continuation
                condition.unlock()
            }
        }
    }

    /// The bytes as they come, for `ObjectStore.put(stream:)`.
    var chunksSequence: Chunks { Chunks(pipe: self) }

    struct Chunks: AsyncSequence {
        typealias Element = ByteBuffer
        let pipe: TarChunkPipe

        struct AsyncIterator: AsyncIteratorProtocol {
            let pipe: TarChunkPipe
            mutating func next() async throws -> ByteBuffer? { try await pipe.next() }
        }

        func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pipe: pipe) }
    }
}
