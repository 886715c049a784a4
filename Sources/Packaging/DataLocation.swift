public import SQLDatabase

/// A data location as the database holds it.
public struct DataLocation: Sendable, Equatable, Codable {
    public let id: Int64
    public let siteID: Int64
    public let name: String
    public let type: LocationType
    public let storage: StorageKind
    public let host: String?
    public let path: String?
    public let bucket: String?
    public let prefix: String?
    public let endpoint: String?
    public let active: Bool
    public let priority: Int

    static let columns = "id, site_id, name, type, storage, host, path, bucket, prefix, endpoint, active, priority"

    init(row: SQLRow) throws {
        id = try row.int64("id")
        siteID = try row.int64("site_id")
        name = try row.string("name")
        guard let type = LocationType(rawValue: try row.string("type")),
              let storage = StorageKind(rawValue: try row.string("storage")) else {
            throw SQLDatabaseError.unexpectedValue(column: "type/storage", value: row["type"])
        }
        self.type = type
        self.storage = storage
        host = row.optionalString("host")
        path = row.optionalString("path")
        bucket = row.optionalString("bucket")
        prefix = row.optionalString("prefix")
        endpoint = row.optionalString("endpoint")
        active = try row.bool("active")
        priority = try row.int("priority")
    }

    /// The location called `name`.
    public static func named(_ name: String, in connection: any SQLConnection) throws -> DataLocation {
        guard let row = try connection.queryFirst("SELECT \(columns) FROM pkg_locations WHERE name = ?", [.text(name)]) else {
            throw PackagingError.notFound("no data location named \(name) (run `ferry package init --config FILE` first)")
        }
        return try DataLocation(row: row)
    }

    /// The location with `id`.
    public static func withID(_ id: Int64, in connection: any SQLConnection) throws -> DataLocation {
        guard let row = try connection.queryFirst("SELECT \(columns) FROM pkg_locations WHERE id = ?", [.integer(id)]) else {
            throw PackagingError.notFound("no data location with id \(id)")
        }
        return try DataLocation(row: row)
    }

    /// The site's active buffers, primary (highest priority) first.
    public static func activeBuffers(ofSite siteID: Int64, in connection: any SQLConnection) throws -> [DataLocation] {
        try connection.query("""
            SELECT \(columns) FROM pkg_locations WHERE site_id = ? AND type = 'BUFFER' AND active = 1
            ORDER BY priority DESC, id
            """, [.integer(siteID)]).map(DataLocation.init)
    }

    /// Whether a worker standing for `host` reads this location itself (the seed's `is_same_host`):
    /// a location with no host is readable everywhere.
    public func isOnHost(_ host: String) -> Bool {
        guard let own = self.host, !own.isEmpty else { return true }
        return own == host || own == "localhost"
    }
}
