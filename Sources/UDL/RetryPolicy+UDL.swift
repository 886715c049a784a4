public import HTTPRetry

extension RetryPolicy {
    /// The UDL download's: the first attempt and up to 5 retries (as the reference tool), backoff
    /// from 1 s up to 30 s, and 120 s for a whole answer.
    public static let udlDefault = RetryPolicy(maxAttempts: 6, baseDelay: .seconds(1), maxDelay: .seconds(30),
                                               requestTimeout: .seconds(120))
}
