import AsyncHTTPClient
import Catalog
import FerryTestSupport
import Foundation
import JSONValue
import NIOCore
import NIOHTTP1
import Testing

@Suite("STAC API catalog against stac-fastapi-pgstac", .serialized)
struct STACAPICatalogTests {
    @Test("collections once, items once, a 409 checked, a changed file a conflict, invalid ids refused")
    func publishLifecycle() async throws {
        try await STACAPIServer.withRunning { server in
            let catalog = STACAPICatalog(baseURL: server.baseURL, httpClient: .shared)
            let spec = STACCollectionSpec(id: "pyteam_s1_aux", description: "AUX files staged by Ferry", owner: "pyteam")
            try await catalog.ensureCollection(spec)
            try await catalog.ensureCollection(spec)
            // Several creators at once (as workers on many hosts are): none fails.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { try await catalog.ensureCollection(STACCollectionSpec(id: "pyteam_s1_chunk", description: "d", owner: "pyteam")) } }
                try await group.waitForAll()
            }
            let collection = try await get(server.baseURL + "/collections/pyteam_s1_aux")
            #expect(collection["owner"] == "pyteam")

            let item = CatalogTestItems.item("S1A_OPER_AUX_1.EOF", collection: "pyteam_s1_aux", owner: "pyteam")
            #expect(try await catalog.publish(item) == .created)
            #expect(try await catalog.publish(item) == .alreadyPresent)
            let stored = try await get(server.baseURL + "/collections/pyteam_s1_aux/items/S1A_OPER_AUX_1.EOF")
            #expect(stored["assets"]?["file"]?["href"] == "s3://ferry-bucket/stage/S1A_OPER_AUX_1.EOF")
            #expect(stored["properties"]?["owner"] == "pyteam")

            let changed = CatalogTestItems.item("S1A_OPER_AUX_1.EOF", collection: "pyteam_s1_aux", owner: "pyteam", href: "s3://elsewhere/x")
            do {
                _ = try await catalog.publish(changed)
                Issue.record("a different item under a published id was accepted")
            } catch CatalogError.conflict(let message) {
                #expect(message.contains("S1A_OPER_AUX_1.EOF"))
            }
            let after = try await get(server.baseURL + "/collections/pyteam_s1_aux/items/S1A_OPER_AUX_1.EOF")
            #expect(after["assets"]?["file"]?["href"] == "s3://ferry-bucket/stage/S1A_OPER_AUX_1.EOF")

            await #expect(throws: CatalogError.self) {
                try await catalog.publish(CatalogTestItems.item("x", collection: "pyteam_missing", owner: "pyteam"))
            }
            for bad in ["../x", "a/b", "", ".hidden"] {
                await #expect(throws: CatalogError.self) { try await catalog.publish(CatalogTestItems.item(bad, collection: "pyteam_s1_aux", owner: "pyteam")) }
                await #expect(throws: CatalogError.self) { try await catalog.ensureCollection(STACCollectionSpec(id: bad, description: "d", owner: "o")) }
            }
        }
    }

    @Test("publishedIDs: the CQL2 search over several pages and id chunks finds exactly the owner's items")
    func publishedIDsOverPages() async throws {
        try await STACAPIServer.withRunning { server in
            var paged = STACAPICatalog(baseURL: server.baseURL, httpClient: .shared)
            paged.searchPageLimit = 40
            paged.idsPerSearch = 100
            let catalog = paged
            for id in ["pyteam_s1_aux", "pyteam_s1_chunk"] {
                try await catalog.ensureCollection(STACCollectionSpec(id: id, description: "d", owner: "pyteam"))
            }
            let mine = (0..<150).map { String(format: "S1A_AUX_%03d.EOF", $0) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, id) in mine.enumerated() {
                    group.addTask { _ = try await catalog.publish(CatalogTestItems.item(id, collection: "pyteam_s1_aux", owner: "pyteam")) }
                    if index % 8 == 7 { _ = try await group.next() }
                }
                try await group.waitForAll()
            }
            // Same ids in another collection, and another owner's items in this one: neither counts.
            let theirs = (0..<10).map { "THEIRS_\($0)" }
            for id in theirs { _ = try await catalog.publish(CatalogTestItems.item(id, collection: "pyteam_s1_aux", owner: "other")) }
            for id in mine.prefix(5) { _ = try await catalog.publish(CatalogTestItems.item(id + ".chunk", collection: "pyteam_s1_chunk", owner: "pyteam")) }

            // What an operator's view lists: each collection with its count (numberMatched).
            let summaries = try await catalog.collectionSummaries()
            #expect(summaries.map(\.id) == ["pyteam_s1_aux", "pyteam_s1_chunk"])
            #expect(summaries.map(\.items) == [mine.count + theirs.count, 5])

            let asked = mine + theirs + ["NOT_THERE_1", "NOT_THERE_2"]
            let found = try await catalog.publishedIDs(collection: "pyteam_s1_aux", owner: "pyteam", among: asked)
            #expect(found == Set(mine))
            #expect(try await catalog.publishedIDs(collection: "pyteam_s1_aux", owner: "other", among: asked) == Set(theirs))
            #expect(try await catalog.publishedIDs(collection: "pyteam_s1_chunk", owner: "pyteam", among: asked).isEmpty)
        }
    }

    private func get(_ url: String) async throws -> JSONValue {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        #expect(response.status.code == 200, "GET \(url)")
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return try JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
    }
}
