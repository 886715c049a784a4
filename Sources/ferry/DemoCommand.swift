import ArgumentParser
import Foundation
import Logging
import ObjectStore
import Pipeline
import Telemetry
import UDL
import UDLSimulator
import UTCDate

/// `ferry demo`: the whole pipeline on the built-in simulator, with nothing to configure.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline on the built-in UDL simulator and show what it did.",
        discussion: """
            Starts the UDL simulator on a loopback port, downloads N days of REACH ALL records at \
            reduced density (ferry download), turns each day into an L1C CDF (ferry process) and \
            stores the CDFs in a local object store, all under --workdir:
              downloads/   day artifacts and the ledger (downloads/download_telemetry.csv)
              products/    the CDFs, under l1c/prelim/YYYY/MM/DD/
              store/       the object store the CDFs are uploaded to (same key layout)
              packaging/   raw files (raw/) and their tars (buffer/)
              staging/     files staged from a station simulator (staged/), their STAC catalog (catalog/)
              ferry.db     the work queue and the packaging and staging state (SQLite)
            Run it twice: the second run finds every day already done and does nothing. \
            It ends by printing the `ferry serve` command that shows all of it in a browser.
            """
    )

    @Option(help: "Directory for everything the demo writes.")
    var workdir = "./ferry-demo"

    @Option(help: "How many days to move, from 2025-09-01.")
    var days = 3

    @Option(help: "Fraction of the full 1,105,920 records a day the simulator serves.")
    var density = 0.05

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard (1...366).contains(days) else { throw ValidationError("--days must be between 1 and 366") }
        guard density > 0, density <= 1 else { throw ValidationError("--density must be in (0, 1]") }
    }

    func run() async throws {
        logging.bootstrap()
        let clock = ContinuousClock.now
        let root = URL(fileURLWithPath: workdir).standardizedFileURL.path
        let downloads = root + "/downloads", products = root + "/products", store = root + "/store"
        let first = UTCDay("2025-09-01")!, last = first.advanced(by: days - 1)
        let ledgerPath = downloads + "/download_telemetry.csv"

        var simulated = UDLSimulatorConfiguration()
        simulated.density = density
        simulated.duplicateFraction = 0.002
        simulated.missingSensorFraction = 0.002
        // The simulator serves the download step only, and is shut down before the process step.
        let downloaded = try await UDLSimulator.withRunning(simulated) { simulator in
            print("UDL simulator on \(simulator.baseURL); working in \(root)")

            // Download: the seed's pacing knobs, with a ceiling that suits a loopback simulator.
            var download = DownloadRunConfiguration(startDate: first, endDate: last, outputDirectory: downloads,
                                                    telemetryPath: ledgerPath)
            download.udlURL = simulator.baseURL
            download.initialRate = 25
            download.maxRate = 400
            var settings = UDLDownloadSettings(query: UDLQuery(baseURL: simulator.baseURL), outputDirectory: downloads)
            settings.maxConcurrentRequests = 8
            let controller = AIMDRateController(initialRate: download.initialRate, maxRate: download.maxRate)
            let display = DownloadProgressDisplay()
            let downloader = UDLDayDownloader(settings: settings, credential: UDLCredential(authorization: simulator.authorizationHeaderValue),
                                              controller: controller, logger: Logger(label: "ferry.download"),
                                              counter: UDLRequestCounter(), progress: { display.report($0) })
            return try await DownloadOrchestrator(configuration: download,
                                                  downloader: UDLDayDownloaderAdapter(downloader: downloader,
                                                                                      requestLog: RequestLog.beside(ledgerPath: ledgerPath))).run()
        }

        // Process and store.
        var process = ProcessRunConfiguration(startDate: first, endDate: last, inputDirectory: downloads,
                                              outputDirectory: products, telemetryPath: ledgerPath)
        process.uploadBucket = store
        let localStore = LocalDirectoryObjectStore(root: store)
        let processed = try await ProcessOrchestrator(configuration: process, processor: REACHDayProcessor(sensorID: "ALL", format: "csv"),
                                                      uploader: ObjectStoreUploader(store: localStore)).run()
        let elapsed = ContinuousClock.now - clock

        try printTable(ledger: Ledger(path: ledgerPath), days: Array(first...last), runs: [downloaded.runID, processed.runID])
        print(String(format: "%.1f s in all. Download: %d downloaded, %d already done, %d failed. Process: %d processed, %d stored, %d already done, %d failed.",
                     Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                     downloaded.daysDownloaded, downloaded.daysSkippedExisting, downloaded.daysFailed,
                     processed.daysProcessed, processed.daysUploaded, processed.daysSkippedComplete, processed.daysFailed))
        print("Ledger: \(ledgerPath)   CDFs: \(products)   Store: \(store)")

        let database = root + "/ferry.db"
        let packaging = try await DemoPackagingStep(root: root + "/packaging", databasePath: database).run()
        let staging = try await DemoStagingStep(root: root + "/staging", databasePath: database).run()
        print("")
        let sources = "--telemetry-file \(ledgerPath) --database sqlite:\(database) --catalog \(root)/staging/catalog"
        print("See it all in a browser: ferry serve \(sources)")
        print("or as one HTML file:     ferry report \(sources) --out \(root)/report.html")
        if !downloaded.allEndedWell || !processed.allEndedWell || packaging.failed > 0 || staging.failed > 0 {
            throw ExitCode(CommandFailure.someUnitFailedExitCode)
        }
    }

    /// One line per day from the ledger: what each phase holds, and whether this run did it.
    private func printTable(ledger: Ledger, days: [UTCDay], runs: [String]) throws {
        let state = try ledger.loadState()
        let header = ["day", "records", "availability", "artifact MB", "CDF", "CDF MB", "stored key", "this run"]
        var lines = [header]
        for day in days {
            let fetched = state.downloadPhase[day], made = state.processPhase[day]
            let didWork = [fetched?.runID, made?.runID].contains { $0 != nil && runs.contains($0!) }
            lines.append([
                day.description,
                fetched?.recordsDownloaded ?? "-",
                fetched.map { $0.availabilityPct.isEmpty ? "-" : $0.availabilityPct + " %" } ?? "-",
                fetched?.csvSizeMB ?? "-",
                made.map { ($0.cdfPath as NSString).lastPathComponent } ?? "-",
                made?.cdfSizeMB ?? "-",
                made?.s3Key ?? "-",
                didWork ? (made?.status ?? fetched?.status ?? "-") : "already done",
            ])
        }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        for (index, line) in lines.enumerated() {
            print(line.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
            if index == 0 { print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
    }
}
