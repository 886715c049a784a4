import AsyncHTTPClient
import Catalog
import Foundation
import JSONValue
import Testing

@Suite("STAC items and the published filter as JSON")
struct STACItemTests {
    @Test("an item encodes as a STAC 1.0.0 Feature, file: fields declare the file extension, and decodes back equal")
    func encoding() throws {
        let item = CatalogTestItems.item("S1A_AUX_1", collection: "pyteam_s1_aux", owner: "pyteam")
        #expect(item.stacExtensions == [STACItem.fileExtensionSchema])
        let json = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(item))
        #expect(json["type"] == "Feature")
        #expect(json["stac_version"] == "1.0.0")
        #expect(json["stac_extensions"] == [.string(STACItem.fileExtensionSchema)])
        #expect(json["collection"] == "pyteam_s1_aux")
        #expect(json["assets"]?["file"]?["file:size"] == 1234)
        #expect(json["assets"]?["file"]?["href"] == "s3://ferry-bucket/stage/S1A_AUX_1")
        #expect(json["assets"]?["file"]?["extra"] == nil)
        #expect(json["links"] == [])
        #expect(try JSONDecoder().decode(STACItem.self, from: JSONEncoder().encode(item)) == item)

        let plain = STACItem(id: "x", collection: "c", properties: ["datetime": "2024-01-01T00:00:00Z"])
        let plainJSON = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(plain))
        #expect(plainJSON["stac_extensions"] == [])
        #expect(plainJSON["geometry"] == .null)
        #expect(plainJSON["bbox"] == nil)
        #expect(STACItem(id: "x", collection: "c", properties: ["file:size": 3]).stacExtensions == [STACItem.fileExtensionSchema])
    }

    @Test("makeCatalog: URLs are STAC APIs, anything else a static catalog directory")
    func locations() throws {
        let catalog = try makeCatalog("https://user:secret@stac.example.org/catalog", httpClient: .shared)
        #expect(catalog is STACAPICatalog)
        #expect(catalog.description == "the STAC API at https://stac.example.org/catalog")
        #expect(try makeCatalog("relative/catalog", httpClient: .shared) is StaticCatalog)
        #expect(try makeCatalog("/srv/catalog/", httpClient: .shared).description == "the static catalog at /srv/catalog")
    }
}
