/// An attribute descriptor record (ADR): the attribute's name, scope and number, and the head of
/// its chain of entries (AgrEDRs for a global attribute, AzEDRs for a variable attribute).
struct ADRRecord {
    static let size = 324
    /// Where the ADRnext field sits in the record: the writer fills it in when the next ADR exists.
    static let nextFieldOffset: Int64 = 12

    let name: String
    let number: Int
    let global: Bool
    /// The first entry record; 0 when the attribute has no entries.
    let entryHead: Int64
    let entryCount: Int
    /// The largest entry number; -1 when there are none.
    let maxEntry: Int

    var bytes: [UInt8] {
        var r = RecordBytes(.adr, size: Self.size)
        r.int64(0)   // ADRnext, patched when the next ADR is written
        r.int64(global ? entryHead : 0)
        r.int32(global ? 1 : 2)
        r.int32(Int32(number))
        r.int32(global ? Int32(entryCount) : 0)
        r.int32(global ? Int32(maxEntry) : -1)
        r.int32(0)
        r.int64(global ? 0 : entryHead)
        r.int32(global ? 0 : Int32(entryCount))
        r.int32(global ? -1 : Int32(maxEntry))
        r.int32(-1)
        r.name(name)
        return r.bytes
    }
}
