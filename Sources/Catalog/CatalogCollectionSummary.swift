/// One collection of a catalog as an operator's view lists it.
public struct CatalogCollectionSummary: Sendable, Equatable, Encodable {
    public let id: String
    public let title: String?
    /// Items in the collection; nil when the catalog does not say (a STAC API without `numberMatched`).
    public let items: Int?

    public init(id: String, title: String?, items: Int?) {
        self.id = id
        self.title = title
        self.items = items
    }
}
