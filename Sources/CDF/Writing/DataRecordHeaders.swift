/// The header of a variable values record (VVR): the record's bytes follow as they are.
struct VVRHeader {
    static let size = 12
    /// Bytes of records that follow the header.
    let bodyCount: Int

    var bytes: [UInt8] { RecordBytes(.vvr, size: Self.size + bodyCount).bytes }
}

/// The header of a compressed variable values record (CVVR): a block of records compressed with
/// the method the variable's CPR names; the compressed bytes follow.
struct CVVRHeader {
    static let size = 24
    let compressedCount: Int

    var bytes: [UInt8] {
        var r = RecordBytes(.cvvr, size: Self.size + compressedCount)
        r.int32(0)                       // rfuA
        r.int64(Int64(compressedCount))
        return r.bytes
    }
}
