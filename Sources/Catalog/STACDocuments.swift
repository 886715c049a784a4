import Foundation
import JSONValue
import UTCDate

/// The JSON of the documents Ferry writes beside items: collections and the static root catalog.
enum STACDocuments {
    /// A collection as Ferry creates it: the whole world, a time interval not known yet (a static
    /// catalog widens it to its items as they are listed), and the owner recorded as the seed's
    /// catalog does (`owner`).
    static func collection(_ spec: STACCollectionSpec, links: [JSONValue]) -> JSONValue {
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
                "temporal": ["interval": [[.null, .null]]],
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
        let calendarDay = UTCDay(daysSinceEpoch: Int(days))
        return String(format: "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld.%03ldZ", calendarDay.year, calendarDay.month, calendarDay.day,
                      Int(seconds / 3600), Int(seconds % 3600 / 60), Int(seconds % 60), Int(fraction))
    }
}
