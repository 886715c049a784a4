/// A `started_at_utc` value packed for a fast text comparison.
///
/// Ferry's timestamps are exactly 32 bytes; packed big-endian into four words they compare as
/// text with four integer comparisons. Longer values, or values holding a NUL byte (where zero
/// padding would be ambiguous), keep their bytes and compare byte by byte.
struct StartedKey {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var overflow: [UInt8]?

    init() {}

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count <= 32, !bytes.contains(0) else {
            overflow = Array(bytes)
            return
        }
        var packed: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &packed) { raw in
            raw.copyMemory(from: UnsafeRawBufferPointer(bytes))
        }
        words = (UInt64(bigEndian: packed.0), UInt64(bigEndian: packed.1),
                 UInt64(bigEndian: packed.2), UInt64(bigEndian: packed.3))
    }

    /// True when `self` sorts before `other` as text (code point order, as Python compares str).
    @inline(__always)
    func precedes(_ other: StartedKey) -> Bool {
        if overflow == nil && other.overflow == nil {
            if words.0 != other.words.0 { return words.0 < other.words.0 }
            if words.1 != other.words.1 { return words.1 < other.words.1 }
            if words.2 != other.words.2 { return words.2 < other.words.2 }
            return words.3 < other.words.3
        }
        return bytes.lexicographicallyPrecedes(other.bytes)
    }

    private var bytes: [UInt8] {
        if let overflow { return overflow }
        var out: [UInt8] = []
        for word in [words.0, words.1, words.2, words.3] {
            for shift in stride(from: 56, through: 0, by: -8) {
                let byte = UInt8(truncatingIfNeeded: word >> UInt64(shift))
                if byte == 0 { return out }
                out.append(byte)
            }
        }
        return out
    }
}
