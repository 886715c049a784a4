/// Reading the fields of a 512-byte tar header block (ustar, GNU and v7 variants).
struct HeaderFields {
    let block: [UInt8]

    var typeflag: UInt8 { block[156] }
    var isZero: Bool { block.allSatisfy { $0 == 0 } }
    /// POSIX ustar ("ustar\0"), whose prefix field extends the name; GNU's "ustar  " uses it otherwise.
    var isPOSIXUstar: Bool { block[257..<263].elementsEqual("ustar\0".utf8) }

    /// The name, joined to the ustar prefix when there is one.
    var path: [UInt8] {
        let name = Self.terminated(block[0..<100])
        guard isPOSIXUstar else { return Array(name) }
        let prefix = Self.terminated(block[345..<500])
        return prefix.isEmpty ? Array(name) : Array(prefix) + [UInt8(ascii: "/")] + Array(name)
    }

    /// The size field; nil when it is neither octal nor GNU base-256.
    var size: Int? { Self.number(block[124..<136]) }

    /// Throws unless the checksum field matches the block (as an unsigned or, for old writers, signed sum).
    func verifyChecksum(offset: Int) throws(TarArchiveError) {
        guard let recorded = Self.number(block[148..<156]) else {
            throw TarArchiveError.corruptHeader(offset: offset, detail: "the checksum field is not a number")
        }
        var unsigned = 0, signed = 0
        for (index, byte) in block.enumerated() {
            let value = (148..<156).contains(index) ? UInt8(ascii: " ") : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        guard recorded == unsigned || recorded == signed else {
            throw TarArchiveError.corruptHeader(
                offset: offset, detail: "checksum \(recorded) recorded, \(unsigned) computed")
        }
    }

    /// Octal digits (leading spaces, ending at a NUL or space), or GNU base-256 when the top bit is set.
    static func number(_ field: ArraySlice<UInt8>) -> Int? {
        guard let first = field.first else { return nil }
        if first & 0x80 != 0 {
            // Base-256: big-endian two's complement; a size is non-negative and fits an Int.
            guard first == 0x80 else { return nil }
            let rest = field.dropFirst()
            guard rest.dropLast(8).allSatisfy({ $0 == 0 }) else { return nil }
            let value = rest.suffix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return value <= UInt64(Int.max) ? Int(value) : nil
        }
        var digits = field.drop(while: { $0 == UInt8(ascii: " ") })
        if let end = digits.firstIndex(where: { $0 == 0 || $0 == UInt8(ascii: " ") }) { digits = digits[..<end] }
        guard !digits.isEmpty, digits.count <= 21 else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else { return nil }
            value = value << 3 | Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    /// The bytes before the first NUL.
    static func terminated(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        field.prefix(while: { $0 != 0 })
    }
}
