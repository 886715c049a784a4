/// File-level choices of a ``CDFWriter``.
public struct CDFFileOptions: Sendable, Equatable {
    /// Compression of the whole file image (a CCR), independent of per-variable compression.
    public var compression: CDFCompression?
    /// Whether an MD5 of the file follows its last record (CDR flag bits 2 and 3).
    public var md5: Bool
    /// Whether records are laid out row-major (the CDR's majority flag); the writer stores records
    /// in the order they are given, so column-major callers give column-major data.
    public var rowMajor: Bool
    /// The CDR's encoding code when it should not be the byte order's usual one (IBMPC 6,
    /// NETWORK 1): another IEEE code of the same byte order, e.g. SUN (2), kept by `ferry cdf create`.
    public var encodingCode: Int32?
    /// What compresses GZIP variables' blocks. The whole-file image is always streamed through zlib.
    public var deflateEngine: CDFDeflateEngine

    /// Options with the usual defaults: uncompressed, no MD5, row-major, the byte order's own
    /// encoding code, the fastest deflate engine on this machine.
    public init(compression: CDFCompression? = nil, md5: Bool = false, rowMajor: Bool = true, encodingCode: Int32? = nil,
                deflateEngine: CDFDeflateEngine = .fastest) {
        self.compression = compression
        self.md5 = md5
        self.rowMajor = rowMajor
        self.encodingCode = encodingCode
        self.deflateEngine = deflateEngine
    }
}
