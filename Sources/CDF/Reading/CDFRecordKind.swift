/// The internal record types of a CDF v3 file, with the names the format documents use.
enum CDFRecordKind: Int32, Sendable {
    case cdr = 1, gdr = 2, rVDR = 3, adr = 4, agrEDR = 5, vxr = 6, vvr = 7, zVDR = 8, azEDR = 9
    case ccr = 10, cpr = 11, spr = 12, cvvr = 13, uir = -1

    var name: String {
        switch self {
        case .cdr: "CDR"
        case .gdr: "GDR"
        case .rVDR: "rVDR"
        case .adr: "ADR"
        case .agrEDR: "AgrEDR"
        case .vxr: "VXR"
        case .vvr: "VVR"
        case .zVDR: "zVDR"
        case .azEDR: "AzEDR"
        case .ccr: "CCR"
        case .cpr: "CPR"
        case .spr: "SPR"
        case .cvvr: "CVVR"
        case .uir: "UIR"
        }
    }

    /// The smallest size a well-formed record of this kind can have in `layout`.
    func minimumSize(_ layout: CDFLayout) -> Int64 {
        guard layout == .v3 else { return minimumSizeV2 }
        return switch self {
        case .cdr: 56 + 256
        case .gdr: 84
        case .rVDR: 340
        case .zVDR: 344
        case .adr: 324
        case .agrEDR, .azEDR: 56
        case .vxr: 28
        case .vvr: 12
        case .cvvr: 24
        case .ccr: 32
        case .cpr: 28
        case .spr: 28
        case .uir: 28
        }
    }

    /// Version 2 records: 4-byte sizes and offsets, 64-byte names.
    private var minimumSizeV2: Int64 {
        switch self {
        case .cdr: 48
        case .gdr: 60
        case .rVDR: 128
        case .zVDR: 132
        case .adr: 116
        case .agrEDR, .azEDR: 48
        case .vxr: 20
        case .vvr: 8
        case .cvvr: 16
        case .ccr: 20
        case .cpr: 24
        case .spr: 24
        case .uir: 16
        }
    }
}

/// Field widths of a CDF version: v3 has 8-byte sizes and offsets and 256-byte names; v2.6 and
/// v2.7 have 4-byte ones and 64-byte names, with the fields in the same order.
struct CDFLayout: Sendable, Equatable {
    /// Bytes of a record size or file offset.
    let offsetSize: Int
    /// Bytes of a variable or attribute name.
    let nameSize: Int
    /// The magic number's first word.
    let magic: [UInt8]

    static let v3 = CDFLayout(offsetSize: 8, nameSize: 256, magic: [0xCD, 0xF3, 0x00, 0x01])
    static let v2 = CDFLayout(offsetSize: 4, nameSize: 64, magic: [0xCD, 0xF2, 0x60, 0x02])

    /// Bytes before a record's first field: its size and type.
    var headerSize: Int { offsetSize + 4 }
}

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
