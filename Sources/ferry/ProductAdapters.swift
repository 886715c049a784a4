import DurableFiles
import ObjectStore
import Pipeline
import REACH
import UTCDate

/// The REACH L1C product as the process phase's ``DayProcessor``: day artifacts in `format`
/// (csv or json) in, CDFs written under `l1c/prelim/YYYY/MM/DD/`.
struct REACHDayProcessor: DayProcessor {
    let sensorID: String
    let format: String

    func input(for day: UTCDay, in inputDirectory: String) -> String? {
        REACHDayArtifactLocator(directory: inputDirectory, sensorID: sensorID, format: format).artifact(for: day)
    }

    func inputPattern(for day: UTCDay) -> String {
        "\(REACHDayArtifactLocator(directory: "", sensorID: sensorID, format: format).prefix(for: day))*.\(format)"
    }

    func process(day: UTCDay, input: String, outputDirectory: String) async throws -> String {
        try REACHL1CProcessor(sensorID: sensorID).process(day: day, input: input, outputDirectory: outputDirectory).path
    }

    func removeStaleTemporaries(day: UTCDay, outputDirectory: String) -> [String] {
        let mode = REACHProductName(sensorID: sensorID, firstEpoch: 0).mode
        return StaleTemporaries.remove(in: outputDirectory + "/" + REACHProductName.directory(day: day),
                                       finalNamePrefix: "reach_\(mode)_")
    }
}

/// An ``ObjectStore`` as the process phase's ``ProductUploader``, with the REACH key layout.
struct ObjectStoreUploader: ProductUploader {
    let store: any ObjectStore

    func upload(file: String, day: UTCDay) async throws -> UploadReceipt {
        let name = String(file.split(separator: "/").last ?? Substring(file))
        let result = try await store.put(file: file, key: REACHProductName.key(day: day, fileName: name),
                                         contentType: "application/x-cdf")
        return UploadReceipt(bucket: result.location, key: result.key)
    }
}
