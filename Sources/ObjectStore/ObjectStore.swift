/// Somewhere finished files are kept under keys: an S3 bucket or a local directory.
///
/// The one interface the pipeline uploads through; each backend lives in its own folder.
public protocol ObjectStore: Sendable {
    /// Where objects go, for logs and ledger rows (a bucket name or a directory).
    var location: String { get }

    /// Stores the local file at `key`, unless the same bytes are already there.
    func put(file path: String, key: String, contentType: String) async throws -> PutResult

    /// What is stored at `key`, or nil when nothing is.
    func head(key: String) async throws -> StoredObject?
}

/// What a put did.
public struct PutResult: Sendable, Equatable {
    public let location: String
    public let key: String
    /// Size and MD5 of the stored bytes.
    public let object: StoredObject
    /// True when the same bytes were already stored and nothing was sent.
    public let skipped: Bool

    public init(location: String, key: String, object: StoredObject, skipped: Bool) {
        self.location = location
        self.key = key
        self.object = object
        self.skipped = skipped
    }
}

/// An object's size and entity tag.
public struct StoredObject: Sendable, Equatable {
    public let size: Int64
    /// Lower-case hex MD5 of the bytes for objects stored whole; S3's multipart form
    /// (MD5 of the parts' MD5s, "-", part count) for objects uploaded in parts.
    public let etag: String?

    public init(size: Int64, etag: String?) {
        self.size = size
        self.etag = etag
    }
}
