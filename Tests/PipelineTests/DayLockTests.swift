import DurableFiles
import FerryTestSupport
import Foundation
import Telemetry
import Testing
import UTCDate
@testable import Pipeline

/// How a run treats a day whose lock another holder has: it leaves it (busy), or with `--wait`
/// waits and decides again from the ledger. The same paths run with real processes in
/// FerryCommandTests/ConcurrentRunTests.
@Suite struct DayLockTests {
    let directory: TemporaryDirectory
    let first = UTCDay("2025-09-01")!
    var output: String { directory.path("out") }
    var ledgerPath: String { output + "/download_telemetry.csv" }

    init() throws { directory = try TemporaryDirectory() }

    func configuration(wait: Bool = false) -> DownloadRunConfiguration {
        var configuration = DownloadRunConfiguration(startDate: first, endDate: first.advanced(by: 2), outputDirectory: output,
                                                     telemetryPath: ledgerPath)
        configuration.waitForBusyDays = wait
        return configuration
    }

    @Test func locksLiveBesideTheLedgerOnePerDayAndPhase() {
        let locks = DayLocks(ledgerPath: "/data/run/download_telemetry.csv")
        #expect(locks.path(day: first, phase: .download) == "/data/run/.download_telemetry.csv.locks/download-2025-09-01.lock")
        #expect(locks.path(day: first, phase: .process) == "/data/run/.download_telemetry.csv.locks/process-2025-09-01.lock")
        #expect(DayLocks(ledgerPath: "ledger.csv").directory == "./.ledger.csv.locks")
    }

    @Test func aDayHeldElsewhereIsLeftBusyAndTheOthersAreDone() async throws {
        let held = try #require(try FileLock.tryAcquire(DayLocks(ledgerPath: ledgerPath).path(day: first.advanced(by: 1), phase: .download)))
        let downloader = FakeDayDownloader(directory: output)
        let summary = try await DownloadOrchestrator(configuration: configuration(), downloader: downloader).run()
        #expect(downloader.calls.all == [first, first.advanced(by: 2)])
        #expect(summary.daysBusy == 1 && summary.daysDownloaded == 2 && !summary.allEndedWell)
        #expect(summary.daysPlanned == summary.daysDownloaded + summary.daysSkippedExisting + summary.daysSkippedNoData
                + summary.daysFailed + summary.daysBusy)
        #expect(try Ledger(path: ledgerPath).rows().allSatisfy { $0.chunkDateUTC != "2025-09-02" }, "no row for the busy day")
        held.release()
    }

    @Test func aWaitingRunDecidesAgainOnceTheHolderIsDone() async throws {
        // Another "run" holds day 2, downloads it, records it, then lets go: the waiting run planned
        // day 2 as work before that, and must now see the DOWNLOADED row and not download it again.
        let busy = first.advanced(by: 1)
        let lock = try #require(try FileLock.tryAcquire(DayLocks(ledgerPath: ledgerPath).path(day: busy, phase: .download)))
        let downloader = FakeDayDownloader(directory: output)
        let waiting = Task { try await DownloadOrchestrator(configuration: configuration(wait: true), downloader: downloader).run() }
        // Day 1 being downloaded means the plan (made before any day) counted day 2 as work.
        #expect(try await ChildProcess.eventually { downloader.calls.all.contains(first) })
        guard case let .downloaded(path, records, _) = try await FakeDayDownloader(directory: output).download(day: busy) else {
            Issue.record("no artifact")
            return
        }
        var row = LedgerRow()
        row.chunkDateUTC = busy.description
        row.status = LedgerStatus.downloaded.rawValue
        row.startedAtUTC = LedgerTimestamp.now()
        row.recordsDownloaded = "\(records)"
        row.csvPath = path
        try Ledger(path: ledgerPath).append(row)
        lock.release()
        let summary = try await waiting.value
        #expect(downloader.calls.all == [first, first.advanced(by: 2)], "the day the other run finished is not downloaded again")
        #expect(summary.daysSkippedExisting == 1 && summary.daysDownloaded == 2 && summary.allEndedWell)
    }
}
