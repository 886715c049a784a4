public import JSONValue

/// What a run did, as `--json` prints it.
public struct StagingReport: Sendable, Encodable, Equatable {
    public struct File: Sendable, Encodable, Equatable {
        /// The item id (the station's file name).
        public let id: String
        /// NOT_STARTED, IN_PROGRESS, DONE or FAILED (the reference's staging statuses); PLANNED with --dry-run.
        public let status: String
        /// Null in the JSON when unknown: the key is always there.
        @NullWhenAbsent public var href: String?
        @NullWhenAbsent public var size: Int64?
        @NullWhenAbsent public var error: String?
    }

    public let collection: String
    /// Files the station listed in the window.
    public let found: Int
    /// Of those, already in the catalog: not staged again.
    public let alreadyPublished: Int
    /// Lists the files were split into (the seed's min(max_workers, n)).
    public let lists: Int
    public let files: [File]
    public let warnings: [String]

    enum CodingKeys: String, CodingKey {
        case collection, found, alreadyPublished = "already_published", lists, files, warnings
    }

    /// True when a file failed (exit 1).
    public var hasFailures: Bool { files.contains { $0.status == "FAILED" } }
}
