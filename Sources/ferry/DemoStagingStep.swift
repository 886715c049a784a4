import AsyncHTTPClient
import Foundation
import HTTPRetry
import Logging
import SQLDatabase
import SQLDatabaseSQLite
import Staging
import StationSimulator
import Stations
import WorkQueue

/// The demo's staging flow (seed 004) on its embedded defaults: an AUXIP station simulator on a
/// loopback port, SQLite, a local directory for the files and a static STAC catalog.
struct DemoStagingStep {
    let root: String
    /// The SQLite file the queue flows share (so that one `ferry serve --database` shows both).
    let databasePath: String

    /// Stages the simulator's day of products; prints the run. A second demo finds them published.
    func run() async throws -> (staged: Int, failed: Int) {
        try FileManager.default.createDirectory(atPath: root + "/staged", withIntermediateDirectories: true)
        var configuration = StationSimulatorConfiguration(kind: .auxip)
        configuration.fileCount = 10
        configuration.fileSize = 512 * 1024
        let logger = Logger(label: "ferry.stage")
        return try await StationSimulator.withRunning(configuration, logger: Logger(label: "ferry.sim.station")) { simulator in
            let database = try SQLiteDatabase(path: databasePath)
            do {
                try await SchemaMigrator.migrate(database, WorkQueueSchema.migrations + StagingSchema.migrations)
                let request = StagingRequest(
                    station: .auxip, stationURL: simulator.baseURL, mission: "s1",
                    start: Date(timeIntervalSince1970: 1_704_067_200), stop: Date(timeIntervalSince1970: 1_704_153_600),
                    maxWorkers: 5, destination: .directory(root + "/staged"), catalog: root + "/catalog", owner: "demo",
                    pollInterval: .milliseconds(100))
                let report = try await StagingFlow(database: database, httpClient: .transfers, stationAuth: .none, host: thisHostName(),
                                                   logger: logger).run(request)
                await database.close()
                print("")
                print("Staging (seed 004): \(report.found) products on the AUXIP simulator, \(report.alreadyPublished) already published"
                      + (report.files.isEmpty ? " (already done)" : ", \(report.files.count) staged in \(report.lists) lists"))
                if !report.files.isEmpty { print(StagingReportTable.render(report).split(separator: "\n").dropFirst().joined(separator: "\n")) }
                print("Files: \(root)/staged   Catalog: \(root)/catalog/catalog.json   "
                      + "Status: ferry stage status --database sqlite:\(databasePath)")
                return (report.files.filter { $0.status == "DONE" }.count, report.files.filter { $0.status == "FAILED" }.count)
            } catch {
                await database.close()
                throw error
            }
        }
    }
}
