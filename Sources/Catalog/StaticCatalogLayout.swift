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

    /// Adds the collection as a child of the root catalog (creating `catalog.json` if missing),
    /// keeping everything else a catalog written by someone else holds. Under the lock.
    func addRootChild(_ collection: String) throws {
        let href = "./" + Self.hrefSegment(collection) + "/collection.json"
        var document = try JSONFile.read(JSONValue.self, at: rootFile)?.objectValue
            ?? STACDocuments.rootCatalog(links: [STACDocuments.link("root", "./catalog.json"), STACDocuments.link("self", "./catalog.json")])
                .objectValue ?? [:]
        var links = document["links"]?.arrayValue ?? []
        guard !links.contains(where: { isLink($0, to: collectionFile(collection), from: root) }) else { return }
        links.append(STACDocuments.link("child", href))
        document["links"] = .array(links)
        try JSONFile.write(JSONValue.object(document), to: rootFile)
    }

    /// Whether `link`, found in a file of `folder`, points at `path`: Ferry's own `./x/y.json`, or the
    /// same file written another way (`x/y.json`, an absolute path, a `file://` URL, escapes) as
    /// other tools write catalogs.
    private func isLink(_ link: JSONValue, to path: String, from folder: String) -> Bool {
        guard let href = link["href"]?.stringValue else { return false }
        // Ferry's own links are `./…` relative to the folder: found as text, before resolving
        // anything (this runs on every publish's lock-free check).
        let ownHref = "./" + path.dropFirst(folder.count + 1).split(separator: "/").map { Self.hrefSegment(String($0)) }.joined(separator: "/")
        if href == ownHref { return true }
        return Self.resolvedPath(href, in: folder) == Self.resolvedPath(path, in: folder)
    }

    /// The absolute, normalised path a local `href` in a file of `folder` names; nil for a remote URL.
    static func resolvedPath(_ href: String, in folder: String) -> String? {
        var path = href
        if path.hasPrefix("file://") {
            path = String(path.dropFirst("file://".count))
        } else if path.contains("://") {
            return nil
        }
        path = path.removingPercentEncoding ?? path
        if !path.hasPrefix("/") { path = folder + "/" + path }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Lists the item in its collection's `collection.json`, once. Under the lock.
    /// Lists item `id` in its collection's `collection.json`, together with the items other
    /// publishers of this process queued meanwhile (``PendingItemLinks``), under the lock.
    func linkItem(_ collection: String, _ id: String, timeRange: ClosedRange<String>?) throws {
        let pending = PendingItemLinks.forCatalog(root: root)
        let entry = pending.add(collection: collection, id: id, timeRange: timeRange)
        try withLock {
            // A publisher that held the lock before this one may have written this link already.
            guard entry.result == nil else { return }
            let batch = pending.take(collection: collection)
            do throws(CatalogError) {
                try addItemLinks(collection, batch)
                for waiting in batch { waiting.settle(.success(())) }
            } catch {
                for waiting in batch { waiting.settle(.failure(error)) }
            }
        }
        if case .failure(let error)? = entry.result { throw error }
    }

    /// Adds links to the items of `entries` to the collection's `collection.json`, each once, and
    /// widens its time interval to cover them, in one rewrite. Under the lock.
    private func addItemLinks(_ collection: String, _ entries: [PendingItemLinks.Entry]) throws(CatalogError) {
        let path = collectionFile(collection)
        guard var document = try ListingFileCache.shared.document(at: path) else {
            throw CatalogError.missingCollection(collection)
        }
        let folder = root + "/" + collection
        var links = document["links"]?.arrayValue ?? []
        var present = Set(links.compactMap { $0["href"]?.stringValue })
        // Links in another form than Ferry's `./…` (other tools' catalogs), by the file they name.
        let otherForms = Set(links.compactMap { link -> String? in
            guard let href = link["href"]?.stringValue, !href.hasPrefix("./") else { return nil }
            return Self.resolvedPath(href, in: folder)
        })
        var changed = false
        for entry in entries {
            let segment = Self.hrefSegment(entry.id)
            let href = "./" + segment + "/" + segment + ".json"
            guard present.insert(href).inserted else { continue }
            if !otherForms.isEmpty, let resolved = Self.resolvedPath(href, in: folder), otherForms.contains(resolved) { continue }
            links.append(STACDocuments.link("item", href, type: "application/geo+json"))
            changed = true
        }
        if changed { document["links"] = .array(links) }
        if let widened = TemporalExtent.widened(document["extent"], toCover: entries.compactMap(\.timeRange)) {
            document["extent"] = widened
            changed = true
        }
        guard changed else { return }
        try ListingFileCache.shared.write(document, to: path)
    }

    /// Whether the collection's file exists and `catalog.json` lists it (read without the lock:
    /// both files are only ever replaced whole).
    func isListed(_ collection: String) -> Bool {
        guard FileManager.default.fileExists(atPath: collectionFile(collection)),
              let links = (try? JSONFile.read(JSONValue.self, at: rootFile))?["links"]?.arrayValue else { return false }
        return links.contains { $0["rel"]?.stringValue == "child" && isLink($0, to: collectionFile(collection), from: root) }
    }

    /// An id as one segment of a relative URL: everything but RFC 3986's unreserved characters percent-encoded.
    static func hrefSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: unreserved) ?? id
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
