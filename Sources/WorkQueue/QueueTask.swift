/// A task to add to the queue.
public struct NewTask: Sendable {
    public var kind: String
    /// JSON text the task's handler understands.
    public var payload: String
    /// A second task with the same key is not added (nil: no such check).
    public var uniqueKey: String?
    /// Higher runs first.
    public var priority: Int
    /// Only a worker standing for this host may run it; nil: any worker.
    public var host: String?
    /// First attempt plus retries (the seed's `max_retries = 3` gives 4).
    public var maxAttempts: Int

    public init(kind: String, payload: String, uniqueKey: String? = nil, priority: Int = 0, host: String? = nil,
                maxAttempts: Int = WorkQueue.defaultMaxRetries + 1) {
        self.kind = kind
        self.payload = payload
        self.uniqueKey = uniqueKey
        self.priority = priority
        self.host = host
        self.maxAttempts = maxAttempts
    }
}

/// A task a worker holds the lease of: the attempt number is the lease's fencing token, so a
/// worker whose lease expired and was taken over can no longer complete or fail the task.
public struct ClaimedTask: Sendable, Equatable {
    public let id: Int64
    public let kind: String
    public let payload: String
    public let host: String?
    /// 1 for the first attempt.
    public let attempt: Int
    public let maxAttempts: Int
    public let worker: String
}

/// A task whose worker stopped renewing its lease, as the monitor found it.
public struct RescuedTask: Sendable, Equatable {
    public let id: Int64
    public let kind: String
    public let payload: String
    public let attempt: Int
    public let lostWorker: String
    /// FAILED when that was the last attempt, SCHEDULED otherwise.
    public let newStatus: TaskStatus
    public let error: String
}

/// What `fail` did with a failed attempt.
public enum FailureDisposition: Sendable, Equatable {
    /// Another attempt will run, not before `notBefore` (milliseconds since 1970, database clock).
    case retryScheduled(notBefore: Int64)
    /// No attempt is left (or retrying cannot help): the task is FAILED, keeping `error`.
    case failedPermanently
}
