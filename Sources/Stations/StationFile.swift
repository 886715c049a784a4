public import Foundation
public import JSONValue

/// One file a station offers: an AUXIP product or a CADIP chunk, with its STAC-shaped description.
public struct StationFile: Codable, Sendable, Equatable {
    /// The OData `Id` (what `/Products(Id)/$value` or `/Files(Id)/$value` takes).
    public var id: String
    /// The file `Name`, which is also the STAC item id.
    public var name: String
    /// `ContentLength` (AUXIP) or `Size` (CADIP), when given.
    public var size: Int64?
    /// Lower-case hex MD5 from the station's `Checksum` list, when it gives one.
    public var md5: String?
    /// STAC item properties mapped from the OData entity (`adgs:*` or `cadip:*`, `created`, `datetime`, …).
    public var properties: [String: JSONValue]
    /// The whole STAC-shaped feature (`id`, `stac_version`, `geometry` null, `links`, `assets.file`, `properties`).
    public var feature: JSONValue

    /// A file from its parts; `feature` defaults to the STAC feature those parts describe.
    public init(id: String, name: String, size: Int64?, md5: String?, properties: [String: JSONValue], feature: JSONValue? = nil) {
        self.id = id
        self.name = name
        self.size = size
        self.md5 = md5
        self.properties = properties
        self.feature = feature ?? Self.stacFeature(name: name, size: size, properties: properties)
    }

    /// When the station published the file (`created`), when the station said.
    public var publicationDate: Date? { properties["created"]?.stringValue.flatMap(ODataDate.date) }

    /// The STAC feature of a station file as the Copernicus reference system builds it.
    static func stacFeature(name: String, size: Int64?, properties: [String: JSONValue]) -> JSONValue {
        var file: [String: JSONValue] = [:]
        if let size { file["file:size"] = .integer(size) }
        return .object([
            "type": "Feature", "stac_version": "1.0.0", "stac_extensions": [], "id": .string(name),
            "geometry": .null, "links": [], "assets": .object(["file": .object(file)]),
            "properties": .object(properties),
        ])
    }
}
