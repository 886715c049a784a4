import Crypto
import Foundation
import NIOCore
import Synchronization

/// A station's bytes on their way to the store, counted and hashed as they pass. At the end of the
/// stream the size and the station's MD5 are checked, and a mismatch is thrown from the stream
/// itself, so the store abandons the upload and no object is left under the file's key.
struct VerifiedDownload<Base: AsyncSequence & Sendable>: AsyncSequence, Sendable where Base.Element == ByteBuffer {
    typealias Element = ByteBuffer
    let base: Base
    let name: String
    let expectedSize: Int64?
    let expectedMD5: String?
    /// What went through, readable once the stream has ended.
    let tally = Tally()

    final class Tally: Sendable {
        private let state = Mutex<(size: Int64, md5: String?)>((0, nil))
        var size: Int64 { state.withLock { $0.size } }
        var md5: String? { state.withLock { $0.md5 } }
        fileprivate func finish(size: Int64, md5: String) { state.withLock { $0 = (size, md5) } }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let owner: VerifiedDownload
        var hasher = Insecure.MD5()
        var size: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else {
                let md5 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                if let expected = owner.expectedSize, expected != size {
                    throw StagingError.verification("\(owner.name): the station sent \(size) bytes, its listing says \(expected)")
                }
                if let expected = owner.expectedMD5, expected.lowercased() != md5 {
                    throw StagingError.verification("\(owner.name): MD5 of the bytes received is \(md5), the station says \(expected.lowercased())")
                }
                owner.tally.finish(size: size, md5: md5)
                return nil
            }
            buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
            size += Int64(buffer.readableBytes)
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), owner: self) }
}
