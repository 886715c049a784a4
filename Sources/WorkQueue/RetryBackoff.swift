/// Exponential backoff with jitter between a task's attempts: `base · 2^(attempt−1)` plus up to
/// `base` of jitter, capped, so failed tasks of one burst do not retry in lock step.
public struct RetryBackoff: Sendable {
    public var baseMilliseconds: Int64
    public var capMilliseconds: Int64

    public init(baseMilliseconds: Int64 = 10_000, capMilliseconds: Int64 = 600_000) {
        self.baseMilliseconds = baseMilliseconds
        self.capMilliseconds = capMilliseconds
    }

    /// The wait before the attempt after `attempt` (1-based).
    public func delayMilliseconds(afterAttempt attempt: Int) -> Int64 {
        guard baseMilliseconds > 0 else { return 0 }
        let exponent = min(max(attempt - 1, 0), 20)
        let delay = min(baseMilliseconds << Int64(exponent), capMilliseconds)
        return min(delay + Int64.random(in: 0...baseMilliseconds), capMilliseconds)
    }
}
