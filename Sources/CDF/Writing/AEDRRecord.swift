/// An attribute entry descriptor record: one entry's typed value (an AgrEDR for a global
/// attribute, an AzEDR for a zVariable's). The entries of one attribute form a chain.
struct AEDRRecord {
    let global: Bool
    let attributeNumber: Int
    /// The entry number: the global entry's index, or the number of the variable it describes.
    let entryNumber: Int
    let value: CDFValues
    /// The value in the file's encoding (see `encodedValue`).
    let encoded: [UInt8]
    /// The next entry of the attribute; 0 for the last.
    let next: Int64

    /// `value` in `encoding`, as NASA's library stores it: an empty string is one NUL byte
    /// (NumElems 0 is corrupt to it).
    static func encodedValue(_ value: CDFValues, _ encoding: CDFEncoding) -> [UInt8] {
        let bytes = value.encoded(encoding)
        return bytes.isEmpty && value.type.isString ? [0] : bytes
    }

    /// The record's size for an encoded value, known before it is written so entries can be chained.
    static func size(encodedCount: Int) -> Int { 56 + encodedCount }

    var bytes: [UInt8] {
        var r = RecordBytes(global ? .agrEDR : .azEDR, size: Self.size(encodedCount: encoded.count))
        r.int64(next)
        r.int32(Int32(attributeNumber))
        r.int32(value.type.rawValue)
        r.int32(Int32(entryNumber))
        r.int32(Int32(value.type.isString ? encoded.count : value.count))
        r.int32(value.type.isString ? 1 : 0)
        r.int32(0); r.int32(0); r.int32(-1); r.int32(-1)
        r.raw(encoded)
        return r.bytes
    }
}
