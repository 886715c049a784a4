import ArgumentParser
import Foundation
import Logging
import REACHMission
import UDLSimulator
import UTCDate

/// `ferry sim`: built-in simulators of the services Ferry talks to.
struct SimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim",
        abstract: "Run a built-in simulator of a service Ferry talks to.",
        subcommands: [SimUDLCommand.self, SimStationCommand.self]
    )
}

/// `ferry sim udl`: a loopback UDL serving deterministic REACH records, with rate limits and faults.
struct SimUDLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "udl",
        abstract: "Serve a simulated UDL (GET /udl/spaceenvobservation) in the foreground.",
        discussion: """
            Records are a pure function of --seed, so two runs serve identical data. Prints the \
            base URL and the BASICAUTH value to use, then serves until SIGTERM or SIGINT (Ctrl-C), \
            when it closes its port and exits 0. With -v it logs every query it answers (window, \
            sensor, records) to stderr.
            Example: ferry sim udl --port 8080 --density 0.1 --rate-limit 20 --burst 5
            """
    )

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).")
    var port = 8080

    @Option(help: "Seed of every generated value and fault.")
    var seed: UInt64 = 1

    @Option(help: "Basic-auth user name the client must present.")
    var username = "ferry"

    @Option(help: "Basic-auth password the client must present.")
    var password = "simulated-udl-password"

    @Option(help: "Fraction of (sensor, 5 s step) pairs holding data; 1 = 1,105,920 records a day.")
    var density = 1.0

    @Option(help: "Comma-separated sensors served (default: all 32), e.g. REACH-105,REACH-171.")
    var sensors: String?

    @Option(help: ArgumentHelp("A day with no data (repeatable).", valueName: "YYYY-MM-DD"))
    var emptyDay: [UTCDay] = []

    @Option(help: "Fraction of records served without idSensor.")
    var missingSensorFraction = 0.0

    @Option(help: "Fraction of records served twice (the copy with a newer createdAt).")
    var duplicateFraction = 0.0

    @Flag(help: "Do not add the records at 00:00:00.500, 06:00:00.500 and 23:59:59.999.")
    var noEdgeRecords = false

    @Option(help: "Token-bucket limit, requests/s (429 with Retry-After beyond it).")
    var rateLimit: Double?

    @Option(help: "Token-bucket burst.")
    var burst = 5

    @Option(help: "Probability per request of a 500/502/503 answer.")
    var serverErrorRate = 0.0

    @Option(help: "Probability per request of closing the connection without an answer.")
    var dropRate = 0.0

    @Option(help: "Probability per request of answering only after --slow-delay.")
    var slowRate = 0.0

    @Option(help: "Seconds a slow answer is held back.")
    var slowDelay = 30.0

    @Option(help: "Probability per request of a truncated body.")
    var truncateRate = 0.0

    @Option(help: "Most records one query returns.")
    var maxResults: Int?

    @Flag(help: "Keep each answer in memory and serve repeats from there (for benchmarks).")
    var cacheResponses = false

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        logging.bootstrap()
        var configuration = UDLSimulatorConfiguration()
        configuration.seed = seed
        configuration.username = username
        configuration.password = password
        configuration.density = density
        if let sensors {
            configuration.sensors = try sensors.split(separator: ",").map { name in
                guard let sensor = REACHConstellation.sensor(id: String(name)) else {
                    throw CommandFailure.configuration("--sensors: unknown sensor '\(name)'")
                }
                return sensor
            }
        }
        configuration.emptyDays = Set(emptyDay)
        configuration.missingSensorFraction = missingSensorFraction
        configuration.duplicateFraction = duplicateFraction
        configuration.edgeRecords = !noEdgeRecords
        configuration.rateLimit = rateLimit.map { ($0, burst) }
        configuration.faults.serverError = serverErrorRate
        configuration.faults.droppedConnection = dropRate
        configuration.faults.slowResponse = slowRate
        configuration.faults.slowDelay = .milliseconds(Int64(slowDelay * 1000))
        configuration.faults.truncatedBody = truncateRate
        configuration.maxResultsPerQuery = maxResults
        configuration.cacheResponses = cacheResponses
        configuration.logRequests = logging.verbose > 0
        let service = UDLSimulatorService(configuration: configuration, port: port) { simulator in
            // Written unbuffered: a script waiting for these lines must see them before the first request.
            FileHandle.standardOutput.write(Data("UDL simulator at \(simulator.baseURL)\nBASICAUTH='\(simulator.authorizationHeaderValue)'\n".utf8))
        }
        try await runUntilShutdownSignal([service], logger: Logger(label: "ferry.sim"))
    }
}
