import Logging
import Pipeline
import REACHMission
import Telemetry
import UDL
import UTCDate
import OffPool

/// The UDL client as the download phase's ``DayDownloader``.
struct UDLDayDownloaderAdapter: DayDownloader {
    let downloader: UDLDayDownloader
    /// Where each day attempt's requests are recorded (beside the ledger), when the downloader counts them.
    var requestLog: RequestLog?
    var logger = Logger(label: "ferry.download")

    var expectedRecordsPerDay: Int { REACHConstellation.expectedRecordsPerDay(sensorID: downloader.settings.query.sensorID) }

    func removeStaleTemporaries(day: UTCDay) -> [String] { downloader.removeStaleTemporaries(day: day) }

    func download(day: UTCDay) async throws -> DayDownloadOutcome {
        let before = downloader.counter?.snapshot ?? [:], startedAt = LedgerTimestamp.now()
        do {
            let outcome = try await downloader.download(day: day)
            await recordRequests(day: day, since: before, startedAt: startedAt)
            switch outcome {
            case let .downloaded(path, records, bytes): return .downloaded(path: path, records: records, bytes: bytes)
            case .noData: return .noData
            }
        } catch {
            await recordRequests(day: day, since: before, startedAt: startedAt)
            throw error
        }
    }

    /// Appends the attempt's requests (the counter's growth since `before`: days run one at a time
    /// in a run) to the request log. A log that cannot be written costs a warning, never the day.
    private func recordRequests(day: UTCDay, since before: [String: Int], startedAt: String) async {
        guard let requestLog, let counter = downloader.counter else { return }
        var delta = counter.snapshot
        for (outcome, count) in before { delta[outcome, default: 0] -= count }
        let row = RequestLog.Row(day: day.description, startedAt: startedAt, finishedAt: LedgerTimestamp.now(),
                                 counts: RequestCounts(outcomes: delta), ratePerSecond: await downloader.controller.rate)
        do {
            try await OffPool.run { try requestLog.append(row) }
        } catch {
            logger.warning("the request log could not be written", metadata: ["file": "\(requestLog.path)", "error": "\(error)"])
        }
    }
}
