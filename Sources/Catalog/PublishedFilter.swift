public import JSONValue

/// The CQL2-JSON filter with which the seed's `filter_unpublished_files` asks a STAC API which files
/// are already published.
public enum PublishedFilter {
    /// `collection = C and owner = O and id in (ids)`, operator for operator as the seed writes it.
    /// `collection` is the catalog's collection id as it stands (the seed's `<owner>_<collection>`).
    public static func cql2(collection: String, owner: String, ids: [String]) -> JSONValue {
        [
            "op": "and",
            "args": [
                ["op": "=", "args": [["property": "collection"], .string(collection)]],
                ["op": "=", "args": [["property": "owner"], .string(owner)]],
                ["op": "in", "args": [["property": "id"], .array(ids.map { .string($0) })]],
            ],
        ]
    }
}
