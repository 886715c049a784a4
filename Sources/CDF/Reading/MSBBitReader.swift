/// Reads a byte buffer bit by bit, most significant bit first (the order of the bit I/O in
/// Mark Nelson's coders, which NASA's library's Huffman methods use).
struct MSBBitReader {
    private let data: UnsafeRawBufferPointer
    private var byteIndex = 0
    private var mask: UInt8 = 0x80

    init(_ data: UnsafeRawBufferPointer) { self.data = data }

    /// The next bit, or nil once the data is used up.
    mutating func bit() -> Int? {
        guard byteIndex < data.count else { return nil }
        let set = data[byteIndex] & mask != 0
        mask >>= 1
        if mask == 0 {
            mask = 0x80
            byteIndex += 1
        }
        return set ? 1 : 0
    }

    /// The next `count` bits as an unsigned number, first bit highest; nil if the data ends first.
    mutating func bits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let next = bit() else { return nil }
            value = value << 1 | next
        }
        return value
    }
}
