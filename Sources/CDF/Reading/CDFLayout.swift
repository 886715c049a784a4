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
