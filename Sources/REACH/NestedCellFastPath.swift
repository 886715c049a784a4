#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the two nested CSV cells of a REACH record, `seoList` and `senPos`, straight from the
/// cell's bytes when they have the plain shape the UDL and the reference tool write
/// (`[{'obDescription': 'DOSE1 (Flavor X) in rad/second', 'obValue': 4.02944e-05, ...}]`,
/// `[2641.63, -5135.19, -4251.22]`), without building a ``NestedValue`` tree: this is most of
/// the work of reading a day. Anything else (escapes, nested values, words such as None) returns
/// nil, and the caller falls back to the full parser, which also words the errors.
enum NestedCellFastPath {
    /// The `seoList` entries, or nil when the cell is not in the plain shape.
    static func measurements(_ cell: UnsafeBufferPointer<UInt8>) -> [REACHObservation.Measurement]? {
        var scanner = Scanner(bytes: cell)
        guard scanner.take(UInt8(ascii: "[")) else { return nil }
        var entries: [REACHObservation.Measurement] = []
        if scanner.take(UInt8(ascii: "]")) { return scanner.atEnd ? entries : nil }
        repeat {
            guard scanner.take(UInt8(ascii: "{")) else { return nil }
            var description: UnsafeBufferPointer<UInt8>?
            var value: Double?, quality: Double?
            if !scanner.take(UInt8(ascii: "}")) {
                repeat {
                    guard let key = scanner.quoted(), scanner.take(UInt8(ascii: ":")) else { return nil }
                    // A bare word must be a number: anything else (None, NaN…) goes to the full parser.
                    guard let token = scanner.token(), token.quoted || Self.double(token.bytes) != nil else { return nil }
                    // A repeated key's last value wins, as in a Python dict and NestedValue's subscript.
                    if Self.equal(key, "obDescription") {
                        guard token.quoted else { return nil }
                        description = token.bytes
                    } else if Self.equal(key, "obValue") {
                        guard let number = Self.double(token.bytes) else { return nil }
                        value = number
                    } else if Self.equal(key, "obQuality") {
                        guard let number = Self.double(token.bytes) else { return nil }
                        quality = number
                    }
                } while scanner.take(UInt8(ascii: ","))
                guard scanner.take(UInt8(ascii: "}")) else { return nil }
            }
            guard let description, let value else { return nil }
            let flag = quality.flatMap { $0.isFinite ? Int32(exactly: $0.rounded()) : nil }
            entries.append(.init(description: String(decoding: description, as: UTF8.self), value: value, quality: flag))
        } while scanner.take(UInt8(ascii: ","))
        guard scanner.take(UInt8(ascii: "]")), scanner.atEnd else { return nil }
        return entries
    }

    /// The `senPos` x, y, z, or nil when the cell is not a plain list of three numbers.
    static func position(_ cell: UnsafeBufferPointer<UInt8>) -> (x: Double, y: Double, z: Double)? {
        var scanner = Scanner(bytes: cell)
        guard scanner.take(UInt8(ascii: "[")) else { return nil }
        var xyz: [Double] = []
        xyz.reserveCapacity(3)
        repeat {
            guard let token = scanner.token(), !token.quoted, let number = double(token.bytes) else { return nil }
            xyz.append(number)
        } while scanner.take(UInt8(ascii: ","))
        guard scanner.take(UInt8(ascii: "]")), scanner.atEnd, xyz.count == 3 else { return nil }
        return (xyz[0], xyz[1], xyz[2])
    }

    /// A decimal number (digits, sign, point, exponent only), or nil.
    static func double(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !bytes.isEmpty, bytes.count < 64 else { return nil }
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "+"),
                 UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return nil
            }
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { text -> Double? in
            for (index, byte) in bytes.enumerated() { text[index] = CChar(bitPattern: byte) }
            text[bytes.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(text.baseAddress!, &end)
            return end == text.baseAddress! + bytes.count ? value : nil
        }
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        bytes.count == text.utf8CodeUnitCount
            && memcmp(bytes.baseAddress!, text.utf8Start, bytes.count) == 0
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var atEnd: Bool {
            mutating get { skipSpace(); return position == bytes.count }
        }

        mutating func skipSpace() {
            while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// A string in either quote without escapes; its bytes without the quotes.
        mutating func quoted() -> UnsafeBufferPointer<UInt8>? {
            skipSpace()
            guard position < bytes.count, bytes[position] == 0x27 || bytes[position] == 0x22 else { return nil }
            let quote = bytes[position]
            let start = position + 1
            var index = start
            while index < bytes.count, bytes[index] != quote {
                if bytes[index] == UInt8(ascii: "\\") { return nil }
                index += 1
            }
            guard index < bytes.count else { return nil }
            position = index + 1
            return UnsafeBufferPointer(rebasing: bytes[start..<index])
        }

        /// A quoted string or a bare word up to the next separator; nested values are refused.
        mutating func token() -> (bytes: UnsafeBufferPointer<UInt8>, quoted: Bool)? {
            skipSpace()
            guard position < bytes.count else { return nil }
            if bytes[position] == 0x27 || bytes[position] == 0x22 {
                return quoted().map { ($0, true) }
            }
            let start = position
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09: break
                case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "("): return nil
                default: position += 1; continue
                }
                break
            }
            guard position > start else { return nil }
            return (UnsafeBufferPointer(rebasing: bytes[start..<position]), false)
        }
    }
}
