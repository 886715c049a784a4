import ArgumentParser
import Catalog
import Dashboard
import DurableFiles
import Foundation
import SQLDatabase

/// `ferry report`: the dashboard as one self-contained HTML file.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the dashboard's pages as one self-contained HTML file (inline CSS and SVG), to archive or mail.",
        discussion: "The same pages as `ferry serve`, one section each, linked by anchors; every day of every ledger has its section.")

    @Option(name: .customLong("telemetry-file"), parsing: .upToNextOption,
            help: ArgumentHelp("Ledger(s) to report on.", valueName: "file"))
    var telemetryFiles: [String] = []

    @Option(help: ArgumentHelp("The STAC catalog staging publishes into: a directory (static catalog) or a STAC API's URL.",
                               valueName: "dir|url"))
    var catalog: String?

    @Option(name: .customLong("database"),
            help: ArgumentHelp("The packaging and staging database (default: $FERRY_DATABASE_URL; none: no queue pages).", valueName: "url"))
    var databaseURL: String?

    @Option(help: ArgumentHelp("The HTML file to write (replaced whole, atomically).", valueName: "file"))
    var out: String

    func run() async throws {
        let database = try await openDashboardDatabase(databaseURL)
        let sources = DashboardSources(ledgerPaths: telemetryFiles, database: database,
                                       catalog: try catalog.map { try makeDashboardCatalog($0) })
        let html: String
        do {
            html = try await DashboardReport.render(sources, renderer: try DashboardRenderer())
        } catch {
            await database?.close()
            throw error
        }
        await database?.close()
        do {
            let file = try DurableFile(destination: out)
            do {
                try file.write(Array(html.utf8))
                try file.commit()
            } catch {
                file.discard()
                throw error
            }
        } catch {
            throw CommandFailure.configuration("cannot write \(out): \(error)")
        }
        print("report: \(out) (\(html.utf8.count) bytes, \(sources.ledgers.count) ledger(s)\(database == nil ? "" : ", queue flows"))")
    }
}
