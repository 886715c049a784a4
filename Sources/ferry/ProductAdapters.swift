import ObjectStore
import Pipeline
import REACH
import UTCDate

/// The REACH L1C product as the process phase's ``DayProcessor``.
struct REACHDayProcessor: DayProcessor {
    let sensorID: String

    func process(day: UTCDay, input: String, outputDirectory: String) async throws -> String {
        try REACHL1CProcessor(sensorID: sensorID).process(day: day, input: input, outputDirectory: outputDirectory).path
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
