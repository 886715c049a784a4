public import Foundation
public import Stations

/// One `ferry stage` run: which station and window, where files go, how long to wait.
public struct StagingRequest: Sendable {
    public var station: StationKind
    public var stationURL: String
    public var mission: String
    public var start: Date
    public var stop: Date
    public var limit: Int?
    /// The seed's `max_workers`: files are split into at most this many lists, and this many
    /// files are staged at once by the run's own workers.
    public var maxWorkers: Int
    public var destination: StagingDestination
    /// A catalog directory (made absolute) or STAC API URL.
    public var catalog: String
    public var owner: String
    public var pollInterval: Duration
    /// How long a file may take from the start of its first attempt before it is given up as FAILED.
    public var fileTimeout: Duration
    public var dryRun: Bool
    /// False when only `ferry stage worker` processes (other hosts) do the work.
    public var runsLocalWorkers: Bool

    public init(station: StationKind, stationURL: String, mission: String, start: Date, stop: Date, limit: Int? = nil,
                maxWorkers: Int = 5, destination: StagingDestination, catalog: String, owner: String,
                pollInterval: Duration = .seconds(2), fileTimeout: Duration = .seconds(360), dryRun: Bool = false,
                runsLocalWorkers: Bool = true) {
        self.station = station
        self.stationURL = stationURL
        self.mission = mission
        self.start = start
        self.stop = stop
        self.limit = limit
        self.maxWorkers = maxWorkers
        self.destination = destination
        self.catalog = catalog
        self.owner = owner
        self.pollInterval = pollInterval
        self.fileTimeout = fileTimeout
        self.dryRun = dryRun
        self.runsLocalWorkers = runsLocalWorkers
    }

    /// The seed's collection name for the station (`{mission}_aux` or `{mission}_chunk`).
    public var collectionName: String { station.collectionName(mission: mission) }
    /// The owner's collection, as the seed searches and publishes it.
    public var ownerCollection: String { "\(owner)_\(collectionName)" }
}
