/// The CDF descriptor record (CDR): format version, data encoding and file flags. It sits right
/// after the magic number and points at the GDR, which follows it.
struct CDRRecord {
    static let offset: Int64 = 8
    static let size = 312

    /// The encoding code written (normally the encoding's own; `CDFFileOptions.encodingCode` may
    /// name another IEEE code of the same byte order).
    let encodingCode: Int32
    let rowMajor: Bool
    let md5: Bool

    var bytes: [UInt8] {
        var r = RecordBytes(.cdr, size: Self.size)
        r.int64(GDRRecord.offset)
        r.int32(3)                       // version
        r.int32(9)                       // release
        r.int32(encodingCode)
        r.int32((rowMajor ? 1 : 0) | 0b10 | (md5 ? 0b1100 : 0))   // majority, single file, MD5
        r.int32(0); r.int32(0)
        r.int32(0)                       // increment
        r.int32(-1); r.int32(-1)
        r.name("Common Data Format (CDF)\nhttps://cdf.gsfc.nasa.gov\nWritten by Ferry")
        return r.bytes
    }
}
