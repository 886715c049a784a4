public import NIOCore

/// Somewhere finished files are kept under keys: an S3 bucket or a local directory.
///
/// The one interface the pipeline stores, reads and lists objects through; each backend lives in
/// its own module or folder (`ObjectStoreS3`, `LocalDirectoryObjectStore`).
public protocol ObjectStore: Sendable {
    /// Where objects go, for logs and ledger rows (a bucket name or a directory).
    var location: String { get }

    /// Stores the local file at `key`, unless the same bytes are already there.
    func put(file path: String, key: String, contentType: String) async throws -> PutResult

    /// Stores the bytes of `body` at `key`: buffers of any sizes whose total is not known in
    /// advance. The object appears whole or not at all; nothing is left behind on failure.
    func put<Body: AsyncSequence>(stream body: Body, key: String, contentType: String) async throws -> PutResult
        where Body.Element == ByteBuffer

    /// Stores the bytes of `body` at `key` if they are exactly `expected` (count and MD5, known in
    /// advance); otherwise throws ``ContentMismatch`` and stores nothing. A store that can have the
    /// MD5 checked on its side does so, and the caller need not hash the bytes at all.
    func put<Body: AsyncSequence & Sendable>(stream body: Body, key: String, contentType: String,
                                             expecting expected: ExpectedContent) async throws -> PutResult
        where Body.Element == ByteBuffer

    /// What is stored at `key`, or nil when nothing is.
    func head(key: String) async throws -> StoredObject?

    /// Hands the bytes stored at `key` to `consume` as they arrive (readable only while `consume`
    /// runs); nil when nothing is stored there.
    func get<Result: Sendable>(key: String,
                               _ consume: @Sendable (any AsyncSequence<ByteBuffer, any Error>) async throws -> Result)
        async throws -> Result?

    /// Copies the object at `key` into the local file `path` (whole or not at all); nil, and no
    /// file, when nothing is stored there.
    func get(key: String, toFile path: String) async throws -> StoredObject?

    /// Every object whose key starts with `prefix`, in lexical order of the keys' UTF-8 bytes
    /// (a store may leave entity tags out where they cost a read of every object).
    func list(prefix: String) async throws -> [ListedObject]

    /// Removes the object at `key`; removing what is not there is not an error.
    func delete(key: String) async throws
}

extension ObjectStore {
    /// The check done here, on the bytes as they pass, for stores that cannot check an MD5 themselves.
    public func put<Body: AsyncSequence & Sendable>(stream body: Body, key: String, contentType: String,
                                                    expecting expected: ExpectedContent) async throws -> PutResult
        where Body.Element == ByteBuffer {
        try await putCheckingHere(stream: body, key: key, contentType: contentType, expecting: expected)
    }

    /// Stores `body` through `put(stream:)`, counting and hashing it on the way: the stream itself
    /// throws ``ContentMismatch`` before it ends when the bytes differ, so nothing is stored.
    public func putCheckingHere<Body: AsyncSequence & Sendable>(stream body: Body, key: String, contentType: String,
                                                                expecting expected: ExpectedContent) async throws -> PutResult
        where Body.Element == ByteBuffer {
        let checked = CheckedStream(base: body, key: key, expected: expected, hashing: true)
        do {
            return try await put(stream: checked, key: key, contentType: contentType)
        } catch {
            throw checked.failure ?? error
        }
    }
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

/// One entry of a listing: a key and what is stored there.
public struct ListedObject: Sendable, Equatable {
    public let key: String
    public let object: StoredObject

    public init(key: String, object: StoredObject) {
        self.key = key
        self.object = object
    }
}
