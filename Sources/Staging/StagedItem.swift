public import Catalog
public import Foundation
public import JSONValue
public import Stations

/// The STAC item the seed publishes for a staged file (`update_stac_catalog`).
public enum StagedItem {
    /// The whole world, the seed's geometry for files the station gives none for.
    public static let worldPolygon: JSONValue = [
        "type": "Polygon",
        "coordinates": [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]],
    ]

    /// The item of `file` stored at `href`: its properties with every date normalised, `owner`, the
    /// world polygon and bbox, and the asset `file` with its href, size and checksum.
    ///
    /// The seed sets `datetime` to the publication time; the station's own `datetime` (the content's
    /// start) is kept where it gives one, as a catalog searched by time needs it.
    public static func make(file: StationFile, collection: String, owner: String, href: String, size: Int64,
                            md5: String, now: Date = Date()) -> STACItem {
        var properties: [String: JSONValue] = [:]
        for (key, value) in file.properties {
            if case .string(let text) = value, let normalized = STACDateText.normalized(text) {
                properties[key] = .string(normalized)
            } else {
                properties[key] = value
            }
        }
        properties["owner"] = .string(owner)
        // The size is the asset's (the file extension puts it on assets, and the asset has it).
        properties["file:size"] = nil
        // STAC wants start_datetime and end_datetime together: a station that gives one alone
        // (a product with a start and no end) keeps it as the item's datetime.
        let start = properties["start_datetime"]?.stringValue, end = properties["end_datetime"]?.stringValue
        if (start == nil) != (end == nil) {
            if properties["datetime"]?.stringValue == nil { properties["datetime"] = .string((start ?? end)!) }
            properties["start_datetime"] = nil
            properties["end_datetime"] = nil
        }
        if properties["datetime"] == nil || properties["datetime"] == .null {
            // STAC allows a null datetime only beside a start and an end.
            let hasRange = properties["start_datetime"]?.stringValue != nil && properties["end_datetime"]?.stringValue != nil
            properties["datetime"] = hasRange ? .null : .string(STACDateText.format(now))
        }
        let asset = STACAsset(href: href, type: "application/octet-stream", roles: ["data"],
                              extra: ["file:size": .integer(size), "file:checksum": .string(multihashMD5(md5))])
        return STACItem(id: file.name, collection: collection, geometry: worldPolygon, bbox: [-180, -90, 180, 90],
                        properties: properties, assets: ["file": asset], links: [], stacExtensions: [])
    }

    /// The STAC file extension's checksum form: a multihash in hex, the function code as an
    /// unsigned varint (MD5 is 0xd5, which takes two bytes: d5 01), then the length (0x10 = 16 bytes).
    static func multihashMD5(_ hex: String) -> String { "d50110" + hex.lowercased() }
}
