/// A STAC catalog Ferry publishes into: a static catalog in a directory or a STAC API.
///
/// Every operation is idempotent and safe with several processes calling it at once: that is what
/// lets staging workers on many hosts publish without coordinating.
public protocol Catalog: Sendable, CustomStringConvertible {
    /// Creates the collection when it is missing; an existing one is left as it is.
    func ensureCollection(_ spec: STACCollectionSpec) async throws
    /// Adds the item once: `.alreadyPresent` when the same item is there, `CatalogError.conflict`
    /// when a different item has its id.
    func publish(_ item: STACItem) async throws -> PublishOutcome
    /// Those of `ids` that are items of `collection` with `properties.owner == owner`.
    func publishedIDs(collection: String, owner: String, among ids: [String]) async throws -> Set<String>
    /// Every collection with its item count, by id.
    func collectionSummaries() async throws -> [CatalogCollectionSummary]
}
