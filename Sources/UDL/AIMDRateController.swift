/// Paces every request of a download through one shared rate (requests per second): additive
/// increase on success, multiplicative decrease on congestion (429, connection errors, timeouts),
/// with the seed's knobs. Requests wait in line; the one at the head goes `1/rate` after the last
/// one went, with the rate read when it is due, so a rate raised meanwhile takes effect at once
/// (reserving slots ahead at the rate of the moment would keep early requests at the start rate).
///
/// The `.reference` policy is the seed's, signal for signal. The default `.adaptive` policy keeps
/// the knobs but reacts once per congestion episode (answers to requests sent before the last
/// decrease carry no news) and remembers where congestion struck: it climbs fast back to just
/// below that ceiling and then only probes slowly, so it settles at the service's limit instead of
/// overshooting and halving again and again. Before the first congestion signal, when nothing is
/// known about the limit, it grows like TCP's slow start: by a quarter per success (never less
/// than the additive step), so a run does not spend its first seconds at the initial rate.
public actor AIMDRateController {
    /// How the controller reacts to signals.
    public enum Policy: String, Sendable, CaseIterable {
        /// +increase per success, ×decrease per congestion signal (the reference tool).
        case reference
        /// Ferry's: one decrease per episode, fast recovery, slow probing near the last ceiling.
        case adaptive
    }

    public let policy: Policy
    public let additiveIncrease: Double
    public let multiplicativeDecrease: Double
    public let minRate: Double
    public let maxRate: Double
    /// The current rate, requests per second.
    public private(set) var rate: Double
    /// The rate at which congestion was last seen (adaptive policy).
    public private(set) var ceiling: Double?
    private var lastSend: ContinuousClock.Instant?
    private var lastDecrease: ContinuousClock.Instant?
    /// Requests waiting behind the one at the head of the line.
    private var line: [CheckedContinuation<Void, Never>] = []
    private var headTaken = false

    /// Below this fraction of the ceiling the rate climbs by the full additive step.
    static let probeThreshold = 0.9
    /// Fraction of the additive step used per success when probing near the ceiling.
    static let probeFraction = 0.01
    /// Growth per success before the first congestion signal (adaptive policy).
    static let slowStartFactor = 1.25
    /// How often the request at the head of the line re-reads the rate while it waits.
    static let recheckInterval = Duration.milliseconds(10)

    public init(policy: Policy = .adaptive, initialRate: Double = 5, additiveIncrease: Double = 1,
                multiplicativeDecrease: Double = 0.5, minRate: Double = 5, maxRate: Double = 25) {
        self.policy = policy
        self.additiveIncrease = additiveIncrease
        self.multiplicativeDecrease = multiplicativeDecrease
        self.minRate = minRate
        self.maxRate = max(maxRate, minRate)
        rate = min(max(initialRate, minRate), self.maxRate)
    }

    /// Whether a request is waiting for its slot at the head of the line: lets a test change the
    /// rate while a request is known to wait, instead of sleeping and hoping it does.
    var isRequestWaiting: Bool { headTaken }

    /// Waits for this request's turn and returns the slot it was given (its send time, give or take a wake-up).
    @discardableResult
    public func acquire() async throws -> ContinuousClock.Instant {
        if headTaken { await withCheckedContinuation { line.append($0) } }
        headTaken = true
        defer { if line.isEmpty { headTaken = false } else { line.removeFirst().resume() } }
        while true {
            let now = ContinuousClock.now
            let interval = Duration.nanoseconds(Int64(1e9 / rate))
            guard let last = lastSend, now < last + interval else {
                // Woken a little late: keep the cadence. Idle for longer: no credit for the gap.
                let slot = lastSend.map { $0 + interval } ?? now
                let granted = now - slot < interval ? slot : now
                lastSend = granted
                return granted
            }
            try await Task.sleep(until: min(last + interval, now + Self.recheckInterval), clock: .continuous)
        }
    }

    /// A request succeeded.
    public func recordSuccess() {
        if policy == .adaptive, ceiling == nil {
            rate = min(maxRate, max(rate + additiveIncrease, rate * Self.slowStartFactor))
            return
        }
        var step = additiveIncrease
        if policy == .adaptive, let ceiling, rate >= Self.probeThreshold * ceiling {
            step *= Self.probeFraction
        }
        rate = min(maxRate, rate + step)
    }

    /// The service signalled congestion for a request sent at `sentAt`.
    public func recordCongestion(sentAt: ContinuousClock.Instant = .now) {
        switch policy {
        case .reference:
            rate = max(minRate, rate * multiplicativeDecrease)
        case .adaptive:
            if let lastDecrease, sentAt < lastDecrease { return }
            ceiling = rate
            rate = max(minRate, rate * multiplicativeDecrease)
            lastDecrease = .now
        }
    }
}
