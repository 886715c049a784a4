import Catalog
import JSONValue

/// Items as staging makes them: the world polygon, an owner, a file asset with size and checksum.
enum CatalogTestItems {
    static let world: JSONValue = [
        "type": "Polygon",
        "coordinates": [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]],
    ]

    static func item(_ id: String, collection: String, owner: String, href: String? = nil) -> STACItem {
        STACItem(id: id, collection: collection, geometry: world, bbox: [-180, -90, 180, 90],
                 properties: ["datetime": "2024-03-01T10:00:00.000Z", "owner": .string(owner), "created": "2024-03-01T10:05:00.000Z"],
                 assets: ["file": STACAsset(href: href ?? "s3://ferry-bucket/stage/\(id)", type: "application/octet-stream", roles: ["data"],
                                            extra: ["file:size": 1234, "file:checksum": "d501100123456789abcdef0123456789abcdef"])])
    }
}
