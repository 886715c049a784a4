import Crypto
public import NIOCore
import Synchronization

/// A stream of bytes on its way to a store, checked against what it must be as it passes.
///
/// More bytes than expected fail at once; fewer, or (when `hashing`) a different MD5, fail at the
/// end, from the stream itself, so the store abandons the upload and stores nothing. The first
/// error the stream met (its own or its source's) stays readable in `failure`: an HTTP client
/// that sends the stream may report it wrapped or not at all.
public struct CheckedStream<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    public typealias Element = ByteBuffer
    let base: Base
    let key: String
    let expected: ExpectedContent
    let hashing: Bool
    private let recorded = FirstError()

    /// Checks `base`'s count against `expected`, and its MD5 too when `hashing` (leave that to a
    /// store that verifies the MD5 itself).
    public init(base: Base, key: String, expected: ExpectedContent, hashing: Bool) {
        self.base = base
        self.key = key
        self.expected = expected
        self.hashing = hashing
    }

    /// The first error met while the stream was read, if any.
    public var failure: (any Error)? { recorded.value.withLock { $0 } }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let owner: CheckedStream
        var hasher = Insecure.MD5()
        var size: Int64 = 0

        public mutating func next() async throws -> ByteBuffer? {
            do {
                guard let buffer = try await base.next() else {
                    try checkEnd()
                    return nil
                }
                size += Int64(buffer.readableBytes)
                if size > owner.expected.size {
                    throw ContentMismatch(key: owner.key, detail: "more than the \(owner.expected.size) bytes expected")
                }
                if owner.hashing { buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) } }
                return buffer
            } catch {
                owner.recorded.value.withLock { $0 = $0 ?? error }
                throw error
            }
        }

        private func checkEnd() throws {
            if size != owner.expected.size {
                throw ContentMismatch(key: owner.key, detail: "\(size) bytes where \(owner.expected.size) were expected")
            }
            if owner.hashing {
                let md5 = FileDigest.hex(hasher.finalize())
                if md5 != owner.expected.md5 {
                    throw ContentMismatch(key: owner.key, detail: "MD5 \(md5) where \(owner.expected.md5) was expected")
                }
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), owner: self) }
}

/// The first error a stream met, shared by the stream's copies and its iterator.
final class FirstError: Sendable {
    let value = Mutex<(any Error)?>(nil)
}
