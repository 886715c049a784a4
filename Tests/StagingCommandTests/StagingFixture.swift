import DatabaseTestSupport
import FerryTestSupport
import Foundation
import SQLDatabase
import StationSimulator
import Stations
import Testing

/// A staging set-up: a database, a destination directory (or S3), a static catalog, and the
/// `ferry` program run as a separate process against a station simulator on loopback.
struct StagingFixture {
    let ferry = BuiltProducts.path("ferry")
    let directory: TemporaryDirectory
    var databaseURL: String
    var environment: [String: String] = [:]
    var destination: String { "file://" + directory.path("staged") }
    var catalog: String { directory.path("catalog") }

    init(databaseURL: String) throws {
        directory = try TemporaryDirectory()
        self.databaseURL = databaseURL
    }

    var processEnvironment: [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": directory.url.path, "USER": "tester"].merging(environment) { $1 }
    }

    /// The arguments of a run over the simulator's whole publication day.
    func runArguments(_ simulator: StationSimulator, station: String = "AUXIP", extra: [String] = []) -> [String] {
        ["stage", "--station", station, "--station-url", simulator.baseURL, "--mission", "s1",
         "--start", "2024-01-01T00:00:00Z", "--stop", "2024-01-02T00:00:00Z",
         "--s3-path", destination, "--catalog", catalog, "--poll-interval", "0.1", "--retry-delay", "0.05",
         "--json", "--database", databaseURL] + extra
    }

    func run(_ arguments: [String]) async throws -> ProcessOutput {
        try await ProcessOutput.run(ferry, arguments, environment: processEnvironment)
    }

    func start(_ arguments: [String], name: String) throws -> ChildProcess {
        try ChildProcess(ferry, arguments, environment: processEnvironment, outputPrefix: directory.path(name))
    }

    /// Runs a staging command that must print its JSON report; returns it with the exit status.
    func stage(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> (Int32, StageReport) {
        let output = try await run(arguments)
        do {
            return (output.status, try JSONDecoder().decode(StageReport.self, from: output.stdout))
        } catch {
            Issue.record("no JSON report (exit \(output.status)): \(output.stderrText)\(output.stdoutText)", sourceLocation: sourceLocation)
            throw error
        }
    }

    /// Attempts per outcome from the queue's operations log.
    func attemptOutcomes() async throws -> [String: Int] {
        try await TestBackend.withOpen(databaseURL) { database in
            try await database.read { connection in
                var counts: [String: Int] = [:]
                for row in try connection.query("SELECT COALESCE(outcome, 'OPEN') AS outcome, COUNT(*) AS n FROM queue_attempts GROUP BY outcome", []) {
                    counts[try row.string("outcome")] = try row.int("n")
                }
                return counts
            }
        }
    }

    /// Every item file under the static catalog, by item id.
    func catalogItems() throws -> [String: [String: Any]] {
        var items: [String: [String: Any]] = [:]
        guard let walker = FileManager.default.enumerator(atPath: catalog) else { return items }
        for case let path as String in walker where path.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: catalog + "/" + path),
                  let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
                  object["type"] as? String == "Feature", let id = object["id"] as? String else { continue }
            #expect(items[id] == nil, "item \(id) is in the catalog once")
            items[id] = object
        }
        return items
    }
}

/// The parts of `ferry stage --json` the tests read.
struct StageReport: Decodable {
    struct File: Decodable { let id, status: String; let href: String?; let size: Int64?; let error: String? }
    let collection: String
    let found: Int
    let already_published: Int
    let lists: Int
    let files: [File]
    let warnings: [String]
}
