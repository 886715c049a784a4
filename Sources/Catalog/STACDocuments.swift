import Foundation
import JSONValue

/// The JSON of the documents Ferry writes beside items: collections and the static root catalog.
enum STACDocuments {
    /// A collection as Ferry creates it: the whole world and an interval open from `created`, with
    /// the owner recorded as the seed's catalog does (`owner`).
    static func collection(_ spec: STACCollectionSpec, created: Date, links: [JSONValue]) -> JSONValue {
        [
            "type": "Collection",
            "stac_version": "1.0.0",
            "stac_extensions": [],
            "id": .string(spec.id),
            "description": .string(spec.description),
            "license": .string(spec.license),
            "owner": .string(spec.owner),
            "extent": [
                "spatial": ["bbox": [[-180, -90, 180, 90]]],
                "temporal": ["interval": [[.string(timestamp(created)), .null]]],
            ],
            "links": .array(links),
        ]
    }

    /// The root of a static catalog; its children are the collections.
    static func rootCatalog(links: [JSONValue]) -> JSONValue {
        [
            "type": "Catalog",
            "stac_version": "1.0.0",
            "stac_extensions": [],
            "id": "ferry",
            "description": "Files Ferry staged and published",
            "links": .array(links),
        ]
    }

    /// A link object.
    static func link(_ rel: String, _ href: String, type: String = "application/json") -> JSONValue {
        ["rel": .string(rel), "href": .string(href), "type": .string(type)]
    }

    /// RFC 3339 in UTC with milliseconds, the seed's date form.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = milliseconds / 1000
        let fraction = milliseconds % 1000
        let days = seconds / 86_400
        seconds %= 86_400
        let (year, month, day) = civil(fromDays: days)
        return String(format: "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld.%03ldZ", year, month, day,
                      Int(seconds / 3600), Int(seconds % 3600 / 60), Int(seconds % 60), Int(fraction))
    }

    /// Days since 1970-01-01 → (year, month, day) (Howard Hinnant's algorithm; no calendar or locale involved).
    private static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }
}
