import DurableFiles
import Foundation
public import NIOCore

/// Runs blocking file-system work on a Dispatch thread, so the two threads of Swift's cooperative
/// pool never wait on a disk.
public enum BlockingIO {
    /// The result of `work`, run off the cooperative pool.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Writes all of `buffer` to `fd`, off the cooperative pool.
    public static func writeAll(_ buffer: ByteBuffer, to fd: Int32, path: String) async throws {
        try await run {
            if let code = buffer.withUnsafeReadableBytes({ Descriptor.writeAll(fd, $0) }) {
                throw ObjectStoreError(key: path, message: "cannot write \(path): \(Descriptor.reason(code))")
            }
        }
    }

    /// Up to `count` bytes of `fd` from `offset` (fewer only at the end of the file), off the pool.
    public static func read(upTo count: Int, from fd: Int32, at offset: Int64, path: String) async throws -> ByteBuffer {
        try await run {
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            while buffer.readableBytes < count {
                let wanted = count - buffer.readableBytes
                let position = off_t(offset) + off_t(buffer.readableBytes)
                var failure: Int32 = 0
                let got = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: wanted) { space in
                    let n = pread(fd, space.baseAddress, wanted, position)
                    if n < 0 { failure = errno; return 0 }
                    return n
                }
                if failure == EINTR { continue }
                if failure != 0 { throw ObjectStoreError(key: path, message: "cannot read \(path): \(String(cString: strerror(failure)))") }
                if got == 0 { break }
            }
            return buffer
        }
    }
}
