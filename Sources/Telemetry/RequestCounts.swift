/// Requests by how they ended.
public struct RequestCounts: Sendable, Equatable {
    public var answered = 0
    public var throttled = 0
    public var refused = 0
    public var failed = 0
    public var transportErrors = 0

    /// No request yet.
    public init() {}

    /// Counts from outcomes named as the UDL client names them: an HTTP status ("200", "429") or "transport".
    public init(outcomes: [String: Int]) {
        for (outcome, count) in outcomes {
            switch Int(outcome) {
            case .some(200..<300): answered += count
            case .some(429): throttled += count
            case .some(500..<600): failed += count
            case .some: refused += count   // other 4xx, and answers a UDL never gives (1xx, 3xx)
            case .none: transportErrors += count
            }
        }
    }

    /// Every request, however it ended.
    public var requests: Int { answered + throttled + refused + failed + transportErrors }

    /// The counts as the metrics label them.
    public var byOutcome: [(outcome: String, count: Int)] {
        [("2xx", answered), ("429", throttled), ("4xx", refused), ("5xx", failed), ("transport", transportErrors)]
    }

    public static func + (a: RequestCounts, b: RequestCounts) -> RequestCounts {
        var sum = a
        sum.answered += b.answered
        sum.throttled += b.throttled
        sum.refused += b.refused
        sum.failed += b.failed
        sum.transportErrors += b.transportErrors
        return sum
    }
}

