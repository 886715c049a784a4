import NIOCore

/// The bytes of a simulated file: a pure function of its name and the offset, made chunk by chunk
/// so a file of many GB is never in memory. Each 64 KiB chunk is the name's pseudo-random block
/// with the chunk's number written over its first 8 bytes, so a lost, repeated or reordered chunk
/// changes the MD5.
struct FileContents: Sendable {
    static let chunkSize = 65_536
    let size: Int64
    private let seed: UInt64
    private let block: [UInt8]

    init(name: String, size: Int64) {
        self.size = size
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325   // FNV-1a of the name
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        seed = hash
        var state = hash
        var block = [UInt8](repeating: 0, count: Self.chunkSize)
        block.withUnsafeMutableBytes { raw in
            for word in 0..<(Self.chunkSize / 8) {
                raw.storeBytes(of: SplitMix.next(&state).littleEndian, toByteOffset: word * 8, as: UInt64.self)
            }
        }
        self.block = block
    }

    /// How many chunks the file has.
    var chunkCount: Int64 { (size + Int64(Self.chunkSize) - 1) / Int64(Self.chunkSize) }

    /// Chunk `index` (the last one may be short), handed to `body` without copying.
    func withChunk<T>(_ index: Int64, _ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let length = Int(min(Int64(Self.chunkSize), size - index * Int64(Self.chunkSize)))
        var chunk = block
        let mark = (UInt64(bitPattern: index) ^ seed).littleEndian
        chunk.withUnsafeMutableBytes { raw in
            withUnsafeBytes(of: mark) { markBytes in
                for offset in 0..<min(8, length) { raw[offset] = markBytes[offset] }
            }
        }
        return try chunk.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
    }

    /// Chunk `index` as a buffer to write.
    func chunk(_ index: Int64, allocator: ByteBufferAllocator) -> ByteBuffer {
        withChunk(index) { bytes in
            var buffer = allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            return buffer
        }
    }
}

/// SplitMix64: a tiny deterministic generator for simulated values.
enum SplitMix {
    static func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
