/// How often and how patiently a window is retried.
public struct UDLRetryPolicy: Sendable {
    /// Attempts per window including the first (the reference: the first and up to 5 retries).
    public var maxAttempts = 6
    /// Backoff before retry n is a random duration in [½, 1] × base × 2^(n-1), at most `maxDelay`.
    public var baseDelay: Duration = .seconds(1)
    public var maxDelay: Duration = .seconds(30)
    /// A request not answered in full within this long is a timeout (a congestion signal).
    public var requestTimeout: Duration = .seconds(120)

    public init(maxAttempts: Int = 6, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(30),
                requestTimeout: Duration = .seconds(120)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.requestTimeout = requestTimeout
    }

    /// The wait before retry number `retry` (1-based); never shorter than the server's Retry-After.
    func delay(beforeRetry retry: Int, retryAfter: Duration?) -> Duration {
        let exponential = baseDelay * (1 << min(retry - 1, 20))
        let capped = min(exponential, maxDelay)
        let jittered = capped * Double.random(in: 0.5...1)
        return max(jittered, retryAfter ?? .zero)
    }
}
