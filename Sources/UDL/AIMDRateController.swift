/// Paces every request of a download through one shared rate (requests per second): additive
/// increase on success, multiplicative decrease on congestion (429, connection errors, timeouts),
/// with the seed's knobs. Each request reserves the next slot at `previous + 1/rate`.
///
/// The `.reference` policy is the seed's, signal for signal. The default `.adaptive` policy keeps
/// the knobs but reacts once per congestion episode (answers to requests sent before the last
/// decrease carry no news) and remembers where congestion struck: it climbs fast back to just
/// below that ceiling and then only probes slowly, so it settles at the service's limit instead of
/// overshooting and halving again and again.
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
    private var nextSlot: ContinuousClock.Instant = .now
    private var lastDecrease: ContinuousClock.Instant?

    /// Below this fraction of the ceiling the rate climbs by the full additive step.
    static let probeThreshold = 0.9
    /// Fraction of the additive step used per success when probing near the ceiling.
    static let probeFraction = 0.01

    public init(policy: Policy = .adaptive, initialRate: Double = 5, additiveIncrease: Double = 1,
                multiplicativeDecrease: Double = 0.5, minRate: Double = 5, maxRate: Double = 25) {
        self.policy = policy
        self.additiveIncrease = additiveIncrease
        self.multiplicativeDecrease = multiplicativeDecrease
        self.minRate = minRate
        self.maxRate = max(maxRate, minRate)
        rate = min(max(initialRate, minRate), self.maxRate)
    }

    /// Waits for this request's slot and returns it (the request's send time).
    @discardableResult
    public func acquire() async throws -> ContinuousClock.Instant {
        let now = ContinuousClock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + .nanoseconds(Int64(1e9 / rate))
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
        return slot
    }

    /// A request succeeded.
    public func recordSuccess() {
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
