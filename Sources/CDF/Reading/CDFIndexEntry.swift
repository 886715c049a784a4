/// One leaf of a variable's VXR tree: records first…last stored at `offset` in a VVR or CVVR.
struct CDFIndexEntry: Sendable, Equatable {
    var first: Int
    /// Last record a reader sees (clamped to the variable's MaxRec).
    var last: Int
    /// Last record the block holds (preallocated records included): a CVVR inflates to all of them.
    var storedLast: Int
    var offset: Int64
    /// A CVVR (GZIP-compressed) rather than a VVR.
    var compressed: Bool
}
