import DurableFiles
import Foundation
import OffPool
public import NIOCore

/// Reads and writes of whole buffers at descriptors, off the cooperative pool (``OffPool``).
public enum BlockingIO {
    /// Writes all of `buffer` to `fd`, off the cooperative pool.
    public static func writeAll(_ buffer: ByteBuffer, to fd: Int32, path: String) async throws {
        try await OffPool.run {
            if let code = buffer.withUnsafeReadableBytes({ Descriptor.writeAll(fd, $0) }) {
                throw ObjectStoreError(key: path, message: "cannot write \(path): \(Descriptor.reason(code))")
            }
        }
    }

    /// Up to `count` bytes of `fd` from `offset` (fewer only at the end of the file), off the pool.
    public static func read(upTo count: Int, from fd: Int32, at offset: Int64, path: String) async throws -> ByteBuffer {
        try await OffPool.run {
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
