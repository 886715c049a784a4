/// Builds one internal CDF record: fields are always big-endian, whatever the file's encoding.
struct RecordBytes {
    private(set) var bytes: [UInt8] = []

    /// Starts a record of `kind` that will be `size` bytes long: its size and type fields.
    init(_ kind: CDFRecordKind, size: Int) {
        bytes.reserveCapacity(size)
        int64(Int64(size))
        int32(kind.rawValue)
    }

    mutating func int32(_ value: Int32) { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
    mutating func int64(_ value: Int64) { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
    mutating func raw(_ data: [UInt8]) { bytes += data }

    /// A name field: the text's UTF-8, NUL-padded to `width`.
    mutating func name(_ text: String, width: Int = 256) {
        let utf8 = Array(text.utf8.prefix(width))
        bytes += utf8 + [UInt8](repeating: 0, count: width - utf8.count)
    }
}
