/// Big-endian fields of one internal record, read in order; errors name the record and offset.
struct CDFFieldReader {
    let path: String
    let layout: CDFLayout
    let kind: CDFRecordKind
    /// File offset of the record's first byte.
    let offset: Int64
    let bytes: [UInt8]
    /// The record's size field (it may be longer than `bytes` when only a prefix was read).
    let recordSize: Int64
    private(set) var position: Int

    init(path: String, layout: CDFLayout, kind: CDFRecordKind, offset: Int64, bytes: [UInt8], position: Int? = nil,
         recordSize: Int64? = nil) {
        self.path = path
        self.layout = layout
        self.kind = kind
        self.offset = offset
        self.bytes = bytes
        self.position = position ?? layout.headerSize
        self.recordSize = recordSize ?? Int64(bytes.count)
    }

    func error(_ message: String, field: Int? = nil) -> CDFError {
        let at = offset + Int64(field ?? position)
        return CDFError(path: path, "offset \(at) (\(kind.name) at \(offset)): \(message)")
    }

    mutating func seek(_ position: Int) { self.position = position }

    mutating func int32() throws -> Int32 {
        guard position + 4 <= bytes.count else { throw error("record ends inside a 4-byte field") }
        var value: UInt32 = 0
        for i in 0..<4 { value = value << 8 | UInt32(bytes[position + i]) }
        position += 4
        return Int32(bitPattern: value)
    }

    mutating func int64() throws -> Int64 {
        guard position + 8 <= bytes.count else { throw error("record ends inside an 8-byte field") }
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(bytes[position + i]) }
        position += 8
        return Int64(bitPattern: value)
    }

    /// A file offset or record size: 8 bytes in v3, 4 in v2.
    mutating func offsetOrSize() throws -> Int64 {
        layout.offsetSize == 8 ? try int64() : Int64(try int32())
    }

    /// A non-negative count or size field no larger than `limit`.
    mutating func count(_ field: String, limit: Int) throws -> Int {
        let at = position
        let value = try int32()
        guard value >= 0, Int(value) <= limit else {
            throw error("\(field) \(value) is outside 0…\(limit)", field: at)
        }
        return Int(value)
    }

    mutating func raw(_ count: Int) throws -> [UInt8] {
        guard count >= 0, position + count <= bytes.count else {
            throw error("record ends inside a \(count)-byte value")
        }
        defer { position += count }
        return Array(bytes[position..<position + count])
    }

    /// A NUL-padded name field.
    mutating func name() throws -> String {
        let field = try raw(layout.nameSize)
        let text = field.prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }
}
