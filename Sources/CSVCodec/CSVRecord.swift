/// One row as the reader saw it. Field bytes are borrowed from the reader's buffers and are
/// valid only inside the `forEachRecord` callback that received the record.
public struct CSVRecord {
    /// 1-based line on which the row starts (rows may span lines inside quoted fields).
    public let line: Int
    /// Byte offset in the file at which the row starts.
    public let offset: Int64
    /// Byte offset just past the row and its line terminator: where the next row starts.
    public let nextOffset: Int64
    /// False when the file ended before the row's line terminator (a torn tail, or a file without a final newline).
    public let isTerminated: Bool
    /// True when the file ended inside a quoted field.
    public let endsInOpenQuote: Bool

    let base: UnsafePointer<UInt8>
    let scratch: UnsafePointer<UInt8>?
    let starts: UnsafeBufferPointer<Int>
    let ends: UnsafeBufferPointer<Int>
    let inScratch: UnsafeBufferPointer<Bool>
    let rawRange: Range<Int>

    /// Number of fields in the row.
    public var count: Int { starts.count }

    /// The unescaped bytes of field `index`.
    @inline(__always)
    public func bytes(at index: Int) -> UnsafeBufferPointer<UInt8> {
        let length = ends[index] - starts[index]
        guard length > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        let origin = inScratch[index] ? scratch! : base
        return UnsafeBufferPointer(start: origin + starts[index], count: length)
    }

    /// Field `index` decoded as UTF-8 (invalid sequences replaced), or "" past the row's end.
    public func string(at index: Int) -> String {
        guard index < count else { return "" }
        return String(decoding: bytes(at: index), as: UTF8.self)
    }

    /// Every field decoded as UTF-8.
    public var strings: [String] { (0..<count).map(string(at:)) }

    /// The row's bytes exactly as in the file, without its line terminator.
    public var rawBytes: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + rawRange.lowerBound, count: rawRange.count)
    }
}
