import ArgumentParser
import AsyncHTTPClient
import Catalog
import Dashboard
import DashboardServer
import Foundation
import Logging
import SQLDatabase
import Telemetry

/// `ferry serve`: the operator's dashboard over HTTP.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a live dashboard of ledgers and queues: HTML pages, JSON under /api, Prometheus /metrics.",
        discussion: """
            Pages: / (overview), /reach/LEDGER (availability calendar), /reach/LEDGER/throughput, \
            /reach/LEDGER/failures, /reach/LEDGER/days/YYYY-MM-DD, with a database /packaging, /staging, /queue, \
            and with a catalog /catalog. \
            Each page's data is at /api followed by the page's path. A ledger is named after its folder \
            (out/download_telemetry.csv → out). Ledgers are read incrementally: only rows appended since the last \
            request are read. Pages refresh themselves while work runs. Read-only.
            Binding to anything but loopback needs a bearer token (--token or FERRY_SERVE_TOKEN); with a token, \
            every request must send `Authorization: Bearer TOKEN`.
            """)

    @Option(help: "Port to listen on (0 picks a free one; the address is printed).")
    var port = 8080

    @Option(help: "Address to listen on. Anything but loopback needs --token.")
    var bind = "127.0.0.1"

    @Option(name: .customLong("telemetry-file"), parsing: .upToNextOption,
            help: ArgumentHelp("Ledger(s) to show (download_telemetry.csv files).", valueName: "file"))
    var telemetryFiles: [String] = []

    @Option(help: "Bearer token every request must carry (default: $FERRY_SERVE_TOKEN). Prefer the variable: a command line is visible to other users.")
    var token: String?

    @Option(help: ArgumentHelp("The STAC catalog staging publishes into: a directory (static catalog) or a STAC API's URL.",
                               valueName: "dir|url"))
    var catalog: String?

    @Option(name: .customLong("database"),
            help: ArgumentHelp("The packaging and staging database: sqlite:PATH or postgres://… (default: $FERRY_DATABASE_URL; none: no queue pages).",
                               valueName: "url"))
    var databaseURL: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        logging.bootstrap()
        let token = self.token ?? ProcessInfo.processInfo.environment["FERRY_SERVE_TOKEN"]
        if let refusal = BindPolicy.refusal(host: bind, token: token) { throw CommandFailure.configuration(refusal) }
        guard (0...65535).contains(port) else { throw CommandFailure.configuration("--port must be 0…65535, not \(port)") }
        let database = try await openDashboardDatabase(databaseURL)
        let sources = DashboardSources(ledgerPaths: telemetryFiles, database: database,
                                       catalog: try catalog.map { try makeDashboardCatalog($0) })
        let server = DashboardServer(sources: sources, renderer: try DashboardRenderer(), host: bind, port: port, token: token)
        let host = bind.contains(":") ? "[\(bind)]" : bind
        let service = server.service(logger: Logger(label: "ferry.serve")) { port in
            var lines = ["ferry serve: http://\(host):\(port)/"]
            lines += sources.ledgers.map { "  ledger \($0.name): \($0.follower.path)" }
            // Unbuffered: a script waiting for the address must see it at once.
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
        do {
            try await runUntilShutdownSignal([service], logger: Logger(label: "ferry.serve"))
        } catch {
            await database?.close()
            throw CommandFailure.configuration("cannot serve on \(bind):\(port): \(error)")
        }
        await database?.close()
    }
}

/// The database the dashboard reads, when one is named by the option or FERRY_DATABASE_URL; nil otherwise
/// (the dashboard then shows ledgers only, and never creates a database of its own).
func openDashboardDatabase(_ option: String?) async throws -> (any SQLDatabase)? {
    let named = option ?? ProcessInfo.processInfo.environment["FERRY_DATABASE_URL"]
    guard let named, !named.isEmpty else { return nil }
    var options = try DatabaseOptions.parse([])
    options.url = named
    return try await options.open()
}

/// The catalog `--catalog` names; an empty location is a configuration error.
func makeDashboardCatalog(_ location: String) throws -> any Catalog {
    do {
        return try makeCatalog(location, httpClient: .shared)
    } catch {
        throw CommandFailure.configuration("--catalog: \(error)")
    }
}
