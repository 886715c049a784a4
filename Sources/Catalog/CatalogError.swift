/// Why a catalog operation failed. Messages name the item or URL, never a credential.
public enum CatalogError: Error, Sendable, CustomStringConvertible {
    /// A different item already has this id.
    case conflict(String)
    /// A collection or item id that cannot be a path segment (empty, "/", "..", control characters…).
    case invalidID(String)
    /// An item the catalog cannot take (wrong collection, unreadable JSON).
    case invalidItem(String)
    /// The collection an item was published into does not exist.
    case missingCollection(String)
    /// The STAC API answered with an unexpected status.
    case http(status: Int, url: String, body: String)
    /// The STAC API could not be reached or its answer broke off.
    case transport(String)
    /// A file of the static catalog could not be read or written.
    case io(String)

    public var description: String {
        switch self {
        case .conflict(let message): return "conflict: \(message)"
        case .invalidID(let message): return "invalid id: \(message)"
        case .invalidItem(let message): return "invalid item: \(message)"
        case .missingCollection(let id): return "no collection \(id) in the catalog"
        case .http(let status, let url, let body): return "HTTP \(status) from \(url): \(body.prefix(500))"
        case .transport(let message): return "cannot reach the catalog: \(message)"
        case .io(let message): return "catalog file: \(message)"
        }
    }
}

extension CatalogError {
    /// The conflict of `item` with the different `existing` item under its id, naming both sets of files.
    static func differentItem(_ item: STACItem, existing: STACItem, in place: String) -> CatalogError {
        func files(_ item: STACItem) -> String {
            item.assets.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.href)" }.joined(separator: ", ")
        }
        return .conflict("item \(item.id) of \(item.collection) is already in \(place) with other files "
                         + "(there: \(files(existing)); this one: \(files(item)))")
    }
}
