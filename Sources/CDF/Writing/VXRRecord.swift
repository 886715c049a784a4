/// A variable index record (VXR): up to ten entries, each a range of records and the offset of
/// the data record (VVR or CVVR) or lower VXR that holds them.
struct VXRRecord {
    /// Entries per VXR, as NASA's library allocates them; unused slots are written as -1.
    static let entriesPerRecord = 10
    static let size = 28 + 16 * entriesPerRecord

    /// The next VXR on the same level; 0 for the last.
    let next: Int64
    let entries: ArraySlice<CDFBlockEntry>

    var bytes: [UInt8] {
        let n = Self.entriesPerRecord
        var r = RecordBytes(.vxr, size: Self.size)
        r.int64(next)
        r.int32(Int32(n))
        r.int32(Int32(entries.count))
        let slots = Array(entries)
        for slot in 0..<n { r.int32(slot < slots.count ? Int32(slots[slot].first) : -1) }
        for slot in 0..<n { r.int32(slot < slots.count ? Int32(slots[slot].last) : -1) }
        for slot in 0..<n { r.int64(slot < slots.count ? slots[slot].offset : -1) }
        return r.bytes
    }
}

/// One entry of a variable's index: records `first...last` are in the record at `offset`.
struct CDFBlockEntry {
    let first: Int
    let last: Int
    let offset: Int64
}
