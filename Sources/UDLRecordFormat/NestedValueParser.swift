/// Parses JSON and Python literals (as `ast.literal_eval` accepts them for UDL data): objects
/// and dicts, lists and tuples, strings in either quote with escapes, numbers, true/false/null
/// and True/False/None, NaN and Infinity.
public struct NestedValueParser {
    private let bytes: [UInt8]
    private var position = 0

    /// Parses `text` whole; trailing non-space text is an error.
    public static func parse(_ text: some StringProtocol) throws(NestedValueError) -> NestedValue {
        var parser = NestedValueParser(bytes: Array(text.utf8))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    /// Parses UTF-8 bytes whole.
    public static func parse(bytes: some Collection<UInt8>) throws(NestedValueError) -> NestedValue {
        var parser = NestedValueParser(bytes: Array(bytes))
        let value = try parser.value()
        parser.skipSpace()
        guard parser.position == parser.bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func error(_ message: String) -> NestedValueError {
        NestedValueError(message: message, offset: position)
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func value() throws(NestedValueError) -> NestedValue {
        skipSpace()
        guard position < bytes.count else { throw error("expected a value, found the end") }
        switch bytes[position] {
        case UInt8(ascii: "["): return .list(try sequence(closing: UInt8(ascii: "]")))
        case UInt8(ascii: "("): return .list(try sequence(closing: UInt8(ascii: ")")))
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .string(try string())
        default: return try word()
        }
    }

    private mutating func sequence(closing: UInt8) throws(NestedValueError) -> [NestedValue] {
        position += 1
        var items: [NestedValue] = []
        while true {
            skipSpace()
            guard position < bytes.count else { throw error("unclosed list") }
            if bytes[position] == closing { position += 1; return items }
            items.append(try value())
            skipSpace()
            guard position < bytes.count else { throw error("unclosed list") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            guard bytes[position] == closing else { throw error("expected ',' or the list's end") }
        }
    }

    private mutating func object() throws(NestedValueError) -> NestedValue {
        position += 1
        var members: [(String, NestedValue)] = []
        while true {
            skipSpace()
            guard position < bytes.count else { throw error("unclosed object") }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
            guard bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                throw error("expected a quoted key")
            }
            let key = try string()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            members.append((key, try value()))
            skipSpace()
            guard position < bytes.count else { throw error("unclosed object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            guard bytes[position] == UInt8(ascii: "}") else { throw error("expected ',' or the object's end") }
        }
    }

    private mutating func string() throws(NestedValueError) -> String {
        let quote = bytes[position]
        position += 1
        var out: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            if byte == quote { position += 1; return String(decoding: out, as: UTF8.self) }
            guard byte == UInt8(ascii: "\\") else { out.append(byte); position += 1; continue }
            position += 1
            guard position < bytes.count else { break }
            let escaped = bytes[position]
            position += 1
            switch escaped {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "0"): out.append(0x00)
            case UInt8(ascii: "u"), UInt8(ascii: "x"):
                let digits = escaped == UInt8(ascii: "u") ? 4 : 2
                guard position + digits <= bytes.count,
                      var scalar = UInt32(String(decoding: bytes[position..<position + digits], as: UTF8.self), radix: 16)
                else { throw error("bad \\\(Character(UnicodeScalar(escaped))) escape") }
                position += digits
                // A JSON surrogate pair spells one character outside the BMP.
                if (0xD800...0xDBFF).contains(scalar), position + 6 <= bytes.count,
                   bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u"),
                   let low = UInt32(String(decoding: bytes[position + 2..<position + 6], as: UTF8.self), radix: 16),
                   (0xDC00...0xDFFF).contains(low) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                }
                out.append(contentsOf: Array(String(UnicodeScalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
            default: out.append(escaped)   // \" \' \\ \/
            }
        }
        throw error("unclosed string")
    }

    private mutating func word() throws(NestedValueError) -> NestedValue {
        let start = position
        while position < bytes.count, !Self.delimiters.contains(bytes[position]) { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        switch text {
        case "true", "True": return .bool(true)
        case "false", "False": return .bool(false)
        case "null", "None": return .null
        case "NaN", "nan": return .number(.nan)
        case "Infinity", "inf": return .number(.infinity)
        case "-Infinity", "-inf": return .number(-.infinity)
        default:
            guard let number = Double(text) else {
                position = start
                throw error(text.isEmpty ? "expected a value" : "not a value: \(text.prefix(20))")
            }
            return .number(number)
        }
    }

    private static let delimiters: Set<UInt8> = Set(",]})\t\n\r :".utf8)
}
