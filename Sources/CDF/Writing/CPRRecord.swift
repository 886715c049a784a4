/// A compression parameters record (CPR) naming GZIP at a level: one per compressed variable, and
/// one after the compressed image of a whole-file-compressed CDF.
struct CPRRecord {
    static let size = 28
    /// The GZIP level, 1–9.
    let level: Int

    var bytes: [UInt8] {
        var r = RecordBytes(.cpr, size: Self.size)
        r.int32(5)       // GZIP
        r.int32(0)       // rfuA
        r.int32(1)       // pCount
        r.int32(Int32(level))
        return r.bytes
    }
}
