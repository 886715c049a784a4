/// The index of a variable's data records, shaped as NASA's library and cdflib shape it: VXRs of
/// ten entries; while more than ten of them would be chained, they are left unchained and a level
/// of VXRs pointing at them (ten each) is written above, so a reader descends a tree instead of
/// walking a long chain. The top level is a chain of at most ten VXRs: its head and tail go in the
/// variable's zVDR.
struct VXRTree {
    /// Every VXR, lowest level first, to be written contiguously at the offset given to `init`.
    private(set) var bytes: [UInt8] = []
    /// The first and last VXR of the top level; 0 and 0 for a variable without records.
    private(set) var head: Int64 = 0
    private(set) var tail: Int64 = 0

    /// Lays out the index of `blocks` (in record order) as if written starting at `offset`.
    init(indexing blocks: [CDFBlockEntry], at offset: Int64) {
        guard !blocks.isEmpty else { return }
        let n = VXRRecord.entriesPerRecord
        var end = offset
        var entries = blocks
        while true {
            let groups = stride(from: 0, to: entries.count, by: n).map { entries[$0..<min($0 + n, entries.count)] }
            let isTop = groups.count <= n
            var written: [CDFBlockEntry] = []
            for (index, group) in groups.enumerated() {
                let next = isTop && index + 1 < groups.count ? end + Int64(VXRRecord.size) : 0
                bytes += VXRRecord(next: next, entries: group).bytes
                written.append(CDFBlockEntry(first: group.first!.first, last: group.last!.last, offset: end))
                end += Int64(VXRRecord.size)
            }
            if isTop {
                (head, tail) = (written.first!.offset, written.last!.offset)
                return
            }
            entries = written
        }
    }
}
