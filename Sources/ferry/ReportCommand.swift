import ArgumentParser
import Catalog
import Dashboard
import DurableFiles
import Foundation
import SQLDatabase
import OffPool

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
        let file: DurableFile
        do {
            file = try DurableFile(destination: out)
        } catch {
            await database?.close()
            throw CommandFailure.configuration("cannot write \(out): \(error)")
        }
        let output = ReportOutput(descriptor: file.descriptor, path: out)
        do {
            try await DashboardReport.write(sources, renderer: try DashboardRenderer()) { try await output.append($0) }
            try await output.flush()
        } catch {
            file.discard()
            await database?.close()
            throw error
        }
        await database?.close()
        do {
            try file.commit()
        } catch {
            throw CommandFailure.configuration("cannot write \(out): \(error)")
        }
        print("report: \(out) (\(output.bytesWritten) bytes, \(sources.ledgers.count) ledger(s)\(database == nil ? "" : ", queue flows"))")
    }
}

/// The report's bytes on their way into its file: gathered into pieces of a few megabytes, each
/// written off the cooperative pool.
private final class ReportOutput {
    let descriptor: Int32
    let path: String
    private var pending: [UInt8] = []
    private(set) var bytesWritten = 0
    private static let pieceSize = 4 << 20

    init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    func append(_ html: String) async throws {
        pending.append(contentsOf: html.utf8)
        if pending.count >= Self.pieceSize { try await flush() }
    }

    func flush() async throws {
        let piece = pending
        pending.removeAll(keepingCapacity: true)
        let (descriptor, path) = (descriptor, path)
        try await OffPool.run {
            if let code = piece.withUnsafeBytes({ Descriptor.writeAll(descriptor, $0) }) {
                throw CommandFailure.configuration("cannot write \(path): \(Descriptor.reason(code))")
            }
        }
        bytesWritten += piece.count
    }
}
