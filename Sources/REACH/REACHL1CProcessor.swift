public import Logging
public import UTCDate

/// Turns a day artifact into the day's L1C CDF: read, de-duplicate, write.
public struct REACHL1CProcessor: Sendable {
    public let sensorID: String
    let logger: Logger

    public init(sensorID: String, logger: Logger = Logger(label: "ferry.reach")) {
        self.sensorID = sensorID
        self.logger = logger
    }

    /// Writes the product for `day` from the artifact at `input`; returns the CDF's path.
    public func process(day: UTCDay, input: String, outputDirectory: String) throws -> (path: String, counts: REACHInputCounts) {
        var builder = REACHDayBuilder(day: day, source: input)
        try REACHArtifactReader(path: input).forEachObservation { try builder.add($0) }
        let product = builder.finish()
        let counts = product.counts
        guard !product.epochs.isEmpty else {
            throw REACHArtifactError(path: input, reason: "no record of \(day) with a known sensor (read \(counts.records))")
        }
        if counts.droppedUnresolvedSensor > 0 {
            logger.warning("dropped records whose sensor could not be resolved",
                           metadata: ["input": "\(input)", "records": "\(counts.droppedUnresolvedSensor)"])
        }
        if counts.droppedOutsideDay + counts.droppedUnknownFlavor > 0 {
            logger.info("dropped records outside the day or with an unknown flavor",
                        metadata: ["outsideDay": "\(counts.droppedOutsideDay)", "unknownFlavor": "\(counts.droppedUnknownFlavor)"])
        }
        let path = try REACHL1CWriter(sensorID: sensorID).write(product, outputDirectory: outputDirectory)
        logger.info("wrote L1C product", metadata: [
            "path": "\(path)", "epochs": "\(product.epochs.count)", "measurements": "\(counts.measurementsKept)",
            "duplicates": "\(counts.duplicatesDropped)", "recovered": "\(counts.sensorsRecovered)"])
        return (path, counts)
    }
}
