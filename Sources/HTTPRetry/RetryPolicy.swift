/// How often and how patiently a request is retried: bounded attempts, exponential backoff with
/// full jitter (so many clients retrying at once spread out instead of hammering a struggling
/// server in step), and never sooner than the server's Retry-After.
///
/// Shared by every HTTP client in Ferry (the UDL, S3); each keeps its own defaults.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts per request including the first.
    public var maxAttempts: Int
    /// The backoff ceiling before retry n is base × 2^(n−1), at most `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A request not answered in full within this long is a timeout (a congestion signal).
    public var requestTimeout: Duration

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10),
                requestTimeout: Duration = .seconds(120)) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.requestTimeout = requestTimeout
    }

    /// What to do after attempt number `attempt` (1-based) came to `classification`.
    public func decide(_ classification: RetryClassification, afterAttempt attempt: Int, retryAfter: Duration? = nil,
                       using generator: inout some RandomNumberGenerator) -> RetryDecision {
        guard classification != .success else { return .succeeded }
        guard classification.isRetryable else { return .notRetryable }
        guard attempt < maxAttempts else { return .attemptsExhausted }
        return .retry(after: delay(beforeRetry: attempt, retryAfter: retryAfter, using: &generator))
    }

    /// ``decide(_:afterAttempt:retryAfter:using:)`` with the system's random numbers.
    public func decide(_ classification: RetryClassification, afterAttempt attempt: Int,
                       retryAfter: Duration? = nil) -> RetryDecision {
        var generator = SystemRandomNumberGenerator()
        return decide(classification, afterAttempt: attempt, retryAfter: retryAfter, using: &generator)
    }

    /// The wait before retry number `retry` (1-based): uniform in [0, min(maxDelay, base × 2^(retry−1))]
    /// ("full jitter"), and never shorter than `retryAfter`, which is honoured even above `maxDelay`.
    public func delay(beforeRetry retry: Int, retryAfter: Duration? = nil,
                      using generator: inout some RandomNumberGenerator) -> Duration {
        let ceiling = min(maxDelay, baseDelay * (1 << min(max(retry, 1) - 1, 30)))
        let nanoseconds = max(0, ceiling.wholeNanoseconds)
        let jittered = Duration.nanoseconds(Int64.random(in: 0...nanoseconds, using: &generator))
        return max(jittered, retryAfter ?? .zero)
    }
}

/// What a retry policy says after an attempt.
public enum RetryDecision: Sendable, Equatable {
    /// The attempt succeeded: nothing to retry.
    case succeeded
    /// Wait this long, then try again.
    case retry(after: Duration)
    /// Retrying cannot help (the request or the credential is wrong).
    case notRetryable
    /// Retrying might have helped, but the attempts ran out.
    case attemptsExhausted
}

extension RetryPolicy {
    /// ``requestTimeout`` in whole nanoseconds, for clients that take their deadlines that way.
    public var requestTimeoutNanoseconds: Int64 { requestTimeout.wholeNanoseconds }
}

extension Duration {
    /// The duration in whole nanoseconds (sub-nanosecond parts dropped).
    var wholeNanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
