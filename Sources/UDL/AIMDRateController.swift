/// Paces every request of a download through one shared rate (requests per second), adjusting it
/// by additive increase on success and multiplicative decrease on congestion (429, connection
/// errors, timeouts), with the seed's knobs.
///
/// Beyond the reference policy it remembers the rate at which congestion last struck: growth is
/// fast up to just below that ceiling and then only a slow probe, so the controller settles near
/// the service's limit instead of overshooting it and halving again and again.
public actor AIMDRateController {
    public let additiveIncrease: Double
    public let multiplicativeDecrease: Double
    public let minRate: Double
    public let maxRate: Double
    /// The current rate, requests per second.
    public private(set) var rate: Double
    /// The rate at which congestion was last seen, if ever.
    public private(set) var ceiling: Double?
    private var nextSlot: ContinuousClock.Instant = .now
    /// Fraction of the additive step used when probing above 95% of the ceiling.
    static let probeFraction = 0.05

    public init(initialRate: Double = 5, additiveIncrease: Double = 1, multiplicativeDecrease: Double = 0.5,
                minRate: Double = 5, maxRate: Double = 25) {
        self.additiveIncrease = additiveIncrease
        self.multiplicativeDecrease = multiplicativeDecrease
        self.minRate = minRate
        self.maxRate = maxRate
        rate = min(max(initialRate, minRate), maxRate)
    }

    /// Waits for this request's slot: each reserves `previous + 1/rate`.
    public func acquire() async throws {
        let now = ContinuousClock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + .nanoseconds(Int64(1e9 / rate))
        if slot > now { try await Task.sleep(until: slot, clock: .continuous) }
    }

    /// A request succeeded.
    public func recordSuccess() {
        let step = ceiling.map { rate >= 0.95 * $0 } == true ? additiveIncrease * Self.probeFraction : additiveIncrease
        rate = min(maxRate, rate + step)
    }

    /// The service signalled congestion; `retryAfter` (seconds) holds every request back that long.
    public func recordCongestion(retryAfter: Double? = nil) {
        ceiling = rate
        rate = max(minRate, rate * multiplicativeDecrease)
        if let retryAfter {
            nextSlot = max(nextSlot, .now + .milliseconds(Int64(retryAfter * 1000)))
        }
    }
}
