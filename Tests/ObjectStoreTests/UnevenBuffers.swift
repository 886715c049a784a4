import Foundation
import NIOCore

/// Bytes handed out as buffers of awkward, varying sizes (1 byte to 3 MB), as a stream of unknown
/// length; can be told to fail after some bytes, as a producer that dies mid-stream.
struct UnevenBuffers: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let data: Data
    /// Throw once this many bytes have been handed out.
    var failAfter: Int?
    static let sizes = [1, 777, 65_536, 3_000_001, 12_345, 1_048_576, 2]

    struct ProducerDied: Error, CustomStringConvertible {
        var description: String { "the producer died mid-stream" }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let source: UnevenBuffers
        var offset = 0
        var turn = 0

        mutating func next() async throws -> ByteBuffer? {
            if let limit = source.failAfter, offset >= limit { throw ProducerDied() }
            guard offset < source.data.count else { return nil }
            let count = Swift.min(UnevenBuffers.sizes[turn % UnevenBuffers.sizes.count], source.data.count - offset)
            let start = source.data.startIndex + offset
            defer { offset += count; turn += 1 }
            return ByteBuffer(bytes: source.data[start..<start + count])
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(source: self) }
}

/// All the bytes of a stream, gathered.
func gathered(_ bytes: any AsyncSequence<ByteBuffer, any Error>) async throws -> Data {
    var data = Data()
    for try await buffer in bytes { data.append(contentsOf: buffer.readableBytesView) }
    return data
}
