import FerryErrors
import Foundation
import FerryTestSupport
import Synchronization
import Telemetry
import Testing
import UTCDate
@testable import Pipeline

/// A downloader that writes a small artifact per day, and can be told a day is empty or broken.
/// The same paths run against the real UDL client in FerryCommandTests/DownloadCommandTests.
struct FakeDayDownloader: DayDownloader {
    let directory: String
    var emptyDays: Set<UTCDay> = []
    var failingDays: Set<UTCDay> = []
    /// What a failing day throws.
    var failure = FerryError(code: .httpStatus, message: "UDL answered 503, \"twice\"")
    let calls = Calls()
    var expectedRecordsPerDay: Int { 1_105_920 }

    func removeStaleTemporaries(day: UTCDay) -> [String] { [] }

    func download(day: UTCDay) async throws -> DayDownloadOutcome {
        calls.add(day)
        if failingDays.contains(day) { throw failure }
        if emptyDays.contains(day) { return .noData }
        let path = "\(directory)/REACH-ALL_\(day.compact)T000000_\(day.advanced(by: 1).compact)T000000.csv"
        let text = "id\n" + (0..<100).map { "\($0)" }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return .downloaded(path: path, records: 552_96, bytes: Int64(text.utf8.count))
    }
}

@Suite struct DownloadOrchestratorTests {
    let directory: TemporaryDirectory
    let first = UTCDay("2025-09-01")!
    var output: String { directory.path("out") }

    init() throws {
        directory = try TemporaryDirectory()
    }

    func configuration(days: Int = 4) -> DownloadRunConfiguration {
        DownloadRunConfiguration(startDate: first, endDate: first.advanced(by: days - 1), outputDirectory: output,
                                 telemetryPath: output + "/download_telemetry.csv")
    }

    func rows(_ configuration: DownloadRunConfiguration) throws -> [LedgerRow] {
        var rows: [LedgerRow] = []
        let state = try Ledger(path: configuration.telemetryPath).loadState()
        for day in state.latest.keys.sorted() { rows.append(state.latest[day]!) }
        return rows
    }

    @Test func everyOutcomeIsRecordedAndTheRangeNeverAborts() async throws {
        let config = configuration()
        let downloader = FakeDayDownloader(directory: output, emptyDays: [first.advanced(by: 1)], failingDays: [first.advanced(by: 2)])
        let summary = try await DownloadOrchestrator(configuration: config, downloader: downloader).run()
        #expect(downloader.calls.all == [first, first.advanced(by: 1), first.advanced(by: 2), first.advanced(by: 3)])
        #expect(summary.daysPlanned == 4 && summary.daysAttempted == 4 && summary.daysDownloaded == 2
                && summary.daysSkippedNoData == 1 && summary.daysFailed == 1 && !summary.allEndedWell)
        #expect(summary.daysPlanned == summary.daysDownloaded + summary.daysSkippedExisting + summary.daysSkippedNoData + summary.daysFailed)
        let latest = try rows(config)
        #expect(latest.map(\.status) == ["DOWNLOADED", "SKIPPED_NO_DATA", "FAILED", "DOWNLOADED"])
        let downloaded = latest[0]
        #expect(downloaded.recordsDownloaded == "55296" && downloaded.expectedRecords == "1105920")
        #expect(downloaded.availabilityPct == "5.0000" && downloaded.csvPath.hasSuffix("REACH-ALL_20250901T000000_20250902T000000.csv"))
        #expect(Double(downloaded.downloadSeconds) != nil && Double(downloaded.csvSizeMB) != nil && !downloaded.finishedAtUTC.isEmpty)
        #expect(latest[2].errorType == "HTTPError" && latest[2].errorMessage == "UDL answered 503, \"twice\"")
        // Every attempt starts with DOWNLOAD_PENDING under one run id (a UUID4).
        let all = try String(contentsOfFile: config.telemetryPath, encoding: .utf8)
        #expect(all.components(separatedBy: "DOWNLOAD_PENDING").count - 1 == 4)
        #expect(UUID(uuidString: summary.runID) != nil && summary.runID.dropFirst(14).first == "4")
        #expect(Set(latest.map(\.runID)) == [summary.runID])
    }

    @Test func aRefusedCredentialStopsTheRunAtTheDayItFailed() async throws {
        let config = configuration()
        var downloader = FakeDayDownloader(directory: output, failingDays: [first.advanced(by: 1)])
        downloader.failure = FerryError(code: .authentication, message: "the UDL refused the credential (401 Unauthorized)")
        let summary = try await DownloadOrchestrator(configuration: config, downloader: downloader).run()
        #expect(downloader.calls.all == [first, first.advanced(by: 1)], "no day after the refused one is attempted")
        #expect(summary.stoppedBy?.code == .authentication && summary.daysFailed == 1 && summary.daysDownloaded == 1)
        let latest = try rows(config)
        #expect(latest.map(\.status) == ["DOWNLOADED", "FAILED"])
        #expect(latest[1].errorType == "AuthError" && latest[1].chunkDateUTC == "2025-09-02")
    }

    @Test func anUncodedErrorIsRecordedAsUnclassifiedAndTheRangeGoesOn() async throws {
        struct Foreign: Error, CustomStringConvertible { var description: String { "a library failed" } }
        let config = configuration(days: 2)
        let summary = try await DownloadOrchestrator(configuration: config, downloader: ThrowingDownloader(error: Foreign())).run()
        #expect(summary.daysFailed == 2 && summary.stoppedBy == nil)
        #expect(try rows(config).map(\.errorType) == ["UnclassifiedError", "UnclassifiedError"])
        #expect(try rows(config).allSatisfy { $0.errorMessage == "a library failed" })
    }

    @Test func aRerunSkipsWhatIsDoneAndRetriesFailuresOnlyWhenAsked() async throws {
        var config = configuration()
        let failing = FakeDayDownloader(directory: output, emptyDays: [first.advanced(by: 1)], failingDays: [first.advanced(by: 2)])
        _ = try await DownloadOrchestrator(configuration: config, downloader: failing).run()

        let again = FakeDayDownloader(directory: output)
        let rerun = try await DownloadOrchestrator(configuration: config, downloader: again).run()
        #expect(again.calls.all.isEmpty)
        #expect(rerun.daysSkippedExisting == 2 && rerun.daysSkippedNoData == 1 && rerun.daysFailed == 1 && rerun.daysAttempted == 0)

        config.retryFailed = true
        let retried = FakeDayDownloader(directory: output)
        let summary = try await DownloadOrchestrator(configuration: config, downloader: retried).run()
        #expect(retried.calls.all == [first.advanced(by: 2)] && summary.allEndedWell)

        // An artifact deleted by hand is downloaded again without --retry-failed.
        try FileManager.default.removeItem(atPath: try rows(config)[3].csvPath)
        config.retryFailed = false
        let refetch = FakeDayDownloader(directory: output)
        _ = try await DownloadOrchestrator(configuration: config, downloader: refetch).run()
        #expect(refetch.calls.all == [first.advanced(by: 3)])
    }

    @Test func anInterruptedDayIsDownloadedAgain() async throws {
        let config = configuration(days: 1)
        var row = LedgerRow()
        row.runID = "earlier"
        row.chunkDateUTC = first.description
        row.status = LedgerStatus.downloadPending.rawValue
        row.startedAtUTC = "2025-01-01T00:00:00.000000+00:00"
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try Ledger(path: config.telemetryPath).append(row)
        let downloader = FakeDayDownloader(directory: output)
        _ = try await DownloadOrchestrator(configuration: config, downloader: downloader).run()
        #expect(downloader.calls.all == [first])
    }

    @Test func limitDaysCountsFromTheFirstDayNotDone() async throws {
        var config = configuration(days: 6)
        config.limitDays = 2
        let firstRun = FakeDayDownloader(directory: output)
        _ = try await DownloadOrchestrator(configuration: config, downloader: firstRun).run()
        #expect(firstRun.calls.all == [first, first.advanced(by: 1)])
        let secondRun = FakeDayDownloader(directory: output)
        let summary = try await DownloadOrchestrator(configuration: config, downloader: secondRun).run()
        #expect(secondRun.calls.all == [first.advanced(by: 2), first.advanced(by: 3)])
        #expect(summary.daysPlanned == 4 && summary.daysSkippedExisting == 2)
    }

    @Test func dryRunCallsNothingAndWritesNothing() async throws {
        var config = configuration()
        config.dryRun = true
        let downloader = FakeDayDownloader(directory: output)
        let summary = try await DownloadOrchestrator(configuration: config, downloader: downloader).run()
        #expect(downloader.calls.all.isEmpty && summary.daysPlanned == 4)
        #expect(!FileManager.default.fileExists(atPath: config.telemetryPath))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func processRowsDoNotCountAsDownloads() async throws {
        let config = configuration(days: 1)
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        var row = LedgerRow()
        row.runID = "process-run"
        row.chunkDateUTC = first.description
        row.status = LedgerStatus.processed.rawValue
        row.cdfPath = "/somewhere.cdf"
        row.startedAtUTC = "2030-01-01T00:00:00.000000+00:00"
        try Ledger(path: config.telemetryPath).append(row)
        let downloader = FakeDayDownloader(directory: output)
        _ = try await DownloadOrchestrator(configuration: config, downloader: downloader).run()
        #expect(downloader.calls.all == [first])
    }
}

/// A downloader that fails every day with one error.
struct ThrowingDownloader: DayDownloader {
    let error: any Error & Sendable
    var expectedRecordsPerDay: Int { 1 }

    func download(day: UTCDay) async throws -> DayDownloadOutcome { throw error }

    func removeStaleTemporaries(day: UTCDay) -> [String] { [] }
}
