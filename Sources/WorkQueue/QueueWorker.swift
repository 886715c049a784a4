public import Logging
public import SQLDatabase
import Synchronization

/// How a worker process takes part in the queue.
public struct QueueWorkerOptions: Sendable {
    /// Unique per process (host, pid and a random part), recorded as the lease owner.
    public var id: String
    /// The host this worker stands for (`--host`).
    public var host: String
    /// Hosts whose tasks it may take: nil for any (a worker that runs remote work over SSH),
    /// otherwise tasks for no host or one of these.
    public var acceptedHosts: [String]?
    /// Attempts run at once.
    public var concurrency: Int
    /// How long a claim lasts without renewal; renewed every third of it.
    public var leaseMilliseconds: Int64
    /// Sleep between claims while the queue is empty.
    public var pollMilliseconds: Int64
    /// Stop once no task of the handler's kinds is waiting or running.
    public var untilIdle: Bool
    public var backoff: RetryBackoff

    public init(id: String, host: String, acceptedHosts: [String]?, concurrency: Int = 1, leaseMilliseconds: Int64 = 60_000,
                pollMilliseconds: Int64 = 1_000, untilIdle: Bool = false, backoff: RetryBackoff = RetryBackoff()) {
        self.id = id
        self.host = host
        self.acceptedHosts = acceptedHosts
        self.concurrency = concurrency
        self.leaseMilliseconds = leaseMilliseconds
        self.pollMilliseconds = pollMilliseconds
        self.untilIdle = untilIdle
        self.backoff = backoff
    }
}

/// What a worker did before it stopped.
public struct QueueWorkerSummary: Sendable, Equatable {
    public var completed = 0
    public var failedAttempts = 0
    public var failedPermanently = 0
    public var leasesLost = 0
    public var rescued = 0
}

/// A worker process's loop: claim, run with the lease renewed, record; rescue tasks of lost
/// workers; keep a heartbeat. While the database is unreachable it waits and tries again, and it
/// records nothing as done before the commit that says so succeeds.
public struct QueueWorker<Handler: TaskHandler>: Sendable {
    public let database: any SQLDatabase
    public let handler: Handler
    public let options: QueueWorkerOptions
    public let logger: Logger
    private let rescueSchedule: RescueSchedule

    public init(database: any SQLDatabase, handler: Handler, options: QueueWorkerOptions, logger: Logger) {
        self.database = database
        self.handler = handler
        self.options = options
        self.logger = logger
        self.rescueSchedule = RescueSchedule(interval: .milliseconds(max(options.leaseMilliseconds / 3, 200)))
    }

    /// Runs until cancelled, or until idle with `untilIdle`.
    public func run() async throws -> QueueWorkerSummary {
        let kinds = handler.kinds
        let options = options
        let pid = currentProcessID()
        try await persistently("register the worker") {
            try await database.write { connection in
                try WorkerRegistry.register(id: options.id, host: options.host, pid: pid, kinds: kinds,
                                            concurrency: options.concurrency,
                                            heartbeatIntervalMilliseconds: heartbeatInterval, in: connection)
            }
        }
        let summary = SummaryTally()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await beatUntilCancelled() }
                try await withThrowingTaskGroup(of: Void.self) { slots in
                    for _ in 0..<max(options.concurrency, 1) {
                        slots.addTask { try await runSlot(summary) }
                    }
                    try await slots.waitForAll()
                }
                group.cancelAll()
            }
        } catch is CancellationError {
            logger.info("worker \(options.id) stopped on request")
        }
        // In a task of its own: the worker's may be cancelled, and this row must still be written.
        let registry = self.database
        _ = await Task { try? await registry.write { connection in try WorkerRegistry.stop(id: options.id, in: connection) } }.value
        return summary.withLock { $0 }
    }

    /// Runs the one task `taskID` now, with its lease renewed, and records how it ended; false when
    /// that task is not waiting to run (done, failed, or held by another worker).
    public func runOne(taskID: Int64) async throws -> QueueWorkerSummary? {
        let options = options
        let claimed = try await database.write { connection in
            try WorkQueue.claim(taskID: taskID, worker: options.id, leaseMilliseconds: options.leaseMilliseconds, in: connection)
        }
        guard let task = claimed else { return nil }
        let summary = SummaryTally()
        await runAttempt(task, summary)
        return summary.withLock { $0 }
    }

    private var heartbeatInterval: Int64 { max(options.leaseMilliseconds / 3, 200) }

    private func beatUntilCancelled() async throws {
        let id = options.id
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(heartbeatInterval))
            if Task.isCancelled { break }
            do {
                try await database.write { connection in try WorkerRegistry.beat(id: id, in: connection) }
            } catch {
                logger.warning("heartbeat not recorded: \(error)")
            }
        }
    }

    private func runSlot(_ summary: SummaryTally) async throws {
        let kinds = handler.kinds
        let options = options
        let handler = handler
        while !Task.isCancelled {
            // Looking for expired leases scans the running tasks: once a heartbeat interval per
            // worker is soon enough for the lost work of a dead one, and keeps claims cheap.
            let rescueDue = rescueSchedule.takeIfDue()
            let (tasks, rescued) = try await persistently("claim a task") {
                try await database.write { connection in
                    let rescued = rescueDue ? try WorkQueue.rescueExpiredLeases(kinds: kinds, in: connection) : []
                    for task in rescued { try handler.recordRescue(task, in: connection) }
                    let tasks = try WorkQueue.claim(kinds: kinds, hosts: options.acceptedHosts, worker: options.id,
                                                    leaseMilliseconds: options.leaseMilliseconds, limit: 1, in: connection)
                    return (tasks, rescued)
                }
            }
            for task in rescued {
                logger.warning("task \(task.id) (\(task.kind)) taken back: \(task.error); now \(task.newStatus.rawValue)")
            }
            summary.withLock {
                $0.rescued += rescued.count
                // A task taken back on its last attempt failed for good in this worker's run too.
                $0.failedPermanently += rescued.filter { $0.newStatus == .failed }.count
            }
            guard let task = tasks.first else {
                if options.untilIdle {
                    let unfinished = try await persistently("count unfinished tasks") {
                        try await database.read { connection in
                            try WorkQueue.unfinishedCount(kinds: kinds, hosts: options.acceptedHosts, in: connection)
                        }
                    }
                    if unfinished == 0 { return }
                }
                try await Task.sleep(for: .milliseconds(options.pollMilliseconds))
                continue
            }
            await runAttempt(task, summary)
        }
    }

    private func runAttempt(_ task: ClaimedTask, _ summary: SummaryTally) async {
        logger.info("task \(task.id) (\(task.kind)) attempt \(task.attempt) of \(task.maxAttempts) started")
        let outcome: Result<TaskRecording, any Error>
        do {
            outcome = .success(try await performWithLease(task))
        } catch is CancellationError where Task.isCancelled {
            // Stopping: hand the task back at once instead of letting its lease run out. In a task
            // of its own, as this one is cancelled.
            let queue = self.database
            let released = await Task { () -> Bool in
                (try? await queue.write { connection in try WorkQueue.release(task, in: connection) }) != nil
            }.value
            logger.warning("task \(task.id) (\(task.kind)) \(released ? "handed back" : "left to its lease") as the worker stops")
            return
        } catch let error as WorkQueueError {
            logger.error("task \(task.id): \(error); its result is dropped")
            summary.withLock { $0.leasesLost += 1 }
            return
        } catch {
            outcome = .failure(error)
        }
        // In a task of its own: a finished attempt is recorded even when the worker is stopping.
        await Task { await record(outcome, of: task, summary) }.value
    }

    private func record(_ outcome: Result<TaskRecording, any Error>, of task: ClaimedTask, _ summary: SummaryTally) async {
        do {
            switch outcome {
            case .success(let recording):
                try await persistently("record task \(task.id) as completed") {
                    try await database.write { connection in
                        try WorkQueue.complete(task, in: connection)
                        try recording.record(connection)
                    }
                }
                logger.info("task \(task.id) (\(task.kind)) completed: \(recording.summary)")
                summary.withLock { $0.completed += 1 }
            case .failure(let error):
                let failure = error as? TaskFailure
                let message = failure?.message ?? "\(error)"
                let backoff = options.backoff
                let handler = handler
                let disposition = try await persistently("record task \(task.id) as failed") {
                    try await database.write { connection in
                        let disposition = try WorkQueue.fail(task, error: message, retryable: failure?.retryable ?? true,
                                                             backoff: backoff, in: connection)
                        try handler.recordFailure(of: task, error: message, disposition: disposition, in: connection)
                        return disposition
                    }
                }
                summary.withLock {
                    $0.failedAttempts += 1
                    if disposition == .failedPermanently { $0.failedPermanently += 1 }
                }
                if disposition == .failedPermanently {
                    logger.error("task \(task.id) (\(task.kind)) failed for good after attempt \(task.attempt): \(message)")
                } else {
                    logger.warning("task \(task.id) (\(task.kind)) attempt \(task.attempt) failed, will retry: \(message)")
                }
            }
        } catch {
            logger.error("task \(task.id): \(error); its result is dropped")
            summary.withLock { $0.leasesLost += 1 }
        }
    }

    /// Runs the handler while a sibling renews the lease; a lease that cannot be renewed in time
    /// ends the attempt with `leaseLost` (another worker will get the task).
    private func performWithLease(_ task: ClaimedTask) async throws -> TaskRecording {
        let handler = handler
        let lease = options.leaseMilliseconds
        let database = database
        let logger = logger
        return try await withThrowingTaskGroup(of: TaskRecording?.self) { group in
            group.addTask { try await handler.perform(task) }
            group.addTask {
                var lastRenewal = ContinuousClock.now
                while true {
                    try await Task.sleep(for: .milliseconds(max(lease / 3, 50)))
                    do {
                        let held = try await database.write { connection in
                            try WorkQueue.renewLease(of: task, milliseconds: lease, in: connection)
                        }
                        guard held else { throw WorkQueueError.leaseLost(taskID: task.id, attempt: task.attempt) }
                        lastRenewal = .now
                    } catch let error as SQLDatabaseError where error.isConnectionLoss {
                        logger.warning("lease of task \(task.id) not renewed: \(error)")
                        if ContinuousClock.now - lastRenewal > .milliseconds(lease) {
                            throw WorkQueueError.leaseLost(taskID: task.id, attempt: task.attempt)
                        }
                    }
                }
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let recording = result { return recording }
            }
            throw WorkQueueError.leaseLost(taskID: task.id, attempt: task.attempt)
        }
    }

    /// Runs `step` until it succeeds, waiting out a database that is unreachable (with a warning
    /// each time); other errors are thrown.
    private func persistently<T: Sendable>(_ what: String, _ step: () async throws -> T) async throws -> T {
        var delay: Int64 = 250
        while true {
            do {
                return try await step()
            } catch let error as SQLDatabaseError where error.isConnectionLoss {
                logger.warning("cannot \(what): \(error); trying again in \(delay) ms")
                try await Task.sleep(for: .milliseconds(delay))
                delay = min(delay * 2, 10_000)
            }
        }
    }
}

/// The worker's counts, updated by its concurrent slots.
final class SummaryTally: Sendable {
    private let counts = Mutex(QueueWorkerSummary())

    func withLock<T>(_ body: (inout QueueWorkerSummary) -> T) -> T { counts.withLock { body(&$0) } }
}

/// When a worker next looks for expired leases: at its first claim, then once an interval.
final class RescueSchedule: Sendable {
    private let interval: Duration
    private let next = Mutex<ContinuousClock.Instant?>(nil)

    init(interval: Duration) { self.interval = interval }

    /// True, and the next time set, when a rescue is due now.
    func takeIfDue() -> Bool {
        let now = ContinuousClock.now
        return next.withLock { next in
            if let due = next, now < due { return false }
            next = now + interval
            return true
        }
    }
}
