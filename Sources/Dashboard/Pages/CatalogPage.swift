import Catalog

/// The STAC catalog staging publishes into: its collections with their item counts.
public struct CatalogPage: DashboardPage {
    public static let route = "/catalog"
    public static func isShown(for sources: DashboardSources) -> Bool { sources.catalog != nil }

    public let title = "Catalog"
    /// Where the catalog is (a directory or a STAC API's URL without credentials).
    public let location: String
    let collections: [CatalogCollectionSummary]
    let hasCollections: Bool
    public let isLive = false

    enum CodingKeys: String, CodingKey { case location, collections }

    public static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> CatalogPage {
        guard let catalog = sources.catalog else { throw PageError.notFound("catalog: none given") }
        let collections = try await catalog.collectionSummaries()
        return CatalogPage(location: catalog.description, collections: collections, hasCollections: !collections.isEmpty)
    }

    public static let template = """
        <h1>{{title}}</h1>
        <p class="summary">{{location}}</p>
        {{#hasCollections}}
        <table class="rows" id="collections"><thead><tr><th>collection</th><th>title</th><th>items</th></tr></thead><tbody>
        {{#collections}}<tr><td>{{id}}</td><td>{{title}}</td><td class="n">{{items}}</td></tr>
        {{/collections}}</tbody></table>
        {{/hasCollections}}
        {{^hasCollections}}<p>The catalog holds no collection yet.</p>{{/hasCollections}}
        """
}
