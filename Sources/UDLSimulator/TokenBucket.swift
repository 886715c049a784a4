/// The classic rate limiter: `burst` tokens, refilled at `perSecond`; a request takes one.
struct TokenBucket: Sendable {
    let perSecond: Double
    let burst: Double
    private var tokens: Double
    private var last: ContinuousClock.Instant

    init(perSecond: Double, burst: Int, now: ContinuousClock.Instant = .now) {
        self.perSecond = perSecond
        self.burst = Double(burst)
        tokens = Double(burst)
        last = now
    }

    /// Takes a token, or says how long until one is available.
    mutating func take(now: ContinuousClock.Instant = .now) -> Duration? {
        let elapsed = now - last
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(burst, tokens + seconds * perSecond)
        last = now
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return .milliseconds(Int64(((1 - tokens) / perSecond * 1000).rounded(.up)))
    }
}
