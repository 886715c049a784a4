/// Encodes rows the way Python's `csv.writer` does with its default (excel) dialect:
/// fields quoted only when they hold a comma, a quote, CR or LF; quotes doubled; rows end in CRLF.
///
/// Matching Python byte for byte keeps a ledger appended to by both Ferry and the reference tool
/// readable by either.
public enum CSVWriter {
    /// The row terminator Python's csv module writes.
    public static let lineTerminator: [UInt8] = [0x0D, 0x0A]

    /// One encoded row, terminator included.
    public static func encode(fields: some Collection<String>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(2) { $0 + $1.utf8.count + 1 })
        append(fields: fields, to: &out)
        return out
    }

    /// Appends one encoded row, terminator included, to `out`.
    public static func append(fields: some Collection<String>, to out: inout [UInt8]) {
        var first = true
        for field in fields {
            if !first { out.append(CSVByte.comma) }
            first = false
            appendField(field, to: &out)
        }
        // Python quotes a lone empty field so the row is not mistaken for a blank line.
        if fields.count == 1, fields.first?.isEmpty == true {
            out.append(CSVByte.quote)
            out.append(CSVByte.quote)
        }
        out.append(contentsOf: lineTerminator)
    }

    /// Appends one field, quoted when needed, without a separator.
    public static func appendField(_ field: String, to out: inout [UInt8]) {
        var field = field
        field.withUTF8 { appendField(bytes: $0, to: &out) }
    }

    /// Appends one field given as UTF-8 bytes, quoted when needed, without a separator.
    public static func appendField(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        guard bytes.contains(where: CSVByte.needsQuoting) else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(CSVByte.quote)
        for byte in bytes {
            if byte == CSVByte.quote { out.append(CSVByte.quote) }
            out.append(byte)
        }
        out.append(CSVByte.quote)
    }
}

/// The bytes that have meaning in the excel dialect.
enum CSVByte {
    static let comma = UInt8(ascii: ",")
    static let quote = UInt8(ascii: "\"")
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")

    @inline(__always)
    static func needsQuoting(_ byte: UInt8) -> Bool {
        byte == comma || byte == quote || byte == cr || byte == lf
    }
}
