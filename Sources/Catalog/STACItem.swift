public import JSONValue

/// A STAC 1.0.0 item (a GeoJSON Feature) as Ferry publishes it.
public struct STACItem: Sendable, Codable, Equatable {
    /// The STAC file extension, which the `file:` fields of assets and properties belong to.
    public static let fileExtensionSchema = "https://stac-extensions.github.io/file/v2.1.0/schema.json"

    public var id: String
    public var collection: String
    /// A GeoJSON geometry; nil is written as `null` (STAC then wants no bbox).
    public var geometry: JSONValue?
    public var bbox: [Double]?
    public var properties: [String: JSONValue]
    public var assets: [String: STACAsset]
    public var links: [JSONValue]
    public var stacExtensions: [String]

    /// An item; the file extension's schema is added to `stacExtensions` when an asset or a
    /// property uses a `file:` field, so a validator checks those fields too.
    public init(id: String, collection: String, geometry: JSONValue? = nil, bbox: [Double]? = nil,
                properties: [String: JSONValue], assets: [String: STACAsset] = [:], links: [JSONValue] = [],
                stacExtensions: [String] = []) {
        self.id = id
        self.collection = collection
        self.geometry = geometry
        self.bbox = bbox
        self.properties = properties
        self.assets = assets
        self.links = links
        let usesFileFields = properties.keys.contains { $0.hasPrefix("file:") }
            || assets.values.contains { $0.extra.keys.contains { $0.hasPrefix("file:") } }
        var extensions = stacExtensions
        if usesFileFields && !extensions.contains(Self.fileExtensionSchema) { extensions.append(Self.fileExtensionSchema) }
        self.stacExtensions = extensions
    }

    private enum CodingKeys: String, CodingKey {
        case type, id, collection, geometry, bbox, properties, links, assets
        case stacVersion = "stac_version"
        case stacExtensions = "stac_extensions"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let geometry = try container.decodeIfPresent(JSONValue.self, forKey: .geometry)
        self.init(id: try container.decode(String.self, forKey: .id),
                  collection: try container.decodeIfPresent(String.self, forKey: .collection) ?? "",
                  geometry: geometry == .null ? nil : geometry,
                  bbox: try container.decodeIfPresent([Double].self, forKey: .bbox),
                  properties: try container.decodeIfPresent([String: JSONValue].self, forKey: .properties) ?? [:],
                  assets: try container.decodeIfPresent([String: STACAsset].self, forKey: .assets) ?? [:],
                  links: try container.decodeIfPresent([JSONValue].self, forKey: .links) ?? [],
                  stacExtensions: try container.decodeIfPresent([String].self, forKey: .stacExtensions) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("Feature", forKey: .type)
        try container.encode("1.0.0", forKey: .stacVersion)
        try container.encode(stacExtensions, forKey: .stacExtensions)
        try container.encode(id, forKey: .id)
        try container.encode(collection, forKey: .collection)
        try container.encode(geometry ?? .null, forKey: .geometry)
        try container.encodeIfPresent(bbox, forKey: .bbox)
        try container.encode(properties, forKey: .properties)
        try container.encode(links, forKey: .links)
        try container.encode(assets, forKey: .assets)
    }

    /// Whether `other` is this item published once more: same id and the same files (asset hrefs),
    /// whatever else (a later `created`, a re-read number) differs.
    public func isSamePublication(as other: STACItem) -> Bool {
        id == other.id && assets.mapValues(\.href) == other.assets.mapValues(\.href)
    }
}
