import Pipeline
import REACHMission
import UDL
import UTCDate

/// The UDL client as the download phase's ``DayDownloader``.
struct UDLDayDownloaderAdapter: DayDownloader {
    let downloader: UDLDayDownloader

    var expectedRecordsPerDay: Int { REACHConstellation.expectedRecordsPerDay(sensorID: downloader.settings.query.sensorID) }

    func removeStaleTemporaries(day: UTCDay) -> [String] { downloader.removeStaleTemporaries(day: day) }

    func download(day: UTCDay) async throws -> DayDownloadOutcome {
        switch try await downloader.download(day: day) {
        case let .downloaded(path, records, bytes): .downloaded(path: path, records: records, bytes: bytes)
        case .noData: .noData
        }
    }
}
