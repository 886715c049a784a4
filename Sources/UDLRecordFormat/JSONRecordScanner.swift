/// Splits a UDL answer (a JSON array of objects, a single object, or an empty body) into its
/// records without building a tree: each record is a byte range, and each top-level member a key
/// range and a value range. It validates the whole text as JSON, so a truncated or malformed
/// answer is an error, never partial data.
public struct JSONRecordScanner {
    /// What a member's value is, so a writer can render it without parsing it again.
    public enum ValueKind: Sendable, Equatable {
        case string, number, literal, null, nested
    }

    /// One top-level member of a record: byte ranges into the scanned buffer.
    public struct Member: Sendable, Equatable {
        /// The key's bytes, without quotes (escapes, if any, left as written).
        public let key: Range<Int>
        /// The value's bytes; for a string, without its quotes.
        public let value: Range<Int>
        public let kind: ValueKind
        /// For a string: whether it holds escapes that must be decoded.
        public let escaped: Bool
    }

    /// A malformed or truncated answer, naming the byte offset.
    public struct Malformed: Error, CustomStringConvertible, Equatable {
        public let offset: Int
        public let reason: String
        public var description: String { "malformed JSON at byte \(offset): \(reason)" }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Calls `record` with each record's byte range and its members, in order.
    public static func scanRecords(_ bytes: UnsafeBufferPointer<UInt8>,
                                   _ record: (Range<Int>, [Member]) throws -> Void) throws {
        var scanner = JSONRecordScanner(bytes)
        var members: [Member] = []
        members.reserveCapacity(32)
        scanner.skipWhitespace()
        guard scanner.index < bytes.count else { return }   // an empty body: no records
        if bytes[scanner.index] == UInt8(ascii: "{") {
            let range = try scanner.object(into: &members)
            try record(range, members)
        } else {
            try scanner.expect(UInt8(ascii: "["))
            scanner.skipWhitespace()
            if scanner.peek == UInt8(ascii: "]") {
                scanner.index += 1
            } else {
                while true {
                    scanner.skipWhitespace()
                    guard scanner.peek == UInt8(ascii: "{") else { throw scanner.malformed("expected a record object") }
                    members.removeAll(keepingCapacity: true)
                    let range = try scanner.object(into: &members)
                    try record(range, members)
                    scanner.skipWhitespace()
                    if scanner.peek == UInt8(ascii: ",") { scanner.index += 1; continue }
                    try scanner.expect(UInt8(ascii: "]"))
                    break
                }
            }
        }
        scanner.skipWhitespace()
        guard scanner.index == bytes.count else { throw scanner.malformed("text after the end of the answer") }
    }

    /// Members of one object that starts at `range.lowerBound` (as spooled), re-scanned.
    public static func members(of bytes: UnsafeBufferPointer<UInt8>, into members: inout [Member]) throws {
        var scanner = JSONRecordScanner(bytes)
        members.removeAll(keepingCapacity: true)
        scanner.skipWhitespace()
        _ = try scanner.object(into: &members)
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private func malformed(_ reason: String) -> Malformed {
        Malformed(offset: index, reason: index >= bytes.count ? "the answer ends early (\(reason))" : reason)
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek == byte else { throw malformed("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// A top-level object: records its members.
    private mutating func object(into members: inout [Member]) throws -> Range<Int> {
        let start = index
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            index += 1
            return start..<index
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw malformed("expected a member name") }
            let (key, _) = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            members.append(try value(key: key))
            skipWhitespace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            try expect(UInt8(ascii: "}"))
            return start..<index
        }
    }

    private mutating func value(key: Range<Int>) throws -> Member {
        guard let byte = peek else { throw malformed("expected a value") }
        switch byte {
        case UInt8(ascii: "\""):
            let (range, escaped) = try string()
            return Member(key: key, value: range, kind: .string, escaped: escaped)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let start = index
            try skipNested()
            return Member(key: key, value: start..<index, kind: .nested, escaped: false)
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            let start = index
            try literal()
            return Member(key: key, value: start..<index, kind: byte == UInt8(ascii: "n") ? .null : .literal, escaped: false)
        default:
            let start = index
            try number()
            return Member(key: key, value: start..<index, kind: .number, escaped: false)
        }
    }

    /// A string; returns the range inside the quotes and whether it has escapes.
    private mutating func string() throws -> (Range<Int>, Bool) {
        index += 1
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return (start..<index - 1, escaped)
            }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 1
                guard index < bytes.count else { break }
                switch bytes[index] {
                case UInt8(ascii: "u"):
                    guard index + 4 < bytes.count, (1...4).allSatisfy({ Self.isHex(bytes[index + $0]) }) else {
                        throw malformed("bad \\u escape")
                    }
                    index += 4
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                default:
                    throw malformed("bad escape")
                }
            } else if byte < 0x20 {
                throw malformed("control character inside a string")
            }
            index += 1
        }
        throw malformed("unterminated string")
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private mutating func literal() throws {
        for word in ["true", "false", "null"] {
            let utf8 = Array(word.utf8)
            if index + utf8.count <= bytes.count, utf8.indices.allSatisfy({ bytes[index + $0] == utf8[$0] }) {
                index += utf8.count
                return
            }
        }
        throw malformed("unknown literal")
    }

    private mutating func number() throws {
        let start = index
        if peek == UInt8(ascii: "-") { index += 1 }
        var digits = 0
        while let byte = peek, (0x30...0x39).contains(byte) { index += 1; digits += 1 }
        guard digits > 0 else { throw malformed("expected a value") }
        if peek == UInt8(ascii: ".") {
            index += 1
            var fraction = 0
            while let byte = peek, (0x30...0x39).contains(byte) { index += 1; fraction += 1 }
            guard fraction > 0 else { throw malformed("digits expected after '.'") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            var exponent = 0
            while let byte = peek, (0x30...0x39).contains(byte) { index += 1; exponent += 1 }
            guard exponent > 0 else { throw malformed("digits expected in the exponent") }
        }
        _ = start
    }

    /// Skips a nested object or array, validating it.
    private mutating func skipNested() throws {
        let open = bytes[index]
        index += 1
        let close = open == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        skipWhitespace()
        if peek == close { index += 1; return }
        while true {
            skipWhitespace()
            if open == UInt8(ascii: "{") {
                guard peek == UInt8(ascii: "\"") else { throw malformed("expected a member name") }
                _ = try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                skipWhitespace()
            }
            guard let byte = peek else { throw malformed("expected a value") }
            switch byte {
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "{"), UInt8(ascii: "["): try skipNested()
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"): try literal()
            default: try number()
            }
            skipWhitespace()
            if peek == UInt8(ascii: ",") { index += 1; continue }
            try expect(close)
            return
        }
    }
}

extension JSONRecordScanner {
    /// Decodes a JSON string's content (the bytes inside its quotes) to UTF-8, appending to `out`.
    public static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout [UInt8]) {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                index += 1
                continue
            }
            let code = bytes[index + 1]
            index += 2
            switch code {
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = hex4(bytes, index)
                index += 4
                // A surrogate pair is two escapes; a lone surrogate becomes U+FFFD.
                if (0xD800..<0xDC00).contains(scalar), index + 6 <= range.upperBound,
                   bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let low = hex4(bytes, index + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                }
                out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
            default: out.append(code)   // \" \\ \/
            }
        }
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int) -> UInt32 {
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[at + offset]
            let digit: UInt8 = byte <= 0x39 ? byte - 0x30 : (byte | 0x20) - 0x61 + 10
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
