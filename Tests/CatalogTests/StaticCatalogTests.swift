import Catalog
import FerryTestSupport
import Foundation
import JSONValue
import Testing

@Suite("Static catalog")
struct StaticCatalogTests {
    @Test("items in two collections: stac-validator accepts every file; republishing is idempotent; a changed file is a conflict")
    func publishAndValidate() async throws {
        let directory = try TemporaryDirectory()
        let root = directory.path("catalog")
        let catalog = StaticCatalog(directory: root)
        for collection in ["pyteam_s1_aux", "pyteam_s1_chunk"] {
            try await catalog.ensureCollection(STACCollectionSpec(id: collection, description: "test \(collection)", owner: "pyteam"))
            try await catalog.ensureCollection(STACCollectionSpec(id: collection, description: "again", owner: "pyteam"))
        }
        var expected: [String] = [root + "/catalog.json"]
        for collection in ["pyteam_s1_aux", "pyteam_s1_chunk"] {
            expected.append(root + "/\(collection)/collection.json")
            for index in 0..<3 {
                let id = "S1A_\(collection)_\(index).raw"
                #expect(try await catalog.publish(CatalogTestItems.item(id, collection: collection, owner: "pyteam")) == .created)
                expected.append(root + "/\(collection)/\(id)/\(id).json")
            }
        }
        // An item of another owner in the same collection.
        #expect(try await catalog.publish(CatalogTestItems.item("theirs", collection: "pyteam_s1_aux", owner: "other")) == .created)
        expected.append(root + "/pyteam_s1_aux/theirs/theirs.json")
        #expect(try await catalog.collectionSummaries().map { "\($0.id) \($0.items ?? -1)" } == ["pyteam_s1_aux 4", "pyteam_s1_chunk 3"])
        #expect(try await StaticCatalog(directory: directory.path("none")).collectionSummaries().isEmpty, "no catalog yet: no collection")

        #expect(try jsonFiles(under: root) == Set(expected), "no temporary or stray files are left")
        let failures = try await STACValidator.invalidFiles(expected)
        #expect(failures.isEmpty, "stac-validator rejected: \(failures)")

        // Every link between the files resolves.
        for path in expected {
            let document = try read(path)
            for link in document["links"]?.arrayValue ?? [] {
                guard let href = link["href"]?.stringValue, let rel = link["rel"]?.stringValue else { continue }
                let target = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(href.removingPercentEncoding ?? href).standardized.path
                #expect(FileManager.default.fileExists(atPath: target), "\(path): link \(rel) → \(href)")
            }
        }
        let aux = try read(root + "/pyteam_s1_aux/collection.json")
        #expect(aux["owner"] == "pyteam")
        #expect(aux["links"]?.arrayValue?.filter { $0["rel"] == "item" }.count == 4)
        #expect(try read(root + "/catalog.json")["links"]?.arrayValue?.filter { $0["rel"] == "child" }.count == 2)

        // The same item again: nothing changes; a different file under that id: refused, file kept.
        let first = "S1A_pyteam_s1_aux_0.raw"
        let itemPath = root + "/pyteam_s1_aux/\(first)/\(first).json"
        let before = try Data(contentsOf: URL(fileURLWithPath: itemPath))
        #expect(try await catalog.publish(CatalogTestItems.item(first, collection: "pyteam_s1_aux", owner: "pyteam")) == .alreadyPresent)
        await #expect(throws: CatalogError.self) {
            try await catalog.publish(CatalogTestItems.item(first, collection: "pyteam_s1_aux", owner: "pyteam", href: "s3://elsewhere/\(first)"))
        }
        do {
            _ = try await catalog.publish(CatalogTestItems.item(first, collection: "pyteam_s1_aux", owner: "pyteam", href: "s3://elsewhere/x"))
        } catch CatalogError.conflict(let message) {
            #expect(message.contains(first))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: itemPath)) == before)
        #expect(try read(root + "/pyteam_s1_aux/collection.json")["links"]?.arrayValue?.filter { $0["rel"] == "item" }.count == 4)

        // Into a collection nobody created.
        await #expect(throws: CatalogError.self) {
            try await catalog.publish(CatalogTestItems.item("x", collection: "nobody", owner: "pyteam"))
        }
    }

    @Test("a catalog another tool wrote keeps its fields; links written in other forms are not repeated; the interval covers the items")
    func foreignCatalogIsKeptAndTheIntervalCoversItems() async throws {
        let directory = try TemporaryDirectory()
        let root = directory.path("catalog")
        let catalog = StaticCatalog(directory: root)
        try await catalog.ensureCollection(STACCollectionSpec(id: "pyteam_s1_aux", description: "d", owner: "pyteam"))
        var old = CatalogTestItems.item("old", collection: "pyteam_s1_aux", owner: "pyteam")
        old.properties["datetime"] = "2024-03-05T00:00:00.000Z"
        #expect(try await catalog.publish(old) == .created)
        // Rewritten as pystac writes an ABSOLUTE_PUBLISHED catalog, with an id and title of its own.
        try JSONEncoder().encode(JSONValue.object([
            "type": "Catalog", "stac_version": "1.0.0", "id": "their-catalog", "title": "Their catalog", "description": "theirs",
            "links": [["rel": "root", "href": .string(root + "/catalog.json")],
                      ["rel": "child", "href": .string(root + "/pyteam_s1_aux/collection.json")]],
        ])).write(to: URL(fileURLWithPath: root + "/catalog.json"))
        let collectionPath = root + "/pyteam_s1_aux/collection.json"
        guard case .object(var collection) = try read(collectionPath) else { Issue.record("no collection object"); return }
        collection["links"] = .array((collection["links"]?.arrayValue ?? []).map { link in
            guard link["rel"] == "item", case .object(var members) = link else { return link }
            members["href"] = .string("file://" + root + "/pyteam_s1_aux/old/old.json")
            return .object(members)
        })
        try JSONEncoder().encode(JSONValue.object(collection)).write(to: URL(fileURLWithPath: collectionPath))

        try await catalog.ensureCollection(STACCollectionSpec(id: "pyteam_s1_aux", description: "d", owner: "pyteam"))
        try await catalog.ensureCollection(STACCollectionSpec(id: "pyteam_s1_chunk", description: "d", owner: "pyteam"))
        #expect(try await catalog.publish(old) == .alreadyPresent)
        var early = CatalogTestItems.item("early", collection: "pyteam_s1_aux", owner: "pyteam")
        early.properties["datetime"] = "2024-03-01T00:00:00Z"
        #expect(try await catalog.publish(early) == .created)

        let rootDocument = try read(root + "/catalog.json")
        #expect(rootDocument["id"] == "their-catalog" && rootDocument["title"] == "Their catalog")
        let children = rootDocument["links"]?.arrayValue?.filter { $0["rel"] == "child" } ?? []
        #expect(children.count == 2, "the absolute link to pyteam_s1_aux is that collection: \(children)")
        let items = try read(collectionPath)["links"]?.arrayValue?.filter { $0["rel"] == "item" } ?? []
        #expect(items.count == 2, "old is listed once, in its own form: \(items)")
        let interval = try read(collectionPath)["extent"]?["temporal"]?["interval"]?.arrayValue?.first
        #expect(interval == ["2024-03-01T00:00:00.000000Z", "2024-03-05T00:00:00.000000Z"], "\(String(describing: interval))")
        let untouched = try read(root + "/pyteam_s1_chunk/collection.json")["extent"]?["temporal"]?["interval"]?.arrayValue?.first
        #expect(untouched == [.null, .null], "no item, no time known")
        let failures = try await STACValidator.invalidFiles([root + "/catalog.json", collectionPath, root + "/pyteam_s1_aux/early/early.json"])
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("the offline stac-validator is not lenient: it rejects an item without a datetime and a checksum that is no multihash")
    func validatorRejects() async throws {
        let directory = try TemporaryDirectory()
        let root = directory.path("catalog")
        let catalog = StaticCatalog(directory: root)
        try await catalog.ensureCollection(STACCollectionSpec(id: "pyteam_s1_aux", description: "d", owner: "pyteam"))
        var undated = CatalogTestItems.item("undated", collection: "pyteam_s1_aux", owner: "pyteam")
        undated.properties["datetime"] = nil
        var badChecksum = CatalogTestItems.item("badsum", collection: "pyteam_s1_aux", owner: "pyteam")
        badChecksum.assets["file"]?.extra["file:checksum"] = "MD5:not-hex"
        let good = CatalogTestItems.item("good", collection: "pyteam_s1_aux", owner: "pyteam")
        var paths: [String] = []
        for item in [undated, badChecksum, good] {
            _ = try await catalog.publish(item)
            paths.append(root + "/pyteam_s1_aux/\(item.id)/\(item.id).json")
        }
        let failures = try await STACValidator.invalidFiles(paths)
        #expect(Set(failures.keys) == Set(paths.prefix(2)), "\(failures)")
        #expect(failures[paths[1]]?.contains("file:checksum") == true)
    }

    @Test("an item a killed publisher left unlisted is listed in collection.json when it is published again")
    func unlistedItemIsRepaired() async throws {
        let directory = try TemporaryDirectory()
        let root = directory.path("catalog")
        let catalog = StaticCatalog(directory: root)
        try await catalog.ensureCollection(STACCollectionSpec(id: "pyteam_s1_aux", description: "d", owner: "pyteam"))
        let item = CatalogTestItems.item("orphan", collection: "pyteam_s1_aux", owner: "pyteam")
        #expect(try await catalog.publish(item) == .created)
        // What a publisher killed between its item file and the collection's update leaves behind.
        let collectionPath = root + "/pyteam_s1_aux/collection.json"
        guard case .object(var collection) = try read(collectionPath) else { Issue.record("no collection object"); return }
        collection["links"] = .array((collection["links"]?.arrayValue ?? []).filter { $0["rel"] != "item" })
        try JSONEncoder().encode(JSONValue.object(collection)).write(to: URL(fileURLWithPath: collectionPath))

        #expect(try await catalog.publish(item) == .alreadyPresent)
        let links = try read(collectionPath)["links"]?.arrayValue?.filter { $0["rel"] == "item" } ?? []
        #expect(links.map { $0["href"] } == ["./orphan/orphan.json"])
    }

    @Test("publishedIDs: only items of that collection with that owner")
    func publishedIDs() async throws {
        let directory = try TemporaryDirectory()
        let catalog = StaticCatalog(directory: directory.path("catalog"))
        try await catalog.ensureCollection(STACCollectionSpec(id: "pyteam_s1_aux", description: "d", owner: "pyteam"))
        try await catalog.ensureCollection(STACCollectionSpec(id: "pyteam_s1_chunk", description: "d", owner: "pyteam"))
        for id in ["a", "b"] { _ = try await catalog.publish(CatalogTestItems.item(id, collection: "pyteam_s1_aux", owner: "pyteam")) }
        _ = try await catalog.publish(CatalogTestItems.item("c", collection: "pyteam_s1_aux", owner: "other"))
        _ = try await catalog.publish(CatalogTestItems.item("d", collection: "pyteam_s1_chunk", owner: "pyteam"))
        let found = try await catalog.publishedIDs(collection: "pyteam_s1_aux", owner: "pyteam", among: ["a", "b", "c", "d", "e", "a", "../a", ""])
        #expect(found == ["a", "b"])
        #expect(try await catalog.publishedIDs(collection: "pyteam_nothing", owner: "pyteam", among: ["a"]).isEmpty)
    }

    @Test("ids that could leave their folder are refused before anything is written",
          arguments: ["", ".", "..", "../escape", "a/b", "a\\b", ".hidden", "x..y", "nul\u{0}", "tab\tid", "line\nid"])
    func pathTraversal(id: String) async throws {
        let directory = try TemporaryDirectory()
        let root = directory.path("catalog")
        let catalog = StaticCatalog(directory: root)
        await #expect(throws: CatalogError.self) {
            try await catalog.ensureCollection(STACCollectionSpec(id: id, description: "d", owner: "o"))
        }
        #expect(!FileManager.default.fileExists(atPath: root), "nothing written for collection \(String(reflecting: id))")
        await #expect(throws: CatalogError.self) {
            try await catalog.publish(CatalogTestItems.item("fine", collection: id, owner: "o"))
        }
        #expect(!FileManager.default.fileExists(atPath: root))
        try await catalog.ensureCollection(STACCollectionSpec(id: "good", description: "d", owner: "o"))
        let before = try allEntries(under: directory.url.path)
        do {
            _ = try await catalog.publish(CatalogTestItems.item(id, collection: "good", owner: "o"))
            Issue.record("item id \(String(reflecting: id)) was accepted")
        } catch CatalogError.invalidID {
        }
        #expect(try allEntries(under: directory.url.path) == before, "nothing written for item \(String(reflecting: id))")
    }

    @Test("four processes publishing the same 25 items into one directory, one or eight at a time each: each item is created exactly once and listed once",
          arguments: [1, 8])
    func concurrentProcesses(publishersPerProcess: Int) async throws {
        let directory = try TemporaryDirectory()
        let root = directory.path("catalog")
        let probe = BuiltProducts.path("catalog-publish-probe")
        let children = try (0..<4).map { index in
            try ChildProcess(probe, [root, "pyteam_s1_aux", "pyteam", "25", "\(publishersPerProcess)"], outputPrefix: directory.path("probe-\(index)"))
        }
        var created: [String: Int] = [:]
        var present: [String: Int] = [:]
        for child in children {
            let status = await child.wait()
            #expect(status == 0, "probe failed: \(child.stderrText)")
            for line in child.stdoutText.split(separator: "\n") {
                let parts = line.split(separator: " ")
                guard parts.count == 2 else { continue }
                if parts[0] == "created" { created[String(parts[1]), default: 0] += 1 } else { present[String(parts[1]), default: 0] += 1 }
            }
        }
        let ids = Set((0..<25).map { "item-\($0)" })
        #expect(Set(created.keys) == ids)
        #expect(created.values.allSatisfy { $0 == 1 }, "created more than once: \(created.filter { $0.value > 1 })")
        #expect(present.values.reduce(0, +) == 75)
        let collection = try read(root + "/pyteam_s1_aux/collection.json")
        let itemLinks = collection["links"]?.arrayValue?.filter { $0["rel"] == "item" }.compactMap { $0["href"]?.stringValue } ?? []
        #expect(itemLinks.count == 25 && Set(itemLinks).count == 25, "each item listed once in collection.json")
        let interval = collection["extent"]?["temporal"]?["interval"]?.arrayValue?.first
        #expect(interval == ["2024-01-01T00:00:00.000000Z", "2024-01-25T00:00:00.000000Z"],
                "the interval, widened by every process's group commits, covers every item: \(String(describing: interval))")
        #expect(try read(root + "/catalog.json")["links"]?.arrayValue?.filter { $0["rel"] == "child" }.count == 1)
        #expect(try jsonFiles(under: root).count == 27)
        let everything = try allEntries(under: root)
        #expect(everything.allSatisfy { !$0.hasSuffix(".tmp") }, "no temporaries left: \(everything.filter { $0.hasSuffix(".tmp") })")
    }

    private func read(_ path: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    private func jsonFiles(under root: String) throws -> Set<String> {
        Set(try allEntries(under: root).filter { $0.hasSuffix(".json") }.map { root + "/" + $0 })
    }

    private func allEntries(under root: String) throws -> [String] {
        guard FileManager.default.fileExists(atPath: root) else { return [] }
        return try FileManager.default.subpathsOfDirectory(atPath: root)
    }
}
