/// How data is compressed: CDF's GZIP (compression type 5) at a level 1–9, or not at all.
public enum CDFCompression: Sendable, Equatable {
    case none
    case gzip(level: Int)

    /// GZIP at zlib's default level, as NASA's tools use it.
    public static let gzip = CDFCompression.gzip(level: 6)
}

/// File-level choices of a ``CDFWriter``.
public struct CDFFileOptions: Sendable, Equatable {
    /// Compression of the whole file image (a CCR), independent of per-variable compression.
    public var compression: CDFCompression
    /// Whether an MD5 of the file follows its last record (CDR flag bits 2 and 3).
    public var md5: Bool
    /// Whether records are laid out row-major (the CDR's majority flag); the writer stores records
    /// in the order they are given, so column-major callers give column-major data.
    public var rowMajor: Bool

    public init(compression: CDFCompression = .none, md5: Bool = false, rowMajor: Bool = true) {
        self.compression = compression
        self.md5 = md5
        self.rowMajor = rowMajor
    }
}
