import Foundation
public import Stations

/// The payload of a `stage.file` task: everything a worker on any host needs to stage one file.
/// Credentials are not in it: a worker takes the station's and the store's from its own environment.
public struct StageFileTask: Codable, Sendable, Equatable {
    /// The task kind staging workers run.
    public static let kind = "stage.file"

    public var station: String
    public var stationURL: String
    public var file: StationFile
    public var destination: StagingDestination
    /// A catalog directory (absolute) or STAC API URL.
    public var catalog: String
    /// The owner's collection, `{owner}_{collection}`.
    public var collection: String
    public var owner: String

    public init(station: String, stationURL: String, file: StationFile, destination: StagingDestination,
                catalog: String, collection: String, owner: String) {
        self.station = station
        self.stationURL = stationURL
        self.file = file
        self.destination = destination
        self.catalog = catalog
        self.collection = collection
        self.owner = owner
    }

    /// The queue's unique key: one task per file of a collection, whatever the runs that ask for it.
    public var uniqueKey: String { "stage:\(collection):\(file.name)" }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public init(json: String) throws {
        self = try JSONDecoder().decode(StageFileTask.self, from: Data(json.utf8))
    }
}
