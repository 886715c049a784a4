public import HTTPRetry

extension RetryPolicy {
    /// A station's: the first attempt and up to 4 retries, backoff from 0.5 s up to 20 s, and
    /// 5 minutes for a search answer (a download's body is not bounded by it).
    public static let stationDefault = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(20),
                                                   requestTimeout: .seconds(300))
}
