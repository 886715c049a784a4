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
    /// Lists item `id` in its collection's `collection.json`, together with the items other
    /// publishers of this process queued meanwhile (``PendingItemLinks``), under the lock.
    func linkItem(_ collection: String, _ id: String) throws {
        let pending = PendingItemLinks.forCatalog(root: root)
        let entry = pending.add(collection: collection, id: id)
        try withLock {
            // A publisher that held the lock before this one may have written this link already.
            guard entry.result == nil else { return }
            let batch = pending.take(collection: collection)
            do throws(CatalogError) {
                try addItemLinks(collection, batch.map(\.id))
                for waiting in batch { waiting.settle(.success(())) }
            } catch {
                for waiting in batch { waiting.settle(.failure(error)) }
            }
        }
        if case .failure(let error)? = entry.result { throw error }
    }

    /// Adds links to items `ids` to the collection's `collection.json`, each once, in one rewrite. Under the lock.
    private func addItemLinks(_ collection: String, _ ids: [String]) throws(CatalogError) {
        let path = collectionFile(collection)
        guard var document = try ListingFileCache.shared.document(at: path) else {
            throw CatalogError.missingCollection(collection)
        }
        var links = document["links"]?.arrayValue ?? []
        var present = Set(links.compactMap { $0["href"]?.stringValue })
        for id in ids {
            let segment = Self.hrefSegment(id)
            let href = "./" + segment + "/" + segment + ".json"
            guard present.insert(href).inserted else { continue }
            links.append(STACDocuments.link("item", href, type: "application/geo+json"))
        }
        guard links.count != document["links"]?.arrayValue?.count else { return }
        document["links"] = .array(links)
        try ListingFileCache.shared.write(document, to: path)
    }

    /// Whether the collection's file exists and `catalog.json` lists it (read without the lock:
    /// both files are only ever replaced whole).
    func isListed(_ collection: String) -> Bool {
        guard FileManager.default.fileExists(atPath: collectionFile(collection)),
              let links = (try? JSONFile.read(JSONValue.self, at: rootFile))?["links"]?.arrayValue else { return false }
        let href = "./" + Self.hrefSegment(collection) + "/collection.json"
        return links.contains { $0["href"]?.stringValue == href && $0["rel"]?.stringValue == "child" }
    }

    /// An id as one segment of a relative URL: everything but RFC 3986's unreserved characters percent-encoded.
    static func hrefSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: unreserved) ?? id
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
