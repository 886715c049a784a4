import DurableFiles
import Foundation
import JSONValue

/// Where each file of a static catalog lives, the relative links between them, and the locked
/// read-modify-write of the two listing files (`catalog.json`, `collection.json`).
/// Ids reaching it have passed ``CatalogID/validate(_:kind:)``.
struct StaticCatalogLayout: Sendable {
    let root: String

    var rootFile: String { root + "/catalog.json" }
    var lockFile: String { root + "/.ferry-catalog.lock" }
    func collectionFile(_ collection: String) -> String { root + "/" + collection + "/collection.json" }
    func itemFile(_ collection: String, _ id: String) -> String { root + "/" + collection + "/" + id + "/" + id + ".json" }

    /// The item with its links to the catalog's files (root, parent, collection, self) in place of any
    /// the caller gave with those relations.
    func withStaticLinks(_ item: STACItem) -> STACItem {
        var stored = item
        let own: Set<String> = ["root", "parent", "collection", "self"]
        stored.links = item.links.filter { !own.contains($0["rel"]?.stringValue ?? "") } + [
            STACDocuments.link("root", "../../catalog.json"),
            STACDocuments.link("parent", "../collection.json"),
            STACDocuments.link("collection", "../collection.json"),
            STACDocuments.link("self", "./" + Self.hrefSegment(item.id) + ".json", type: "application/geo+json"),
        ]
        return stored
    }

    /// Runs `body` holding the catalog's lock file, waited for without a timeout: holders only
    /// rewrite a listing file, and the kernel drops a dead holder's lock.
    func withLock<T>(_ body: () throws -> T) throws -> T {
        let lock = try acquireLock()
        defer { lock.release() }
        return try body()
    }

    private func acquireLock() throws(CatalogError) -> FileLock {
        do {
            while true {
                if let lock = try FileLock.tryAcquire(lockFile) { return lock }
                usleep(2_000)   // on a Dispatch thread (OffPool), never on the cooperative pool
            }
        } catch {
            throw .io("\(error)")
        }
    }

    /// Adds the collection as a child of the root catalog (creating `catalog.json` if missing). Under the lock.
    func addRootChild(_ collection: String) throws {
        let href = "./" + Self.hrefSegment(collection) + "/collection.json"
        var links = try JSONFile.read(JSONValue.self, at: rootFile)?["links"]?.arrayValue ?? [
            STACDocuments.link("root", "./catalog.json"),
            STACDocuments.link("self", "./catalog.json"),
        ]
        guard !links.contains(where: { $0["href"]?.stringValue == href }) else { return }
        links.append(STACDocuments.link("child", href))
        try JSONFile.write(STACDocuments.rootCatalog(links: links), to: rootFile)
    }

    /// Lists the item in its collection's `collection.json`, once. Under the lock.
    func addItemLink(_ collection: String, _ id: String) throws {
        let path = collectionFile(collection)
        guard case .object(var document)? = try JSONFile.read(JSONValue.self, at: path) else {
            throw CatalogError.missingCollection(collection)
        }
        let segment = Self.hrefSegment(id)
        let href = "./" + segment + "/" + segment + ".json"
        var links = document["links"]?.arrayValue ?? []
        guard !links.contains(where: { $0["href"]?.stringValue == href }) else { return }
        links.append(STACDocuments.link("item", href, type: "application/geo+json"))
        document["links"] = .array(links)
        try JSONFile.write(JSONValue.object(document), to: path)
    }

    /// An id as one segment of a relative URL: everything but RFC 3986's unreserved characters percent-encoded.
    static func hrefSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: unreserved) ?? id
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
