import OffPool
import DurableFiles
import Foundation
import JSONValue

/// A static STAC catalog in a directory, laid out as STAC's best practices say:
/// `catalog.json`, `<collection>/collection.json`, `<collection>/<item>/<item>.json`, every link relative.
///
/// Several processes may publish into one directory at once: item files are created exclusively
/// (so only one publisher ever reports `.created`), and `catalog.json` and `collection.json` are
/// rewritten whole under one lock file, `.ferry-catalog.lock`.
public struct StaticCatalog: Catalog {
    /// The catalog's root directory.
    public let directory: String

    /// The catalog in `directory` (absolute, or relative to the working directory); created on first write.
    public init(directory: String) {
        var path = directory
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.directory = path
    }

    public var description: String { "the static catalog at \(directory)" }

    public func ensureCollection(_ spec: STACCollectionSpec) async throws {
        try CatalogID.validate(spec.id, kind: "collection")
        let layout = layout
        try await OffPool.run {
            // Every file staged asks: once the collection is listed, the answer needs no lock.
            if layout.isListed(spec.id) { return }
            try layout.withLock {
                let collectionPath = layout.collectionFile(spec.id)
                if !FileManager.default.fileExists(atPath: collectionPath) {
                    let links = [
                        STACDocuments.link("root", "../catalog.json"),
                        STACDocuments.link("parent", "../catalog.json"),
                        STACDocuments.link("self", "./collection.json"),
                    ]
                    try JSONFile.write(STACDocuments.collection(spec, links: links), to: collectionPath)
                }
                try layout.addRootChild(spec.id)
            }
        }
    }

    public func publish(_ item: STACItem) async throws -> PublishOutcome {
        try CatalogID.validate(item.collection, kind: "collection")
        try CatalogID.validate(item.id, kind: "item")
        let layout = layout
        return try await OffPool.run {
            guard FileManager.default.fileExists(atPath: layout.collectionFile(item.collection)) else {
                throw CatalogError.missingCollection(item.collection)
            }
            let stored = layout.withStaticLinks(item)
            let path = layout.itemFile(item.collection, item.id)
            let outcome: PublishOutcome
            if try JSONFile.createExclusively(stored, at: path) {
                outcome = .created
            } else {
                guard let existing = try JSONFile.read(STACItem.self, at: path) else {
                    throw CatalogError.io("\(path) vanished while it was compared")
                }
                guard existing.isSamePublication(as: item) else {
                    throw CatalogError.differentItem(item, existing: existing, in: path)
                }
                outcome = .alreadyPresent
            }
            // Also for an item found present: a publisher killed between its item file and the
            // collection's update left it unlisted, and this run repairs that.
            try layout.linkItem(item.collection, item.id, timeRange: TemporalExtent.timeRange(of: item))
            return outcome
        }
    }

    public func publishedIDs(collection: String, owner: String, among ids: [String]) async throws -> Set<String> {
        try CatalogID.validate(collection, kind: "collection")
        let layout = layout
        return try await OffPool.run {
            var published = Set<String>()
            for id in Set(ids) {
                // An id that could not be a file name was never published here.
                guard (try? CatalogID.validate(id, kind: "item")) != nil,
                      let item = try JSONFile.read(STACItem.self, at: layout.itemFile(collection, id)) else { continue }
                if item.id == id && item.collection == collection && item.properties["owner"]?.stringValue == owner {
                    published.insert(id)
                }
            }
            return published
        }
    }

    public func collectionSummaries() async throws -> [CatalogCollectionSummary] {
        let layout = layout
        return try await OffPool.run {
            // The listing files say it all: catalog.json's children are the collections, and each
            // collection.json links its items.
            guard let catalog = try JSONFile.read(JSONValue.self, at: layout.rootFile) else { return [] }
            var summaries: [CatalogCollectionSummary] = []
            for link in catalog["links"]?.arrayValue ?? [] where link["rel"]?.stringValue == "child" {
                guard let href = link["href"]?.stringValue else { continue }
                let id = href.split(separator: "/").dropLast().last.map(String.init) ?? href
                guard (try? CatalogID.validate(id, kind: "collection")) != nil,
                      let collection = try JSONFile.read(JSONValue.self, at: layout.collectionFile(id)) else { continue }
                let items = (collection["links"]?.arrayValue ?? []).filter { $0["rel"]?.stringValue == "item" }.count
                summaries.append(CatalogCollectionSummary(id: id, title: collection["title"]?.stringValue, items: items))
            }
            return summaries.sorted { $0.id < $1.id }
        }
    }

    private var layout: StaticCatalogLayout { StaticCatalogLayout(root: directory) }
}
