public import SQLDatabase

/// What runs the tasks of some kinds: the work of one attempt, and the flow's own records of how
/// attempts ended, written in the same transaction as the queue's.
public protocol TaskHandler: Sendable {
    /// The task kinds this handler runs.
    var kinds: [String] { get }

    /// Does one attempt's work, from scratch (an earlier attempt may have died half way). Returns
    /// what to record in the transaction that completes the task. Throw `TaskFailure` to say
    /// whether retrying can help; any other error is retried.
    func perform(_ task: ClaimedTask) async throws -> TaskRecording

    /// Records a failed attempt (retry scheduled, or failed for good) in the flow's own tables.
    func recordFailure(of task: ClaimedTask, error: String, disposition: FailureDisposition,
                       in connection: any SQLConnection) throws

    /// Records that the monitor took a task back from a lost worker.
    func recordRescue(_ task: RescuedTask, in connection: any SQLConnection) throws
}

/// Rows a finished attempt writes beside the queue's COMPLETED, in one transaction.
public struct TaskRecording: Sendable {
    public let record: @Sendable (any SQLConnection) throws -> Void
    /// A line for the worker's log.
    public let summary: String

    public init(summary: String, record: @escaping @Sendable (any SQLConnection) throws -> Void) {
        self.summary = summary
        self.record = record
    }
}

/// A failed attempt with a verdict on retrying.
public struct TaskFailure: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// False when another attempt would fail the same way (a configuration error, say).
    public let retryable: Bool

    public init(_ message: String, retryable: Bool = true) {
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }
}
