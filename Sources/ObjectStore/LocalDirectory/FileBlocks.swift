import NIOCore

/// A file's bytes as blocks read off the cooperative pool, from an open descriptor the caller closes.
struct FileBlocks: AsyncSequence {
    typealias Element = ByteBuffer
    let fd: Int32
    let path: String
    let blockSize: Int

    struct AsyncIterator: AsyncIteratorProtocol {
        let blocks: FileBlocks
        var offset: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            let block = try await BlockingIO.read(upTo: blocks.blockSize, from: blocks.fd, at: offset, path: blocks.path)
            guard block.readableBytes > 0 else { return nil }
            offset += Int64(block.readableBytes)
            return block
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(blocks: self) }
}
