import Foundation
import FerryTestSupport
import Telemetry
import Testing
import UDLSimulator
import UTCDate

/// `ferry download` end to end against the UDL simulator over loopback: the ledger, resumability,
/// kill-and-rerun, dry runs, credentials.
@Suite struct DownloadCommandTests {
    let ferry = BuiltProducts.path("ferry")
    let directory: TemporaryDirectory
    var output: String { directory.path("out") }
    var ledger: Ledger { Ledger(path: output + "/download_telemetry.csv") }

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// The simulator every test here runs (through `UDLSimulator.withRunning`).
    static func simulatorConfiguration() -> UDLSimulatorConfiguration {
        var configuration = UDLSimulatorConfiguration()
        configuration.density = 0.01
        configuration.duplicateFraction = 0.01
        return configuration
    }

    func environment(_ simulator: UDLSimulator?, authorization: String? = nil) -> [String: String] {
        var environment = ["PATH": "/usr/bin:/bin", "HOME": directory.url.path]
        if let value = authorization ?? simulator?.authorizationHeaderValue { environment["BASICAUTH"] = value }
        return environment
    }

    func arguments(_ simulator: UDLSimulator?, output: String, end: String = "2025-09-02", fast: Bool = true) -> [String] {
        ["download", "--start-date", "2025-09-01", "--end-date", end, "--output-dir", output,
         "--udl-url", simulator?.baseURL ?? "http://127.0.0.1:9"]
            + (fast ? ["--initial-rate", "200", "--max-rate", "1000", "--window-seconds", "3600"] : [])
    }

    func download(_ simulator: UDLSimulator?, extra: [String] = [], authorization: String? = nil,
                  output: String? = nil) async throws -> ProcessOutput {
        try await ProcessOutput.run(ferry, arguments(simulator, output: output ?? self.output) + extra,
                                    environment: environment(simulator, authorization: authorization))
    }

    func latest() throws -> [String: LedgerRow] {
        Dictionary(uniqueKeysWithValues: try ledger.loadState().downloadPhase.map { ($0.key.description, $0.value) })
    }

    @Test func aRangeIsDownloadedThenARerunMakesNoRequest() async throws {
        try await UDLSimulator.withRunning(Self.simulatorConfiguration()) { simulator in
            let first = try await download(simulator)
            #expect(first.status == 0, "\(first.stderrText)")
            #expect(first.stdoutText.contains("2 downloaded"))
            let rows = try latest()
            #expect(rows["2025-09-01"]?.status == "DOWNLOADED" && rows["2025-09-02"]?.status == "DOWNLOADED")
            let path = try #require(rows["2025-09-01"]?.csvPath)
            #expect(path == output + "/REACH-ALL_20250901T000000_20250902T000000.csv" && FileManager.default.fileExists(atPath: path))
            let requests = simulator.stats.requests
            let again = try await download(simulator)
            #expect(again.status == 0 && again.stdoutText.contains("2 already downloaded"))
            #expect(simulator.stats.requests == requests, "a finished range makes no request")
            #expect(!(try String(contentsOfFile: ledger.path, encoding: .utf8)).contains(simulator.configuration.password))
        }
    }

    @Test func dryRunMakesNoRequestAndWritesNothing() async throws {
        try await UDLSimulator.withRunning(Self.simulatorConfiguration()) { simulator in
            let result = try await download(simulator, extra: ["--dry-run"])
            #expect(result.status == 0)
            #expect(result.stdoutText.contains("2025-09-01  download") && result.stdoutText.contains("2025-09-02  download"))
            #expect(simulator.stats.requests == 0)
            #expect(!FileManager.default.fileExists(atPath: output))
        }
    }

    @Test func noCredentialIsAConfigurationErrorBeforeAnyWork() async throws {
        let result = try await ProcessOutput.run(ferry, arguments(nil, output: output), environment: environment(nil))
        #expect(result.status == 2)
        #expect(result.stderrText.contains("BASICAUTH") && result.stderrText.contains("SECRET_ARN_UDL"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aRefusedCredentialFailsTheDaysWithAnAuthError() async throws {
        try await UDLSimulator.withRunning(Self.simulatorConfiguration()) { simulator in
            let wrong = "Basic bm9ib2R5Om5vdC10aGUtcGFzc3dvcmQ="
            let result = try await download(simulator, authorization: wrong)
            #expect(result.status == 2, "\(result.stderrText)")
            let rows = try latest()
            #expect(rows["2025-09-01"]?.status == "FAILED" && rows["2025-09-01"]?.errorType == "AuthError")
            #expect(rows["2025-09-02"] == nil, "the run stops at the refused credential: no further day is attempted")
            let everything = try String(contentsOfFile: ledger.path, encoding: .utf8) + result.stderrText + result.stdoutText
            #expect(!everything.contains("bm9ib2R5Om5vdC10aGUtcGFzc3dvcmQ="))
        }
    }

    @Test func aRunKilledMidDayEndsLikeAnUninterruptedOne() async throws {
        try await UDLSimulator.withRunning(Self.simulatorConfiguration()) { simulator in
            // The reference: one uninterrupted run.
            let reference = directory.path("reference")
            let clean = try await download(simulator, output: reference)
            #expect(clean.status == 0, "\(clean.stderrText)")

            // The run to kill meets an archive with the same records that answers 20 windows of the
            // first day's 288 and then stalls: it stays mid-day until killed, so the kill lands there
            // however late this test gets to look (polling a live run raced it under a loaded CI).
            var stalling = Self.simulatorConfiguration()
            stalling.stallAfterAnswers = 20
            try await UDLSimulator.withRunning(stalling) { stalled in
                let process = try ChildProcess(ferry, arguments(stalled, output: output, fast: false),
                                               environment: environment(stalled), outputPrefix: directory.path("killed"))
                // The run's spool is `.<artifact>.<pid>.<random>.spool`: wait until the 20 windows are in
                // it and the run is waiting on the stalled archive for more.
                func spooledWindows() -> Int {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
                    guard let spool = names.first(where: { $0.hasPrefix(".REACH-ALL_20250901T000000_20250902T000000.csv.") && $0.hasSuffix(".spool") })
                    else { return 0 }
                    return (try? FileManager.default.contentsOfDirectory(atPath: output + "/" + spool))?.count ?? 0
                }
                #expect(try await ChildProcess.eventually(timeout: .seconds(120)) {
                    spooledWindows() >= 20 && stalled.stats.count("held") > 0
                }, "\(process.stderrText)")
                process.kill()
                _ = await process.wait()
            }
            #expect(try latest()["2025-09-01"]?.status == "DOWNLOAD_PENDING", "killed mid-day")

            let requestsBefore = simulator.stats.requests
            let rerun = try await download(simulator)
            #expect(rerun.status == 0, "\(rerun.stderrText)")
            // The killed attempt never ended, so it left no request-log row; the rerun's two days did.
            let requestLog = try RequestLogFollower(path: output + "/download_requests.csv").refresh()
            #expect(try String(contentsOfFile: output + "/download_requests.csv", encoding: .utf8).split(whereSeparator: \.isNewline).count == 3)
            #expect(requestLog.total.requests == simulator.stats.requests - requestsBefore)
            let rows = try latest()
            for day in ["2025-09-01", "2025-09-02"] {
                #expect(rows[day]?.status == "DOWNLOADED")
                let compact = day.replacingOccurrences(of: "-", with: "")
                let next = UTCDay(day)!.advanced(by: 1).compact
                let name = "REACH-ALL_\(compact)T000000_\(next)T000000.csv"
                #expect(FileManager.default.contents(atPath: output + "/" + name) == FileManager.default.contents(atPath: reference + "/" + name),
                        "\(name) equals the uninterrupted run's")
            }
            // Only the ledger's lock folder may be hidden there; no spool or partial artifact remains.
            let hidden = try FileManager.default.contentsOfDirectory(atPath: output)
                .filter { $0.hasPrefix(".") && $0 != ".download_telemetry.csv.locks" }
            #expect(hidden.isEmpty, "stray temporary files: \(hidden)")
        }
    }
}
