/// The compressed CDF record (CCR) of a whole-file-compressed CDF: it holds the compressed image
/// of everything after the magic number, and points at the CPR that follows it.
struct CCRRecord {
    /// Header bytes before the compressed image.
    static let headerSize = 32
    /// Where the CPR starts (just past the compressed image).
    let cprOffset: Int64
    /// Bytes of the image before compression (the uncompressed file less its magic number).
    let uncompressedSize: Int64

    /// The header, whose size field covers the compressed image after it.
    var headerBytes: [UInt8] {
        var r = RecordBytes(.ccr, size: Int(cprOffset - 8))
        r.int64(cprOffset)
        r.int64(uncompressedSize)
        r.int32(0)                       // rfuA
        return r.bytes
    }
}
