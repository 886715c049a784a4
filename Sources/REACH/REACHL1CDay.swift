public import REACHMission
public import UTCDate

/// One day of the REACH L1C product as arrays, ready to be written: a time axis of the day's
/// unique observation times, all 32 sensors, two flavor slots each, fill where nothing was measured.
public struct REACHL1CDay: Sendable {
    public let day: UTCDay
    /// The single UDL descriptor the day's records carried (`UDL_Source`).
    public let descriptor: String
    /// Unique observation times, ascending, in milliseconds since 1970-01-01 UTC.
    public let epochs: [Int64]
    /// The sensor axis: every sensor of the constellation, by number.
    public let sensors: [REACHSensor]
    /// dose_rate (t, s, f), row-major, rad/s; ``REACHL1CDay/floatFill`` where missing.
    public let doseRate: [Float]
    /// Per (t, s), row-major; ``REACHL1CDay/doubleFill`` where missing.
    public let latitude: [Double], longitude: [Double], altitude: [Double]
    public let positionX: [Double], positionY: [Double], positionZ: [Double]
    /// obQuality per (t, s); ``REACHL1CDay/qualityFill`` where missing.
    public let quality: [Int32]
    /// What happened to the input records.
    public let counts: REACHInputCounts

    /// ISTP fill for REAL4 and REAL8 variables.
    public static let floatFill: Float = -1.0e31
    public static let doubleFill: Double = -1.0e31
    /// ISTP fill for INT4.
    public static let qualityFill: Int32 = .min

    public var flavorsPerSensor: Int { REACHConstellation.flavorsPerSensor }
}

/// Tallies of the input, logged and checked by tests.
public struct REACHInputCounts: Sendable, Equatable {
    /// Records read.
    public var records = 0
    /// Measurements placed in the product (after de-duplication).
    public var measurementsKept = 0
    /// Measurements dropped because another for the same sensor, flavor and time has a newer `createdAt`.
    public var duplicatesDropped = 0
    /// Records missing `idSensor` that were recovered from `observatoryName`.
    public var sensorsRecovered = 0
    /// Records dropped because their sensor stayed unknown.
    public var droppedUnresolvedSensor = 0
    /// Measurements dropped because their description names no flavor of their sensor.
    public var droppedUnknownFlavor = 0
    /// Records dropped because their obTime is not within the day.
    public var droppedOutsideDay = 0

    public init() {}
}
