import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import StationSimulator
import Stations

/// `ferry sim station`: a loopback AUXIP or CADIP station serving deterministic files.
struct SimStationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "station",
        abstract: "Serve a simulated AUXIP or CADIP station (OData) in the foreground.",
        discussion: """
            Files are all published on 2024-01-01 and are a pure function of the options, so two runs \
            serve identical data. Prints the base URL and the FERRY_STATION_* variables a client needs, \
            then serves until SIGTERM or SIGINT (Ctrl-C), when it closes its port and exits 0.
            Example: ferry sim station --kind cadip --port 8090 --files 100 --auth oauth2
            Faults on demand, each counted rather than random so a run can be repeated: \
            ferry sim station --fail-first 3 --slow 0.5 --drop-after 65536 --wrong-checksum-first 2 \
            --page-size-cap 100 --token-expires-after 10
            """
    )

    @Option(help: "Station kind: auxip (adgs) or cadip (ins, mps, mti, nsg, sgs behave as cadip).")
    var kind = "auxip"

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port = 8090

    @Option(help: "How many files the station offers.")
    var files = 10

    @Option(help: "Size of every file in bytes.")
    var fileSize: Int64 = 1_000_000

    @Option(help: "Mission whose file names are served (s1 → S1A_…).")
    var mission = "s1"

    @Option(help: "Credential demanded: none, apikey or oauth2.")
    var auth = "none"

    @Option(help: ArgumentHelp("The first N requests (token requests aside) answer 503.", valueName: "n"))
    var failFirst = 0

    @Option(help: ArgumentHelp("The Retry-After those 503 answers carry.", valueName: "seconds"))
    var retryAfter = 0

    @Option(help: ArgumentHelp("Every answer waits this long first.", valueName: "seconds"))
    var slow: Double?

    @Option(help: ArgumentHelp("Downloads close the connection after this many bytes (see --drop-downloads).", valueName: "bytes"))
    var dropAfter: Int?

    @Option(help: ArgumentHelp("How many downloads of each file --drop-after cuts short.", valueName: "n"))
    var dropDownloads = 1

    @Option(help: ArgumentHelp("The first N files (in publication order) are listed with a wrong MD5.", valueName: "n"))
    var wrongChecksumFirst = 0

    @Option(help: ArgumentHelp("Pages hold at most this many entities whatever $top asks.", valueName: "n"))
    var pageSizeCap: Int?

    @Flag(help: "A page cut short by --page-size-cap carries @odata.nextLink.")
    var nextLinks = false

    @Flag(help: "Never answer @odata.count.")
    var noCount = false

    @Option(help: ArgumentHelp("An OAuth2 token is refused (401) after this many requests carried it.", valueName: "n"))
    var tokenExpiresAfter: Int?

    @Option(help: ArgumentHelp("The expires_in the token endpoint announces.", valueName: "seconds"))
    var tokenLifetime = 3600

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        if failFirst < 0 || retryAfter < 0 || dropDownloads < 0 || wrongChecksumFirst < 0 || tokenLifetime < 0 {
            throw ValidationError("fault counts and times must not be negative")
        }
        if let slow, slow < 0 { throw ValidationError("--slow must not be negative") }
        if let dropAfter, dropAfter < 0 { throw ValidationError("--drop-after must not be negative") }
        if let pageSizeCap, pageSizeCap < 1 { throw ValidationError("--page-size-cap must be at least 1") }
        if let tokenExpiresAfter, tokenExpiresAfter < 1 { throw ValidationError("--token-expires-after must be at least 1") }
    }

    func run() async throws {
        logging.bootstrap()
        let stationKind: StationKind
        do { stationKind = try StationKind(name: kind) } catch { throw CommandFailure.configuration("--kind: \(error)") }
        guard files >= 0, fileSize >= 0 else { throw CommandFailure.configuration("--files and --file-size must not be negative") }
        var configuration = StationSimulatorConfiguration(kind: stationKind)
        configuration.fileCount = files
        configuration.fileSize = fileSize
        configuration.mission = mission
        configuration.faults.serviceUnavailableFirst = failFirst
        configuration.faults.serviceUnavailableRetryAfterSeconds = retryAfter
        configuration.faults.slowAnswers = slow.map { .milliseconds(Int64(($0 * 1000).rounded())) }
        configuration.faults.droppedDownloads = dropAfter.map { (afterBytes: $0, downloads: dropDownloads) }
        configuration.faults.wrongChecksumFirst = wrongChecksumFirst
        configuration.faults.pageSizeCap = pageSizeCap
        configuration.faults.nextLinks = nextLinks
        configuration.faults.countOmitted = noCount
        configuration.faults.tokenExpiresAfterRequests = tokenExpiresAfter
        configuration.tokenLifetimeSeconds = tokenLifetime
        // Fixed, printed credentials: the simulator guards nothing, it only makes the client prove it sends them.
        switch auth.lowercased() {
        case "none": configuration.auth = .none
        case "apikey": configuration.auth = .apiKey(header: "x-api-key", value: "simulated-station-key")
        case "oauth2": configuration.auth = .oauth2(username: "ferry", password: "simulated-station-password", clientID: "ferry-cli")
        default: throw CommandFailure.configuration("--auth must be none, apikey or oauth2, not '\(auth)'")
        }
        let service = StationSimulatorService(configuration: configuration, port: port) { simulator in
            var lines = ["\(stationKind.rawValue) station simulator at \(simulator.baseURL)"]
            switch simulator.clientAuth {
            case .none: break
            case let .apiKey(header, value):
                lines += ["FERRY_STATION_API_KEY_HEADER=\(header)", "FERRY_STATION_API_KEY=\(value)"]
            case let .oauth2(tokenURL, username, password, clientID, _):
                lines += ["FERRY_STATION_TOKEN_URL=\(tokenURL)", "FERRY_STATION_USERNAME=\(username)",
                          "FERRY_STATION_PASSWORD=\(password)", "FERRY_STATION_CLIENT_ID=\(clientID)"]
            }
            // Written unbuffered: a script waiting for these lines must see them before the first request.
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        try await runUntilShutdownSignal([service], logger: Logger(label: "ferry.sim"))
    }
}

/// The station simulator as a service: serves from `run()` until a graceful shutdown, then closes.
struct StationSimulatorService: Service {
    let configuration: StationSimulatorConfiguration
    let port: Int
    /// Called once the simulator is listening (e.g. to print its address).
    let onServing: @Sendable (StationSimulator) -> Void

    func run() async throws {
        let simulator = try await StationSimulator.start(configuration, port: port)
        onServing(simulator)
        try? await gracefulShutdown()
        await simulator.shutdown()
    }
}
