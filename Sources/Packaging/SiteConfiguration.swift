import Foundation
public import SQLDatabase
import Yams

/// The sites, data locations and instruments of `ferry package init --config sites.yaml`.
public struct SiteConfiguration: Sendable, Decodable, Equatable {
    public struct Site: Sendable, Decodable, Equatable {
        public var name: String
        public var shortName: String
        public var locations: [Location]

        enum CodingKeys: String, CodingKey { case name, shortName = "short_name", locations }
    }

    public struct Location: Sendable, Decodable, Equatable {
        public var name: String
        public var type: LocationType
        public var storage: StorageKind
        /// The host whose disk holds it; absent when every worker can read it.
        public var host: String?
        /// Disk: the root folder (relative paths are taken from the configuration file's folder).
        public var path: String?
        /// S3: bucket, key prefix and endpoint (credentials come from the AWS environment variables).
        public var bucket: String?
        public var prefix: String?
        public var endpoint: String?
        public var active: Bool
        public var priority: Int

        enum CodingKeys: String, CodingKey { case name, type, storage, host, path, bucket, prefix, endpoint, active, priority }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            type = try Self.caseInsensitive(LocationType.self, .type, in: container)
            storage = container.contains(.storage) ? try Self.caseInsensitive(StorageKind.self, .storage, in: container) : .disk
            host = try container.decodeIfPresent(String.self, forKey: .host)
            path = try container.decodeIfPresent(String.self, forKey: .path)
            bucket = try container.decodeIfPresent(String.self, forKey: .bucket)
            prefix = try container.decodeIfPresent(String.self, forKey: .prefix)
            endpoint = try container.decodeIfPresent(String.self, forKey: .endpoint)
            active = try container.decodeIfPresent(Bool.self, forKey: .active) ?? true
            priority = try container.decodeIfPresent(Int.self, forKey: .priority) ?? 0
        }

        /// `S3`, `s3` and `Disk` all name a storage kind, `source` a type: spellings differ between
        /// the reference's tables and people's files, and nothing is gained by refusing one.
        private static func caseInsensitive<Value: RawRepresentable & CaseIterable>(
            _ type: Value.Type, _ key: CodingKeys, in container: KeyedDecodingContainer<CodingKeys>) throws -> Value
            where Value.RawValue == String {
            let text = try container.decode(String.self, forKey: key)
            if let value = Value.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame }) { return value }
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "\(text) is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    public struct Instrument: Sendable, Decodable, Equatable {
        public var name: String
        public var modules: [String]
    }

    public var sites: [Site]
    public var instruments: [Instrument]

    /// Reads and checks `path`; errors name the file and the field.
    public static func load(path: String) throws -> SiteConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PackagingError.configuration("cannot read \(path)")
        }
        var configuration: SiteConfiguration
        do {
            configuration = try YAMLDecoder().decode(SiteConfiguration.self, from: data)
        } catch let error as DecodingError {
            throw PackagingError.configuration("\(path): \(Self.describe(error))")
        } catch {
            throw PackagingError.configuration("\(path): \(error)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        for s in configuration.sites.indices {
            for l in configuration.sites[s].locations.indices {
                let location = configuration.sites[s].locations[l]
                let field = "sites[\(s)].locations[\(l)] (\(location.name))"
                switch location.storage {
                case .disk:
                    guard var root = location.path, !root.isEmpty else { throw PackagingError.configuration("\(path): \(field): a disk location needs `path`") }
                    // The reference's `host:/path` notation (as scp and rsync write it).
                    if let colon = root.firstIndex(of: ":"), root[root.index(after: colon)...].hasPrefix("/"),
                       !root[..<colon].isEmpty, !root[..<colon].contains("/") {
                        let host = String(root[..<colon])
                        if let given = location.host, given != host {
                            throw PackagingError.configuration("\(path): \(field): path names host \(host) but host is \(given)")
                        }
                        root = String(root[root.index(after: colon)...])
                        configuration.sites[s].locations[l].host = host
                        configuration.sites[s].locations[l].path = root
                    }
                    if !root.hasPrefix("/") {
                        configuration.sites[s].locations[l].path = folder.appendingPathComponent(root).standardizedFileURL.path
                    }
                case .s3:
                    guard let bucket = location.bucket, !bucket.isEmpty else { throw PackagingError.configuration("\(path): \(field): an s3 location needs `bucket`") }
                }
            }
        }
        let siteNames = configuration.sites.map(\.name)
        if let duplicate = Dictionary(grouping: siteNames, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw PackagingError.configuration("\(path): site name \(duplicate) is used twice")
        }
        let names = configuration.sites.flatMap { $0.locations.map(\.name) }
        if let duplicate = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw PackagingError.configuration("\(path): location name \(duplicate) is used twice")
        }
        return configuration
    }

    private static func describe(_ error: DecodingError) -> String {
        func at(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop(while: { $0 == "." }).description
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(at(context.codingPath + [key])): missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(at(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// Creates or updates every site, location, instrument and module in one transaction; returns
    /// how many rows changed (0 when the database already matches the file).
    public func apply(in connection: any SQLConnection) throws -> Int {
        var changes = 0
        for site in sites {
            let siteID: Int64
            if let row = try connection.queryFirst("SELECT id, short_name FROM pkg_sites WHERE name = ?", [.text(site.name)]) {
                siteID = try row.int64("id")
                if try row.string("short_name") != site.shortName {
                    changes += try connection.execute("UPDATE pkg_sites SET short_name = ? WHERE id = ?", [.text(site.shortName), .integer(siteID)])
                }
            } else {
                siteID = try connection.query("INSERT INTO pkg_sites (name, short_name) VALUES (?, ?) RETURNING id",
                                              [.text(site.name), .text(site.shortName)])[0].int64("id")
                changes += 1
            }
            for location in site.locations {
                let values: [SQLValue] = [.integer(siteID), .text(location.type.rawValue), .text(location.storage.rawValue),
                                          .optional(location.host), .optional(location.path), .optional(location.bucket),
                                          .optional(location.prefix), .optional(location.endpoint), .bool(location.active),
                                          .int(location.priority)]
                if let row = try connection.queryFirst("""
                    SELECT id, site_id, type, storage, host, path, bucket, prefix, endpoint, active, priority
                    FROM pkg_locations WHERE name = ?
                    """, [.text(location.name)]) {
                    if Array(row.values.dropFirst()) != values {
                        changes += try connection.execute("""
                            UPDATE pkg_locations SET site_id = ?, type = ?, storage = ?, host = ?, path = ?, bucket = ?,
                                prefix = ?, endpoint = ?, active = ?, priority = ? WHERE id = ?
                            """, values + [row["id"]])
                    }
                } else {
                    changes += try connection.execute("""
                        INSERT INTO pkg_locations (site_id, type, storage, host, path, bucket, prefix, endpoint, active, priority, name)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, values + [.text(location.name)])
                }
            }
        }
        for instrument in instruments {
            let instrumentID: Int64
            if let id = try connection.scalar("SELECT id FROM pkg_instruments WHERE name = ?", [.text(instrument.name)])?.integer {
                instrumentID = id
            } else {
                instrumentID = try connection.query("INSERT INTO pkg_instruments (name) VALUES (?) RETURNING id", [.text(instrument.name)])[0].int64("id")
                changes += 1
            }
            for module in instrument.modules {
                if let row = try connection.queryFirst("SELECT instrument_id FROM pkg_modules WHERE name = ?", [.text(module)]) {
                    if try row.int64("instrument_id") != instrumentID {
                        throw PackagingError.configuration("module \(module) belongs to another instrument already")
                    }
                } else {
                    changes += try connection.execute("INSERT INTO pkg_modules (instrument_id, name) VALUES (?, ?)",
                                                      [.integer(instrumentID), .text(module)])
                }
            }
        }
        return changes
    }
}
