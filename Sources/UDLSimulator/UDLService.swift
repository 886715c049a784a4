import Foundation
import Logging
import Synchronization
import UDLRecordFormat

/// The simulated service's behaviour for one request, independent of the network: auth, rate
/// limit, faults, the query, the body. Shared by every connection; its counters are the truth
/// tests compare against.
final class UDLService: Sendable {
    let configuration: UDLSimulatorConfiguration
    let archive: SimulatedArchive
    let logger: Logger
    private let state: Mutex<State>
    private let cache = Mutex<[String: String]>([:])

    struct State {
        var bucket: TokenBucket?
        var random: UInt64
        var stats = UDLSimulatorStats()
        /// Data requests let through so far, against `stallAfterAnswers`.
        var admitted = 0
    }

    /// What to do with one request.
    enum Plan {
        case respond(status: Int, headers: [(String, String)], body: String)
        case drop
        case slow(Duration, status: Int, body: String)
        case truncate(status: Int, body: String)
        /// Never answer (the connection stays open until the client or the server closes it).
        case hold
    }

    init(configuration: UDLSimulatorConfiguration, logger: Logger) {
        self.configuration = configuration
        archive = SimulatedArchive(configuration: configuration)
        self.logger = logger
        state = Mutex(State(bucket: configuration.rateLimit.map { TokenBucket(perSecond: $0.perSecond, burst: $0.burst) },
                            random: configuration.seed ^ 0xD1B5_4A32_D192_ED03))
    }

    var stats: UDLSimulatorStats { state.withLock { $0.stats } }

    func plan(method: String, uri: String, authorization: String?) -> Plan {
        let (path, query) = Self.split(uri)
        // What has been served so far, for scripts and benchmarks; not itself counted.
        if path == "/_sim/stats" { return .respond(status: 200, headers: [], body: stats.json) }
        let plan = decide(method: method, path: path, query: query, authorization: authorization)
        state.withLock { state in
            state.stats.requests += 1
            switch plan {
            case let .respond(status, _, _): state.stats.byOutcome["\(status)", default: 0] += 1
            case .drop: state.stats.byOutcome["dropped", default: 0] += 1
            case .slow: state.stats.byOutcome["slow", default: 0] += 1
            case .truncate: state.stats.byOutcome["truncated", default: 0] += 1
            case .hold: state.stats.byOutcome["held", default: 0] += 1
            }
        }
        return plan
    }

    private func decide(method: String, path: String, query: [String: String], authorization: String?) -> Plan {
        guard method == "GET" else { return error(405, "only GET is served") }
        guard path == "/udl/spaceenvobservation" || path == "/udl/spaceenvobservation/count" else {
            return error(404, "no such endpoint \(path)")
        }
        guard authorization == configuration.authorizationHeaderValue else {
            return .respond(status: 401, headers: [("WWW-Authenticate", "Basic realm=\"UDL\"")], body: "{\"message\": \"Unauthorized\"}")
        }
        if let wait = state.withLock({ $0.bucket?.take() }) {
            let seconds = max(1, Int((Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18).rounded(.up)))
            return .respond(status: 429, headers: [("Retry-After", "\(seconds)")], body: "{\"message\": \"Too Many Requests\"}")
        }
        if let limit = configuration.stallAfterAnswers {
            let admitted = state.withLock { state in
                guard state.admitted < limit else { return false }
                state.admitted += 1
                return true
            }
            if !admitted { return .hold }
        }
        let faults = configuration.faults
        let roll = nextRandom()
        var threshold = faults.serverError
        if roll < threshold { return error([500, 502, 503][Int(roll * 1e6) % 3], "injected server error") }
        threshold += faults.droppedConnection
        if roll < threshold { return .drop }
        guard let window = query["obTime"], let range = Self.range(window) else {
            return error(400, "obTime must be <start>..<end> in YYYY-MM-DDTHH:MM:SS.mmmZ")
        }
        guard let descriptor = query["descriptor"], !descriptor.isEmpty else { return error(400, "descriptor is required") }
        let cap = [configuration.maxResultsPerQuery, query["maxResults"].flatMap(Int.init)].compactMap { $0 }.min()
        let cacheKey = "\(path) \(window) \(query["idSensor"] ?? "") \(descriptor) \(cap ?? -1)"
        let body: String
        if configuration.cacheResponses, let cached = cache.withLock({ $0[cacheKey] }) {
            body = cached
        } else {
            var records = archive.records(from: range.lowerBound, to: range.upperBound, sensorID: query["idSensor"])
            if path.hasSuffix("/count") { return .respond(status: 200, headers: [], body: "\(records.count)") }
            if let cap, records.count > cap { records = Array(records.prefix(cap)) }
            var text = "["
            text.reserveCapacity(records.count * 1000)
            for (index, record) in records.enumerated() {
                if index > 0 { text += ", " }
                text += archive.json(record, descriptor: descriptor)
            }
            text += "]"
            body = text
            if configuration.cacheResponses { cache.withLock { $0[cacheKey] = body } }
            if configuration.logRequests {
                logger.info("served", metadata: ["obTime": "\(window)", "idSensor": "\(query["idSensor"] ?? "ALL")", "records": "\(records.count)"])
            }
        }
        state.withLock { $0.stats.answers += 1 }
        threshold += faults.slowResponse
        if roll < threshold { return .slow(faults.slowDelay, status: 200, body: body) }
        threshold += faults.truncatedBody
        if roll < threshold { return .truncate(status: 200, body: body) }
        return .respond(status: 200, headers: [], body: body)
    }

    private func error(_ status: Int, _ message: String) -> Plan {
        .respond(status: status, headers: [], body: "{\"message\": \"\(message)\"}")
    }

    private func nextRandom() -> Double {
        state.withLock { state in
            state.random &+= 0x9E37_79B9_7F4A_7C15
            var z = state.random
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    static func split(_ uri: String) -> (String, [String: String]) {
        let parts = uri.split(separator: "?", maxSplits: 1)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                let key = String(kv[0]).removingPercentEncoding ?? String(kv[0])
                let value = kv.count > 1 ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "") : ""
                query[key] = value
            }
        }
        return (String(parts.first ?? ""), query)
    }

    static func range(_ text: String) -> ClosedRange<Int64>? {
        let ends = text.components(separatedBy: "..")
        guard ends.count == 2, let start = UDLTime.milliseconds(ends[0]), let end = UDLTime.milliseconds(ends[1]),
              start <= end else { return nil }
        return start...end
    }
}

/// What the simulator has answered so far.
public struct UDLSimulatorStats: Sendable, Equatable {
    public var requests = 0
    /// Answers by status code ("200", "429", …) and by fault ("dropped", "slow", "truncated", "held").
    public var byOutcome: [String: Int] = [:]
    /// Complete answers served (status 200), whatever their fault plan.
    public var answers = 0

    public func count(_ outcome: String) -> Int { byOutcome[outcome] ?? 0 }

    /// `{"requests": n, "answers": n, "byOutcome": {"200": n, …}}`.
    public var json: String {
        let outcomes = byOutcome.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        return "{\"requests\": \(requests), \"answers\": \(answers), \"byOutcome\": {\(outcomes)}}"
    }
}
