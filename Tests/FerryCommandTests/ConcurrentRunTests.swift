import FerryTestSupport
import Foundation
import Telemetry
import Testing
import UDLSimulator
import UTCDate

/// Several `ferry` processes sharing one output directory and ledger, and runs killed with SIGKILL
/// at random moments: whatever happens, a rerun ends with the same files as one uninterrupted run,
/// no day is worked on twice at once, and nothing temporary is left behind.
@Suite(.serialized) struct ConcurrentRunTests {
    let ferry = BuiltProducts.path("ferry")
    let directory: TemporaryDirectory
    static let days = ["2025-09-01", "2025-09-02", "2025-09-03"]

    init() throws { directory = try TemporaryDirectory() }

    /// Runs `body` with a simulator that is shut down when it returns or throws.
    static func withSimulator<T>(density: Double = 0.01, _ body: (UDLSimulator) async throws -> T) async throws -> T {
        var configuration = UDLSimulatorConfiguration()
        configuration.density = density
        configuration.duplicateFraction = 0.01
        return try await UDLSimulator.withRunning(configuration, body)
    }

    func environment(_ simulator: UDLSimulator) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": directory.url.path, "BASICAUTH": simulator.authorizationHeaderValue]
    }

    /// `ferry download` of the four days; `rate` paces it so a day stays in flight for about a second.
    func downloadArguments(_ simulator: UDLSimulator, output: String, rate: Int = 1000) -> [String] {
        ["download", "--start-date", Self.days.first!, "--end-date", Self.days.last!, "--output-dir", output,
         "--udl-url", simulator.baseURL, "--window-seconds", "7200",
         "--initial-rate", "\(rate)", "--min-rate", "\(min(rate, 5))", "--max-rate", "\(rate)"]
    }

    func processArguments(input: String, output: String) -> [String] {
        ["process", "--start-date", Self.days.first!, "--end-date", Self.days.last!, "--input-dir", input, "--output-dir", output]
    }

    func start(_ arguments: [String], _ environment: [String: String], name: String) throws -> ChildProcess {
        try ChildProcess(ferry, arguments, environment: environment, outputPrefix: directory.path(name))
    }

    func run(_ arguments: [String], _ environment: [String: String]) async throws -> ProcessOutput {
        try await ProcessOutput.run(ferry, arguments, environment: environment)
    }

    static func artifactName(_ day: String) -> String {
        let utc = UTCDay(day)!
        return "REACH-ALL_\(utc.compact)T000000_\(utc.advanced(by: 1).compact)T000000.csv"
    }

    /// Every day's artifact in `output` is byte for byte the one in `reference`.
    func expectSameArtifacts(_ output: String, as reference: String, _ context: String) {
        for day in Self.days {
            let name = Self.artifactName(day)
            let ours = FileManager.default.contents(atPath: output + "/" + name)
            #expect(ours != nil && ours == FileManager.default.contents(atPath: reference + "/" + name), "\(name) (\(context))")
        }
    }

    /// Names under `root` that a writer left behind: temporaries (`.….tmp`) and spools (`.….spool`).
    func leftovers(under root: String) -> [String] {
        let all = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
        return all.filter { path in
            let name = (path as NSString).lastPathComponent
            return name.hasPrefix(".") && (name.hasSuffix(".tmp") || name.hasSuffix(".spool") || name.hasSuffix(".partial"))
        }
    }

    /// How many rows of `status` each day has in the ledger.
    func count(_ status: LedgerStatus, ledger: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Ledger(path: ledger).rows() where row.status == status.rawValue { counts[row.chunkDateUTC, default: 0] += 1 }
        return counts
    }

    /// Waits until the ledger shows that a run has started on a day (a pending row).
    func waitForPendingRow(_ ledger: String, _ status: LedgerStatus) async throws {
        let started = try await ChildProcess.eventually {
            (try? Ledger(path: ledger).rows().contains { $0.status == status.rawValue }) ?? false
        }
        #expect(started, "a run began a day")
    }

    @Test func twoDownloadsOnOneOutputDirectoryDownloadEachDayOnce() async throws {
        try await Self.withSimulator { simulator in
            let env = environment(simulator)
            let reference = directory.path("reference")
            let clean = try await run(downloadArguments(simulator, output: reference), env)
            #expect(clean.status == 0, "\(clean.stderrText)")

            let output = directory.path("shared"), ledger = output + "/download_telemetry.csv"
            let requestsBefore = simulator.stats.requests
            // The first run is slow enough (3 days × 12 windows at 4 requests/s: about 9 s) that the
            // second, however late a loaded machine starts it, meets a day the first holds.
            let first = try start(downloadArguments(simulator, output: output, rate: 4), env, name: "first")
            try await waitForPendingRow(ledger, .downloadPending)
            let second = try start(downloadArguments(simulator, output: output, rate: 20), env, name: "second")
            let statuses = [await first.wait(), await second.wait()]
            // A run that left days to the other says so and exits 1; one that did all its days exits 0.
            for (status, child) in zip(statuses, [first, second]) {
                #expect(status == 0 || (status == 1 && child.stdoutText.contains("left to another run")),
                        "exit \(status): \(child.stdoutText) \(child.stderrText)")
            }
            #expect(second.stderrText.contains("busy"), "the second run met a day the first held")
            #expect(try count(.downloaded, ledger: ledger) == Dictionary(uniqueKeysWithValues: Self.days.map { ($0, 1) }),
                    "every day downloaded exactly once")
            #expect(try count(.failed, ledger: ledger).isEmpty)
            expectSameArtifacts(output, as: reference, "two concurrent runs")
            #expect(leftovers(under: output).isEmpty, "\(leftovers(under: output))")
            // Both processes appended to the request log beside the ledger: one whole row per day
            // attempt, and together every request the simulator answered.
            let requestLog = try String(contentsOfFile: output + "/download_requests.csv", encoding: .utf8)
                .split(whereSeparator: \.isNewline).dropFirst()
            #expect(requestLog.count == Self.days.count && requestLog.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 10 })
            #expect(try RequestLogFollower(path: output + "/download_requests.csv").refresh().total.requests
                    == simulator.stats.requests - requestsBefore)

            let again = try await run(downloadArguments(simulator, output: output), env)
            #expect(again.status == 0 && again.stdoutText.contains("\(Self.days.count) already downloaded"), "\(again.stdoutText)")
        }
    }

    @Test func runsThatWaitForBusyDaysBothEndWell() async throws {
        try await Self.withSimulator { simulator in
            let env = environment(simulator)
            let output = directory.path("shared"), ledger = output + "/download_telemetry.csv"
            let first = try start(downloadArguments(simulator, output: output, rate: 20) + ["--wait"], env, name: "first")
            try await waitForPendingRow(ledger, .downloadPending)
            let second = try start(downloadArguments(simulator, output: output, rate: 20) + ["--wait"], env, name: "second")
            #expect(await first.wait() == 0, "\(first.stderrText)")
            #expect(await second.wait() == 0, "\(second.stderrText)")
            #expect(try count(.downloaded, ledger: ledger).values.allSatisfy { $0 == 1 })
            #expect(try count(.downloaded, ledger: ledger).count == Self.days.count)
        }
    }

    @Test func downloadsKilledAtRandomMomentsEndLikeAnUninterruptedRun() async throws {
        var random = SeededGenerator(seed: 20_261_204)
        try await Self.withSimulator { simulator in
            let env = environment(simulator)
            let reference = directory.path("reference")
            #expect(try await run(downloadArguments(simulator, output: reference), env).status == 0)
            for trial in 0..<3 {
                // Two runs at once; one of them is killed at a random moment, then a third run finishes the range.
                let output = directory.path("trial-\(trial)")
                let pair = try (0..<2).map { index in
                    try start(downloadArguments(simulator, output: output, rate: 25) + ["--wait"], env, name: "t\(trial)-\(index)")
                }
                let victim = pair[Int.random(in: 0...1, using: &random)]
                try await Task.sleep(for: .milliseconds(Int.random(in: 100...1500, using: &random)))
                victim.kill()
                for child in pair { _ = await child.wait() }
                let rerun = try await run(downloadArguments(simulator, output: output), env)
                #expect(rerun.status == 0, "trial \(trial): \(rerun.stdoutText) \(rerun.stderrText)")
                expectSameArtifacts(output, as: reference, "trial \(trial)")
                #expect(leftovers(under: output).isEmpty, "trial \(trial): \(leftovers(under: output))")
                let downloaded = try count(.downloaded, ledger: output + "/download_telemetry.csv")
                // A day is downloaded once: a killed attempt leaves no DOWNLOADED row, and a finished one is never redone.
                #expect(downloaded == Dictionary(uniqueKeysWithValues: Self.days.map { ($0, 1) }), "trial \(trial): \(downloaded)")
            }
        }
    }

    @Test func aDownloadRemovesWhatAKilledRunLeftForTheDaysItLocks() async throws {
        try await Self.withSimulator { simulator in
            let output = directory.path("out")
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            // Left by a run whose process (4194399 is above any pid_max) is gone.
            let dead = ".4194399.q1.tmp", name = Self.artifactName("2025-09-01")
            let partial = output + "/." + name + dead
            try Data(count: 4096).write(to: URL(fileURLWithPath: partial))
            let spool = output + "/." + name + ".4194399.q2.spool"
            try FileManager.default.createDirectory(atPath: spool, withIntermediateDirectories: true)
            try Data("[]".utf8).write(to: URL(fileURLWithPath: spool + "/window.json"))
            let outside = output + "/." + Self.artifactName("2025-10-01") + dead
            try Data(count: 10).write(to: URL(fileURLWithPath: outside))

            let result = try await run(downloadArguments(simulator, output: output), environment(simulator))
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(!FileManager.default.fileExists(atPath: partial) && !FileManager.default.fileExists(atPath: spool))
            #expect(result.stderrText.contains("removed what a killed run left"))
            #expect(FileManager.default.fileExists(atPath: outside), "days outside the run are not touched")
        }
    }

    /// Whether two CDFs of the same day are the same but for when they were written: equal sizes,
    /// and every differing byte inside one 24-byte span (the `Generation_date` text).
    func sameButForGenerationDate(_ path: String, _ reference: String) throws -> Bool {
        let ours = try Data(contentsOf: URL(fileURLWithPath: path)), theirs = try Data(contentsOf: URL(fileURLWithPath: reference))
        guard ours.count == theirs.count else { return false }
        let differing = zip(ours, theirs).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        guard let firstDiff = differing.first, let lastDiff = differing.last else { return true }
        return lastDiff - firstDiff < 24
    }

    func cdfPaths(under root: String) -> [String] {
        ((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? [])
            .filter { $0.hasSuffix(".cdf") && !($0 as NSString).lastPathComponent.hasPrefix(".") }.sorted()
    }

    @Test func processRunsConcurrentAndKilledEndLikeAnUninterruptedRun() async throws {
        var random = SeededGenerator(seed: 4_122_026)
        try await Self.withSimulator(density: 0.02) { simulator in
            let env = environment(simulator)
            let input = directory.path("in")
            #expect(try await run(downloadArguments(simulator, output: input), env).status == 0)
            let reference = directory.path("reference")
            let clean = try await run(processArguments(input: input, output: reference)
                                      + ["--telemetry-file", directory.path("reference.csv")], env)
            #expect(clean.status == 0, "\(clean.stderrText)")
            let expected = cdfPaths(under: reference)
            #expect(expected.count == Self.days.count)

            for trial in 0..<2 {
                let output = directory.path("trial-\(trial)"), ledger = directory.path("trial-\(trial).csv")
                let arguments = processArguments(input: input, output: output) + ["--telemetry-file", ledger]
                let pair = try (0..<2).map { try start(arguments + ["--wait"], env, name: "p\(trial)-\($0)") }
                try await waitForPendingRow(ledger, .processPending)
                let victim = pair[Int.random(in: 0...1, using: &random)]
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...800, using: &random)))
                victim.kill()
                for child in pair { _ = await child.wait() }
                let rerun = try await run(arguments, env)
                #expect(rerun.status == 0, "trial \(trial): \(rerun.stdoutText) \(rerun.stderrText)")
                #expect(cdfPaths(under: output) == expected, "trial \(trial)")
                for path in expected {
                    #expect(try sameButForGenerationDate(output + "/" + path, reference + "/" + path), "trial \(trial): \(path)")
                }
                #expect(leftovers(under: output).isEmpty, "trial \(trial): \(leftovers(under: output))")
                let processed = try count(.processed, ledger: ledger)
                #expect(processed == Dictionary(uniqueKeysWithValues: Self.days.map { ($0, 1) }), "trial \(trial): \(processed)")
            }
        }
    }

    @Test func aProcessRunRemovesACDFTemporaryAKilledRunLeft() async throws {
        try await Self.withSimulator { simulator in
            let env = environment(simulator)
            let input = directory.path("in"), output = directory.path("out")
            #expect(try await run(downloadArguments(simulator, output: input), env).status == 0)
            let folder = output + "/l1c/prelim/2025/09/02"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let stale = folder + "/.reach_all_l1c_prelim_20250902T000000_v1.0.0.cdf.4194399.x7.tmp"
            try Data(count: 32_768).write(to: URL(fileURLWithPath: stale))
            let result = try await run(processArguments(input: input, output: output), env)
            #expect(result.status == 0, "\(result.stderrText)")
            #expect(!FileManager.default.fileExists(atPath: stale), "the next run that locks the day removes it")
            #expect(cdfPaths(under: output).count == Self.days.count)
        }
    }
}
