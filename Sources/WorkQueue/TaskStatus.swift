/// Where a task is in its life. The names are the seed's (CCAT's Celery states).
public enum TaskStatus: String, Sendable, CaseIterable, Codable {
    /// Ready to be claimed.
    case pending = "PENDING"
    /// Waiting for its `not_before` time after a failed attempt (backoff).
    case scheduled = "SCHEDULED"
    /// Claimed by a worker that holds its lease.
    case inProgress = "IN_PROGRESS"
    case completed = "COMPLETED"
    /// Failed permanently: every attempt was used, or the error said retrying cannot help.
    case failed = "FAILED"
}

/// How one attempt ended, as the operations log records it.
public enum AttemptOutcome: String, Sendable, Codable {
    case completed = "COMPLETED"
    case failed = "FAILED"
    /// The worker stopped renewing its lease (killed, frozen, cut off) and the lease expired.
    case lost = "LOST"
    /// The worker was asked to stop (SIGTERM, Ctrl-C) and handed the task back; not counted.
    case released = "RELEASED"
}
