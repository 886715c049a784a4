import FerryErrors
import Foundation
import Testing
import FerryTestSupport
import Synchronization
import Telemetry
import UTCDate
@testable import Pipeline

/// A processor that writes a small file per day, and can be told to fail.
struct FileWritingProcessor: DayProcessor {
    let failingDays: Set<UTCDay>
    let calls = Calls()

    func input(for day: UTCDay, in inputDirectory: String) -> String? {
        let prefix = "REACH-ALL_\(day.compact)T000000_"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: inputDirectory)) ?? []
        return names.filter { $0.hasPrefix(prefix) && $0.hasSuffix(".csv") }.max().map { inputDirectory + "/" + $0 }
    }

    func inputPattern(for day: UTCDay) -> String { "REACH-ALL_\(day.compact)T000000_*.csv" }

    func removeStaleTemporaries(day: UTCDay, outputDirectory: String) -> [String] { [] }

    func process(day: UTCDay, input: String, outputDirectory: String) async throws -> String {
        calls.add(day)
        struct Broken: Error, CustomStringConvertible { var description: String { "input unreadable, line 3" } }
        if failingDays.contains(day) { throw Broken() }
        let path = outputDirectory + "/reach_\(day.compact).cdf"
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        try Data("cdf of \(day) from \(input)".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

struct RecordingUploader: ProductUploader {
    let failing: Bool
    /// What a failing upload throws.
    var failure = FerryError(code: .objectStore, message: "bucket b key k: PUT failed with 500 InternalError")
    let calls = Calls()

    func upload(file: String, day: UTCDay) async throws -> UploadReceipt {
        calls.add(day)
        if failing { throw failure }
        return UploadReceipt(bucket: "b", key: "l1c/prelim/\(day.year)/\(file.split(separator: "/").last!)")
    }
}

final class Calls: Sendable {
    private let days = Mutex<[UTCDay]>([])
    func add(_ day: UTCDay) { days.withLock { $0.append(day) } }
    var all: [UTCDay] { days.withLock { $0 } }
}


@Suite struct ProcessOrchestratorTests {
    let directory: TemporaryDirectory
    let first = UTCDay("2025-09-01")!
    var input: String { directory.path("in") }
    var output: String { directory.path("out") }

    init() throws {
        directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("in"), withIntermediateDirectories: true)
    }

    func artifact(_ day: UTCDay) throws {
        let name = "REACH-ALL_\(day.compact)T000000_\(day.advanced(by: 1).compact)T000000.csv"
        try Data("id\n1\n".utf8).write(to: URL(fileURLWithPath: input + "/" + name))
    }

    func configuration(days: Int = 3, upload: Bool = false) -> ProcessRunConfiguration {
        var config = ProcessRunConfiguration(startDate: first, endDate: first.advanced(by: days - 1),
                                             inputDirectory: input, outputDirectory: output,
                                             telemetryPath: input + "/download_telemetry.csv")
        if upload { config.uploadBucket = "b" }
        return config
    }

    func statuses(_ ledger: Ledger) throws -> [String] { try ledger.rows().map(\.status) }

    @Test func processesDaysWithInputAndRecordsTheOthers() async throws {
        try artifact(first)
        try artifact(first.advanced(by: 2))
        let processor = FileWritingProcessor(failingDays: [])
        let run = ProcessOrchestrator(configuration: configuration(), processor: processor, uploader: nil)
        let summary = try await run.run()
        #expect(summary.daysPlanned == 3 && summary.daysProcessed == 2 && summary.daysSkippedNoInput == 1)
        #expect(summary.daysPlanned == summary.daysCompleted + summary.daysSkippedComplete
                + summary.daysSkippedNoInput + summary.daysFailed)
        #expect(try statuses(run.ledger) == ["PROCESS_PENDING", "PROCESSED", "SKIPPED_NO_INPUT", "PROCESS_PENDING", "PROCESSED"])
        let processed = try #require(try run.ledger.loadState().processPhase[first])
        #expect(FileManager.default.fileExists(atPath: processed.cdfPath))
        #expect(Double(processed.cdfSizeMB) != nil && Double(processed.processSeconds) != nil)

        // A rerun of the finished range does nothing and writes nothing.
        let before = try statuses(run.ledger)
        let again = try await ProcessOrchestrator(configuration: configuration(), processor: processor, uploader: nil).run()
        #expect(again.daysSkippedComplete == 2 && again.daysSkippedNoInput == 1 && again.daysAttempted == 0)
        #expect(try statuses(run.ledger) == before)
        #expect(processor.calls.all == [first, first.advanced(by: 2)])
    }

    @Test func uploadFailedThenRetryFailedUploadsOnly() async throws {
        try artifact(first)
        let processor = FileWritingProcessor(failingDays: [])
        let failing = ProcessOrchestrator(configuration: configuration(days: 1, upload: true), processor: processor,
                                          uploader: RecordingUploader(failing: true))
        let first = try await failing.run()
        #expect(first.daysFailed == 1 && !first.allEndedWell)
        #expect(try statuses(failing.ledger) == ["PROCESS_PENDING", "PROCESSED", "UPLOAD_PENDING", "FAILED"])
        let failed = try #require(try failing.ledger.loadState().processPhase[self.first])
        #expect(failed.errorType == "ObjectStoreError" && failed.errorMessage.contains("500 InternalError"))

        // Without --retry-failed: skipped, still failed.
        let skipped = try await ProcessOrchestrator(configuration: configuration(days: 1, upload: true), processor: processor,
                                                    uploader: RecordingUploader(failing: false)).run()
        #expect(skipped.daysFailed == 1 && skipped.daysAttempted == 0)

        var retry = configuration(days: 1, upload: true)
        retry.retryFailed = true
        let uploader = RecordingUploader(failing: false)
        let fixed = try await ProcessOrchestrator(configuration: retry, processor: processor, uploader: uploader).run()
        #expect(fixed.allEndedWell && fixed.daysUploaded == 1 && fixed.daysProcessed == 0)
        #expect(processor.calls.all.count == 1, "the CDF was not rebuilt")
        #expect(try statuses(failing.ledger).suffix(2) == ["UPLOAD_PENDING", "UPLOADED"])
        let uploaded = try #require(try failing.ledger.loadState().processPhase[self.first])
        #expect(uploaded.s3Bucket == "b" && uploaded.s3Key.hasSuffix(".cdf"))
    }

    @Test func aRefusedCredentialStopsTheRunAtTheDayItFailed() async throws {
        for offset in 0..<3 { try artifact(first.advanced(by: offset)) }
        let processor = FileWritingProcessor(failingDays: [])
        var uploader = RecordingUploader(failing: true)
        uploader.failure = FerryError(code: .authentication, message: "s3://b/k: HEAD failed with 403 Forbidden")
        let run = ProcessOrchestrator(configuration: configuration(days: 3, upload: true), processor: processor, uploader: uploader)
        let summary = try await run.run()
        #expect(summary.stoppedBy?.code == .authentication && summary.daysFailed == 1 && summary.daysAttempted == 1)
        #expect(processor.calls.all == [first] && uploader.calls.all == [first], "no day after the refused one is attempted")
        #expect(try statuses(run.ledger) == ["PROCESS_PENDING", "PROCESSED", "UPLOAD_PENDING", "FAILED"])
        let failed = try #require(try run.ledger.loadState().processPhase[first])
        #expect(failed.errorType == "AuthError" && failed.errorMessage.contains("403"))
    }

    @Test func processFailedIsRetriedWithRetryFailed() async throws {
        try artifact(first)
        let broken = ProcessOrchestrator(configuration: configuration(days: 1), processor: FileWritingProcessor(failingDays: [first]),
                                         uploader: nil)
        _ = try await broken.run()
        #expect(try statuses(broken.ledger) == ["PROCESS_PENDING", "FAILED"])
        var retry = configuration(days: 1)
        retry.retryFailed = true
        let summary = try await ProcessOrchestrator(configuration: retry, processor: FileWritingProcessor(failingDays: []),
                                                    uploader: nil).run()
        #expect(summary.daysProcessed == 1 && summary.allEndedWell)
    }

    @Test func deletedCDFIsReprocessedWithoutRetryFailed() async throws {
        try artifact(first)
        let run = ProcessOrchestrator(configuration: configuration(days: 1), processor: FileWritingProcessor(failingDays: []),
                                      uploader: nil)
        _ = try await run.run()
        let cdf = try #require(try run.ledger.loadState().processPhase[first]).cdfPath
        try FileManager.default.removeItem(atPath: cdf)
        let again = try await run.run()
        #expect(again.daysProcessed == 1)
        #expect(FileManager.default.fileExists(atPath: cdf))
    }

    @Test func downloadRowsDoNotCountAsProcessState() async throws {
        try artifact(first)
        let ledger = Ledger(path: configuration().telemetryPath)
        var row = LedgerRow()
        row.chunkDateUTC = "2025-09-01"; row.status = "DOWNLOADED"; row.startedAtUTC = LedgerTimestamp.now(); row.runID = "d"
        try ledger.append(row)
        let summary = try await ProcessOrchestrator(configuration: configuration(days: 1), processor: FileWritingProcessor(failingDays: []),
                                                    uploader: nil).run()
        #expect(summary.daysProcessed == 1)
        #expect(try ledger.loadState().downloadPhase[first]?.status == "DOWNLOADED", "download still sees its own row")
    }

    @Test func limitDaysCountsFromTheFirstDayNotComplete() async throws {
        for offset in 0..<5 { try artifact(first.advanced(by: offset)) }
        var config = configuration(days: 5)
        config.limitDays = 2
        let processor = FileWritingProcessor(failingDays: [])
        _ = try await ProcessOrchestrator(configuration: config, processor: processor, uploader: nil).run()
        _ = try await ProcessOrchestrator(configuration: config, processor: processor, uploader: nil).run()
        #expect(processor.calls.all == (0..<4).map { first.advanced(by: $0) })
    }

    @Test func dryRunWritesNothingAndCallsNothing() async throws {
        try artifact(first)
        var config = configuration(days: 2)
        config.dryRun = true
        let processor = FileWritingProcessor(failingDays: [])
        let summary = try await ProcessOrchestrator(configuration: config, processor: processor, uploader: nil).run()
        #expect(summary.daysPlanned == 2 && summary.daysAttempted == 0)
        #expect(processor.calls.all.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: config.telemetryPath))
    }
}
