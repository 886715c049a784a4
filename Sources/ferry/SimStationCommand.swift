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

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        logging.bootstrap()
        let stationKind: StationKind
        do { stationKind = try StationKind(name: kind) } catch { throw CommandFailure.configuration("--kind: \(error)") }
        guard files >= 0, fileSize >= 0 else { throw CommandFailure.configuration("--files and --file-size must not be negative") }
        var configuration = StationSimulatorConfiguration(kind: stationKind)
        configuration.fileCount = files
        configuration.fileSize = fileSize
        configuration.mission = mission
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
