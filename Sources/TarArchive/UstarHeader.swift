/// One 512-byte POSIX ustar header block, as the writer builds it.
struct UstarHeader {
    static let blockSize = 512
    /// The largest value of a 12-byte octal field (11 digits): sizes and times beyond it need pax records.
    static let largestTwelveByteValue = 0o77777777777
    /// The largest value of an 8-byte octal field (7 digits): uids and gids beyond it need pax records.
    static let largestEightByteValue = 0o7777777

    private(set) var block = [UInt8](repeating: 0, count: blockSize)

    /// A header for an entry of `typeflag`; numeric fields must already fit (the writer checks).
    init(name: ArraySlice<UInt8>, prefix: ArraySlice<UInt8>, mode: Int, uid: Int, gid: Int, size: Int,
         modificationTime: Int, typeflag: UInt8) {
        put(name, at: 0, width: 100)
        putOctal(mode, at: 100, width: 8)
        putOctal(uid, at: 108, width: 8)
        putOctal(gid, at: 116, width: 8)
        putOctal(size, at: 124, width: 12)
        putOctal(modificationTime, at: 136, width: 12)
        block[156] = typeflag
        put(Array("ustar\0".utf8)[...], at: 257, width: 6)
        put(Array("00".utf8)[...], at: 263, width: 2)
        put(prefix, at: 345, width: 155)
        // The checksum is the sum of all bytes with the checksum field read as eight spaces.
        let sum = block.reduce(0) { $0 + Int($1) } + 8 * Int(UInt8(ascii: " "))
        putOctal(sum, at: 148, width: 7)
        block[155] = UInt8(ascii: " ")
    }

    /// Splits a path into ustar's prefix (≤155 bytes) and name (≤100 bytes) at a slash; nil when no
    /// split fits, and the path needs a pax `path` record.
    static func split(_ path: [UInt8]) -> (prefix: ArraySlice<UInt8>, name: ArraySlice<UInt8>)? {
        if path.count <= 100 { return (path[0..<0], path[...]) }
        // The name takes at most the last 100 bytes: the earliest slash leaving that much is the split.
        guard let slash = path[(path.count - 101)...].firstIndex(of: UInt8(ascii: "/")),
              slash <= 155, slash + 1 < path.count else { return nil }
        return (path[..<slash], path[(slash + 1)...])
    }

    private mutating func put(_ bytes: ArraySlice<UInt8>, at offset: Int, width: Int) {
        for (index, byte) in bytes.prefix(width).enumerated() { block[offset + index] = byte }
    }

    /// Zero-padded octal in `width - 1` digits and a NUL, as GNU tar writes numeric fields.
    private mutating func putOctal(_ value: Int, at offset: Int, width: Int) {
        var remaining = value
        for index in stride(from: width - 2, through: 0, by: -1) {
            block[offset + index] = UInt8(ascii: "0") + UInt8(remaining & 7)
            remaining >>= 3
        }
        block[offset + width - 1] = 0
    }
}
