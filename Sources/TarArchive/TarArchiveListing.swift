/// What a `TarArchiveReader` found: every entry with the SHA-256 of its data, and the archive's own.
public struct TarArchiveListing: Sendable, Equatable {
    /// One entry of the archive (pax and GNU long-name headers are applied, not listed).
    public struct Entry: Sendable, Equatable {
        /// The path, from a pax `path` record, a GNU long name, or the ustar prefix and name.
        public let path: String
        /// The size of the entry's data in bytes (a pax `size` record wins over the header's).
        public let size: Int
        /// The header's typeflag byte: `0` (or NUL) for a regular file, `5` a directory, `2` a symlink...
        public let typeflag: UInt8
        /// The SHA-256 of the entry's data, lowercase hex.
        public let sha256: String

        /// Whether the entry is a regular file (typeflag `0`, NUL or `7`).
        public var isRegularFile: Bool { typeflag == UInt8(ascii: "0") || typeflag == 0 || typeflag == UInt8(ascii: "7") }

        public init(path: String, size: Int, typeflag: UInt8, sha256: String) {
            self.path = path
            self.size = size
            self.typeflag = typeflag
            self.sha256 = sha256
        }
    }

    /// The entries in archive order.
    public let entries: [Entry]
    /// The number of bytes read, through the end of the input (record padding included).
    public let size: Int
    /// The SHA-256 of every byte read, lowercase hex.
    public let sha256: String

    public init(entries: [Entry], size: Int, sha256: String) {
        self.entries = entries
        self.size = size
        self.sha256 = sha256
    }
}
