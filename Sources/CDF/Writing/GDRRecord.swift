/// The global descriptor record (GDR): heads of the variable and attribute chains, the file's
/// end, and the counts. Written after the CDR once everything it points at is on disk.
struct GDRRecord {
    static let offset = CDRRecord.offset + Int64(CDRRecord.size)
    static let size = 84

    /// The first zVDR (0 when there are no variables).
    let zVDRHead: Int64
    /// The first ADR (0 when there are no attributes).
    let adrHead: Int64
    /// The offset just past the last internal record.
    let eof: Int64
    let attributeCount: Int
    let zVariableCount: Int

    var bytes: [UInt8] {
        var r = RecordBytes(.gdr, size: Self.size)
        r.int64(0)                       // rVDR head: no rVariables
        r.int64(zVDRHead)
        r.int64(adrHead)
        r.int64(eof)
        r.int32(0)                       // NrVars
        r.int32(Int32(attributeCount))
        r.int32(-1)                      // rMaxRec
        r.int32(0)                       // rNumDims
        r.int32(Int32(zVariableCount))
        r.int64(0)                       // UIR head
        r.int32(0)
        r.int32(20170101)                // leap second table last updated
        r.int32(-1)
        return r.bytes
    }
}
