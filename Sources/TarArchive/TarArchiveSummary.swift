/// What a `TarArchiveWriter` wrote: every member with its SHA-256, and the archive's size and SHA-256.
public struct TarArchiveSummary: Sendable, Equatable {
    /// One member as it was read and written.
    public struct Member: Sendable, Equatable {
        /// The path relative to the source root, as given and as stored in the archive.
        public let path: String
        /// The size in bytes.
        public let size: Int
        /// The permission bits (e.g. 0o640), including setuid, setgid and sticky.
        public let mode: Int
        /// The modification time: whole seconds since the epoch (what the ustar header holds)...
        public let modificationTime: Int
        /// ...and the nanoseconds beyond them.
        public let modificationTimeNanoseconds: Int
        /// The SHA-256 of the file's bytes, lowercase hex.
        public let sha256: String

        public init(path: String, size: Int, mode: Int, modificationTime: Int, modificationTimeNanoseconds: Int,
                    sha256: String) {
            self.path = path
            self.size = size
            self.mode = mode
            self.modificationTime = modificationTime
            self.modificationTimeNanoseconds = modificationTimeNanoseconds
            self.sha256 = sha256
        }
    }

    /// The members in archive order (byte order of their UTF-8 paths).
    public let members: [Member]
    /// The archive's size in bytes, record padding included.
    public let size: Int
    /// The SHA-256 of every byte written, lowercase hex (what `sha256sum` prints for the archive).
    public let sha256: String

    public init(members: [Member], size: Int, sha256: String) {
        self.members = members
        self.size = size
        self.sha256 = sha256
    }
}
