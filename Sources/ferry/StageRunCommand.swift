import ArgumentParser
import AsyncHTTPClient
import Foundation
import HTTPRetry
import JSONValue
import Logging
import Catalog
import Staging
import Stations
import WorkQueue

/// `ferry stage [run]`: the seed's staging flow, on the work queue.
struct StageRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Stage a station's files published in [start, stop) and publish their STAC items.",
        discussion: """
            Search the station (AUXIP: /Products; CADIP, INS, MPS, MTI, NSG, SGS: /Files) for files \
            published in [--start, --stop), drop those already in the catalog (collection \
            {owner}_{mission}_aux or {owner}_{mission}_chunk, items with that owner), split the rest into \
            min(--max-workers, n) lists, and queue each file as one task. The run's own workers (one per \
            list) and any `ferry stage worker` sharing the database stream each file from the station \
            straight into --s3-path/<id> (multipart, no temporary copy), check its size and the station's \
            MD5, and publish its item. Every file ends DONE or FAILED: a failed attempt is retried up to 3 \
            times, and a file still unfinished --file-timeout seconds after its first attempt began is \
            FAILED. A rerun of a window stages nothing new; two runs at once stage each file once.
            Station credentials come from the environment: FERRY_STATION_API_KEY (header \
            FERRY_STATION_API_KEY_HEADER, default x-api-key), or FERRY_STATION_TOKEN_URL, \
            FERRY_STATION_USERNAME, FERRY_STATION_PASSWORD, FERRY_STATION_CLIENT_ID \
            [, FERRY_STATION_CLIENT_SECRET] for OAuth2. S3 settings follow the AWS conventions.
            Exit 0 when every file is DONE (or nothing was to do), 1 when some failed, 2 on configuration.
            """)

    @Option(help: "The station kind: AUXIP (or ADGS), CADIP, INS, MPS, MTI, NSG or SGS.")
    var station: String

    @Option(help: ArgumentHelp("The station's OData service root.", valueName: "url"))
    var stationURL: String

    @Option(help: "The mission, as in collection names (s1, s2...).")
    var mission: String

    @Option(help: ArgumentHelp("Start of the publication window, ISO 8601 (UTC unless an offset is given).", valueName: "time"))
    var start: String

    @Option(help: ArgumentHelp("End of the publication window (excluded).", valueName: "time"))
    var stop: String

    @Option(help: "Stage at most this many of the files found.")
    var limit: Int?

    @Option(help: "Lists the files are split into, and files staged at once by this run.")
    var maxWorkers = 5

    @Option(name: .customLong("s3-path"), help: ArgumentHelp("Where files go: s3://bucket/prefix, or file:///dir.", valueName: "url"))
    var s3Path: String

    @Option(help: ArgumentHelp("A STAC catalog directory, or a STAC API URL (http://...).", valueName: "dir|url"))
    var catalog = "catalog"

    @Option(help: "The catalog owner (collections {owner}_{collection}); default: the user name.")
    var owner: String?

    @Option(help: ArgumentHelp("Seconds between looks at the files' status.", valueName: "seconds"))
    var pollInterval: Double = 2

    @Option(help: ArgumentHelp("Seconds a file may take from its first attempt before it is FAILED.", valueName: "seconds"))
    var fileTimeout: Double = 360

    @Option(help: ArgumentHelp("First wait before retrying a failed file (doubles each attempt).", valueName: "seconds"))
    var retryDelay: Double = 2

    @Option(help: ArgumentHelp("Lease of the run's workers on a file; renewed every third of it.", valueName: "seconds"))
    var lease: Double = 30

    @Flag(help: "Search and filter, print what would be staged, queue nothing.")
    var dryRun = false

    @Flag(help: "Queue the files and wait, but leave the staging to `ferry stage worker` processes.")
    var noLocalWorkers = false

    @Flag(help: "One JSON document on stdout.")
    var json = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if maxWorkers < 1 { throw ValidationError("--max-workers must be at least 1") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        if pollInterval <= 0 { throw ValidationError("--poll-interval must be positive") }
        if fileTimeout <= 0 { throw ValidationError("--file-timeout must be positive") }
        if retryDelay < 0 { throw ValidationError("--retry-delay must not be negative") }
        if lease < 0.3 { throw ValidationError("--lease must be at least 0.3 seconds") }
    }

    func run() async throws {
        logging.bootstrap()
        let request = try makeRequest()
        do {
            try await stage(request)
        } catch let failure as CommandFailure where json {
            // A script reading stdout still gets one document, saying why nothing was staged.
            let document: [String: JSONValue] = [
                "collection": .string(request.ownerCollection), "found": 0, "already_published": 0, "files": [],
                "error": .string(failure.message),
            ]
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(JSONValue.object(document)), as: UTF8.self))
            throw failure
        }
    }

    private func stage(_ request: StagingRequest) async throws {
        let auth = try stagingConfiguration { try StationAuth.fromEnvironment(ProcessInfo.processInfo.environment) }
        let report = try await stagingConfiguration {
            try await withDatabase(database) { db in
                var flow = StagingFlow(database: db, httpClient: .transfers, stationAuth: auth, host: thisHostName(),
                                       logger: Logger(label: "ferry.stage"))
                flow.retryBackoff = RetryBackoff(baseMilliseconds: Int64(retryDelay * 1000), capMilliseconds: 60_000)
                flow.leaseMilliseconds = Int64(lease * 1000)
                let configured = flow
                return try await cancellingOnSignals { try await configured.run(request) }
            }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(StagingReportTable.render(report))
        }
        if report.hasFailures { throw ExitCode(CommandFailure.someUnitFailedExitCode) }
    }

    /// Every setting checked before any request: a bad one is exit 2.
    func makeRequest() throws -> StagingRequest {
        try stagingConfiguration {
            let kind = try StationKind(name: station)
            guard let startDate = STACDateText.date(start) else { throw StagingError.configuration("--start \(start): not an ISO 8601 date-time") }
            guard let stopDate = STACDateText.date(stop) else { throw StagingError.configuration("--stop \(stop): not an ISO 8601 date-time") }
            guard startDate < stopDate else { throw StagingError.configuration("--start must be before --stop") }
            guard let url = URL(string: stationURL), url.scheme == "http" || url.scheme == "https", url.host != nil else {
                throw StagingError.configuration("--station-url \(stationURL): not an http(s) URL")
            }
            let ownerName = owner ?? Self.userName()
            for (option, value) in [("--mission", mission), ("--owner", ownerName)] {
                if let problem = CatalogID.problem(with: value) { throw StagingError.configuration("\(option) \(value): it \(problem)") }
            }
            let destination = try StagingDestination(parsing: s3Path)
            var catalogLocation = catalog
            if !(catalog.hasPrefix("http://") || catalog.hasPrefix("https://")) {
                // Workers elsewhere (and in other folders) must find the same directory.
                catalogLocation = URL(fileURLWithPath: catalog).standardizedFileURL.path
            }
            return StagingRequest(station: kind, stationURL: stationURL, mission: mission, start: startDate, stop: stopDate,
                                  limit: limit, maxWorkers: maxWorkers, destination: destination, catalog: catalogLocation,
                                  owner: ownerName, pollInterval: .milliseconds(Int(pollInterval * 1000)),
                                  fileTimeout: .milliseconds(Int(fileTimeout * 1000)), dryRun: dryRun,
                                  runsLocalWorkers: !noLocalWorkers)
        }
    }

    static func userName() -> String {
        let environment = ProcessInfo.processInfo.environment
        return environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
    }
}

/// Maps staging's configuration errors (and the station's and the database's) to exit 2.
func stagingConfiguration<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await reportingPackagingErrors(body)
    } catch let error as StagingError {
        if case .configuration = error { throw CommandFailure.configuration(error.description) }
        throw CommandFailure(message: error.description, exitCode: CommandFailure.someUnitFailedExitCode)
    } catch let error as StationError {
        throw CommandFailure.configuration(error.description)
    }
}

/// Synchronous form, for checks before anything runs.
func stagingConfiguration<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StagingError {
        throw CommandFailure.configuration(error.description)
    } catch let error as StationError {
        throw CommandFailure.configuration(error.description)
    }
}

/// The human form of a staging run.
enum StagingReportTable {
    static func render(_ report: StagingReport) -> String {
        var lines = ["collection \(report.collection): \(report.found) found, \(report.alreadyPublished) already published, "
                     + "\(report.files.count) staged in \(report.lists) lists"]
        for file in report.files {
            var line = "\(file.status.padding(toLength: 11, withPad: " ", startingAt: 0)) \(file.id)"
            if let href = file.href { line += "  \(href)" }
            if let size = file.size { line += "  \(size) bytes" }
            if let error = file.error { line += "  error: \(error)" }
            lines.append(line)
        }
        let failed = report.files.filter { $0.status == "FAILED" }
        if !failed.isEmpty { lines.append("\(failed.count) files failed: " + failed.map(\.id).joined(separator: ", ")) }
        for warning in report.warnings { lines.append("warning: \(warning)") }
        return lines.joined(separator: "\n")
    }
}
