public import AsyncHTTPClient

/// The catalog a location names: an `http://` or `https://` URL is a STAC API, anything else a
/// directory holding (or to hold) a static catalog.
public func makeCatalog(_ location: String, httpClient: HTTPClient) throws -> any Catalog {
    let lowered = location.lowercased()
    if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
        return STACAPICatalog(baseURL: location, httpClient: httpClient)
    }
    guard !location.isEmpty else { throw CatalogError.io("an empty catalog location") }
    return StaticCatalog(directory: location)
}
