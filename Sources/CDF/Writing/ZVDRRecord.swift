/// A zVariable descriptor record (zVDR): a variable's type, shape, flags, pad value and where its
/// index and compression parameters are. The zVDRs form a chain in variable order.
struct ZVDRRecord {
    let definition: CDFVariableDefinition
    /// The variable's number (its place in the chain).
    let number: Int
    /// The next zVDR in the chain; 0 for the last.
    let next: Int64
    let recordsWritten: Int
    /// The top level of the variable's VXR index (0 and 0 when it has no records).
    let vxrHead: Int64
    let vxrTail: Int64
    /// The variable's CPR, when it is compressed.
    let cprOffset: Int64?
    /// The file's encoding, in which the pad value is written.
    let encoding: CDFEncoding

    /// The record's size, known before it is written so that each zVDR can name the next.
    static func size(of definition: CDFVariableDefinition) -> Int {
        344 + 8 * definition.dimensions.count + (definition.pad != nil ? definition.elements * definition.type.size : 0)
    }

    var bytes: [UInt8] {
        let d = definition
        let compressed = cprOffset != nil
        var r = RecordBytes(.zVDR, size: Self.size(of: d))
        r.int64(next)
        r.int32(d.type.rawValue)
        r.int32(Int32(recordsWritten - 1))
        r.int64(vxrHead)
        r.int64(vxrTail)
        r.int32((d.recordVarying ? 1 : 0) | (d.pad != nil ? 2 : 0) | (compressed ? 4 : 0))
        r.int32(0)            // sRecords
        r.int32(0)            // rfuB
        r.int32(-1)           // rfuC
        r.int32(-1)           // rfuF
        r.int32(Int32(d.elements))
        r.int32(Int32(number))
        r.int64(cprOffset ?? -1)
        r.int32(compressed ? Int32(d.effectiveBlockingFactor) : 0)
        r.name(d.name)
        r.int32(Int32(d.dimensions.count))
        for size in d.dimensions { r.int32(Int32(size)) }
        for varies in d.dimensionVarys ?? d.dimensions.map({ _ in true }) { r.int32(varies ? -1 : 0) }
        if let pad = d.pad { r.raw(padBytes(pad)) }
        return r.bytes
    }

    /// The pad value as one value of the variable: strings padded with blanks to the element count.
    private func padBytes(_ pad: CDFValues) -> [UInt8] {
        let d = definition
        var bytes = pad.encoded(encoding)
        if d.type.isString {
            bytes = Array(bytes.prefix(d.elements)) + [UInt8](repeating: 0x20, count: max(0, d.elements - bytes.count))
        }
        return Array(bytes.prefix(d.elements * d.type.size))
    }
}
