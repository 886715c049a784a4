/// A record's `id` reduced to 128 bits for de-duplication across windows: a UUID exactly (UDL ids
/// are UUIDs), anything else by two independent 64-bit hashes. A day's million ids then take
/// about 16 bytes each instead of a String apiece.
struct RecordIdentity: Hashable {
    let high: UInt64
    let low: UInt64
    /// True when the id was not a UUID and the words are hashes, so they never equal a parsed UUID.
    let hashed: Bool

    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        if let uuid = Self.uuid(bytes, range) {
            (high, low, hashed) = (uuid.0, uuid.1, false)
            return
        }
        var a: UInt64 = 0xCBF2_9CE4_8422_2325, b: UInt64 = 0x8422_2325_CBF2_9CE4
        for index in range {
            a = (a ^ UInt64(bytes[index])) &* 0x100_0000_01B3
            b = (b ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3 &+ 0x9E37_79B9
        }
        (high, low, hashed) = (a, b, true)
    }

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (hex digits, either case) as two words.
    private static func uuid(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (UInt64, UInt64)? {
        guard range.count == 36 else { return nil }
        var words: (UInt64, UInt64) = (0, 0)
        var nibbles = 0
        for (position, index) in range.enumerated() {
            let byte = bytes[index]
            if position == 8 || position == 13 || position == 18 || position == 23 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            if nibbles < 16 { words.0 = words.0 << 4 | UInt64(digit) } else { words.1 = words.1 << 4 | UInt64(digit) }
            nibbles += 1
        }
        return words
    }
}
