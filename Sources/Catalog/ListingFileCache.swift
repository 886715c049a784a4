import Foundation
import JSONValue
import Synchronization

/// The `collection.json` documents this process last wrote, kept decoded beside the identity of the
/// file written, so that the next rewrite under the catalog's lock need not decode a file nobody has
/// replaced since. Every writer replaces the file by rename, which gives the path a new inode: a file
/// another process wrote never matches and is read again.
final class ListingFileCache: Sendable {
    /// One cache for the whole process (publishers make a new `StaticCatalog` per item).
    static let shared = ListingFileCache()

    private struct Entry: Sendable {
        let identity: FileIdentity
        let document: [String: JSONValue]
    }
    private let entries = Mutex<[String: Entry]>([:])

    /// The document at `path`: the cached one if the file is still the one written, else read; nil when
    /// there is no file or it holds no JSON object.
    func document(at path: String) throws(CatalogError) -> [String: JSONValue]? {
        if let identity = FileIdentity(path: path),
           let entry = entries.withLock({ $0[path] }), entry.identity == identity {
            return entry.document
        }
        guard case .object(let document)? = try JSONFile.read(JSONValue.self, at: path) else { return nil }
        return document
    }

    /// Writes `document` to `path` (durably, as `JSONFile.write`) and keeps it for the next rewrite.
    func write(_ document: [String: JSONValue], to path: String) throws(CatalogError) {
        try JSONFile.write(JSONValue.object(document), to: path)
        guard let identity = FileIdentity(path: path) else { return }
        entries.withLock { $0[path] = Entry(identity: identity, document: document) }
    }
}

/// Which file a path names, and its size and modification time: equal only for the same unreplaced file.
struct FileIdentity: Equatable, Sendable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let seconds: Int
    let nanoseconds: Int

    init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        seconds = Int(status.st_mtim.tv_sec)
        nanoseconds = Int(status.st_mtim.tv_nsec)
    }
}
