public import REACHMission
public import UTCDate

/// Everything the simulator can be told: what the archive holds and how the service misbehaves.
public struct UDLSimulatorConfiguration: Sendable {
    /// Seeds every generated value and every injected fault: the same seed, the same archive.
    public var seed: UInt64 = 1
    /// HTTP Basic credentials the client must present.
    public var username = "ferry"
    public var password = "simulated-udl-password"
    /// Sensors in the archive.
    public var sensors: [REACHSensor] = REACHConstellation.sensors
    /// Fraction of (sensor, 5-second step) pairs that hold measurements (1.0: the full 1,105,920 a day).
    public var density = 1.0
    /// Days holding no records at all.
    public var emptyDays: Set<UTCDay> = []
    /// Fraction of records served without `idSensor` (it stays recoverable from `observatoryName`).
    public var missingSensorFraction = 0.0
    /// Fraction of records also served a second time with a newer `createdAt` (and a new `id`).
    public var duplicateFraction = 0.0
    /// Adds records at awkward times each day: 00:00:00.500, 06:00:00.500, 23:59:59.999.
    public var edgeRecords = true
    /// Token bucket: sustained requests per second and burst; nil for no limit.
    public var rateLimit: (perSecond: Double, burst: Int)?
    /// Fault rates, each a probability per request.
    public var faults = Faults()
    /// Most records one query returns (the client's `maxResults` can lower it); nil for no cap.
    public var maxResultsPerQuery: Int?
    /// Keep each answer's body and serve repeats of the same query from memory (benchmarks use it
    /// so the simulator's own cost does not dominate what is measured).
    public var cacheResponses = false
    /// Log a line per request through the server's logger.
    public var logRequests = false
    /// Answer this many data requests, then hold every later one open without an answer, as an
    /// archive that stalls: a client is caught mid-download in a state that stays put until it is
    /// killed, however slowly the test watching it gets scheduled. nil answers everything.
    public var stallAfterAnswers: Int?

    /// Probabilities of each injected fault per request (checked in this order).
    public struct Faults: Sendable {
        public var serverError = 0.0       // 500, 502 or 503
        public var droppedConnection = 0.0 // close without answering
        public var slowResponse = 0.0      // answer after `slowDelay`
        public var truncatedBody = 0.0     // promise a length, send part of it, close
        public var slowDelay: Duration = .seconds(30)

        public init() {}
    }

    public init() {}

    /// The value the client must send in `Authorization`.
    public var authorizationHeaderValue: String {
        "Basic " + Base64.encode(Array("\(username):\(password)".utf8))
    }
}

/// Base64 without Foundation, for the Basic credential.
enum Base64 {
    static func encode(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(0) { $0 | (Int($1.element) << (16 - 8 * $1.offset)) }
            for position in 0..<4 {
                out.append(position <= chunk.count ? table[(value >> (18 - 6 * position)) & 63] : "=")
            }
            index += 3
        }
        return out
    }
}
