import DatabaseTestSupport
import Logging
import SQLDatabase
import Testing
import WorkQueue

/// The queue's operations on both databases: claims, leases, retries, the monitor, the log.
@Suite struct WorkQueueTests {
    static let kind = "test.noop"

    func task(_ key: String? = nil, priority: Int = 0, host: String? = nil, maxAttempts: Int = 4) -> NewTask {
        NewTask(kind: Self.kind, payload: "{\"n\":1}", uniqueKey: key, priority: priority, host: host, maxAttempts: maxAttempts)
    }

    func claim(_ database: any SQLDatabase, worker: String = "w1", hosts: [String]? = nil, lease: Int64 = 60_000, limit: Int = 1) async throws -> [ClaimedTask] {
        try await database.write { try WorkQueue.claim(kinds: [Self.kind], hosts: hosts, worker: worker, leaseMilliseconds: lease, limit: limit, in: $0) }
    }

    func status(_ database: any SQLDatabase, _ id: Int64) async throws -> (String, Int, String?) {
        try await database.read { connection in
            let row = try #require(try connection.queryFirst("SELECT status, attempts, last_error FROM queue_tasks WHERE id = ?", [.integer(id)]))
            return (try row.string("status"), try row.int("attempts"), row.optionalString("last_error"))
        }
    }

    func attempts(_ database: any SQLDatabase, _ id: Int64) async throws -> [String] {
        try await database.read { connection in
            try connection.query("SELECT attempt, worker, outcome FROM queue_attempts WHERE task_id = ? ORDER BY attempt", [.integer(id)])
                .map { "\(try $0.int("attempt")):\(try $0.string("worker")):\($0.optionalString("outcome") ?? "open")" }
        }
    }

    /// Moves a task's clock forward instead of sleeping (a loaded test machine makes short sleeps
    /// unreliable): its lease or backoff ends now.
    func expire(_ database: any SQLDatabase, _ id: Int64, column: String) async throws {
        try await database.write { connection in
            try connection.execute("UPDATE queue_tasks SET \(column) = {now} - 1 WHERE id = ?", [.integer(id)])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func uniqueKeyAddsATaskOnce(backend: TestBackend) async throws {
        try await backend.withDatabase(migrations: WorkQueueSchema.migrations) { database, _ in
            let first = try await database.write { try WorkQueue.enqueue(task("k1"), in: $0) }
            let second = try await database.write { try WorkQueue.enqueue(task("k1"), in: $0) }
            #expect(first != nil)
            #expect(second == nil)
            let counts = try await database.read { try WorkQueue.counts(in: $0) }
            #expect(counts == [.pending: 1])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aClaimedTaskIsNotClaimedAgainAndCompletes(backend: TestBackend) async throws {
        try await backend.withDatabase(migrations: WorkQueueSchema.migrations) { database, _ in
            let low = try #require(try await database.write { try WorkQueue.enqueue(task(priority: 0), in: $0) })
            let high = try #require(try await database.write { try WorkQueue.enqueue(task(priority: 5), in: $0) })
            let first = try #require(try await claim(database, worker: "w1").first)
            #expect(first.id == high, "higher priority first")
            #expect(first.attempt == 1)
            let second = try #require(try await claim(database, worker: "w2").first)
            #expect(second.id == low)
            #expect(try await claim(database, worker: "w3").isEmpty)
            try await database.write { try WorkQueue.complete(first, in: $0) }
            #expect(try await status(database, high).0 == "COMPLETED")
            #expect(try await attempts(database, high) == ["1:w1:COMPLETED"])
            // Completing twice is refused: the lease is gone.
            await #expect(throws: WorkQueueError.leaseLost(taskID: high, attempt: 1)) {
                try await database.write { try WorkQueue.complete(first, in: $0) }
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func failedAttemptsBackOffThenFailForGoodKeepingTheError(backend: TestBackend) async throws {
        try await backend.withDatabase(migrations: WorkQueueSchema.migrations) { database, _ in
            let id = try #require(try await database.write { try WorkQueue.enqueue(task(maxAttempts: 2), in: $0) })
            let first = try #require(try await claim(database).first)
            let disposition = try await database.write {
                try WorkQueue.fail(first, error: "disk on fire", backoff: RetryBackoff(baseMilliseconds: 60_000), in: $0)
            }
            guard case .retryScheduled = disposition else { Issue.record("expected a retry, got \(disposition)"); return }
            #expect(try await status(database, id).0 == "SCHEDULED")
            #expect(try await claim(database).isEmpty, "not claimable before its backoff ends")
            try await expire(database, id, column: "not_before")
            let second = try #require(try await claim(database, worker: "w2").first)
            #expect(second.attempt == 2)
            let last = try await database.write { try WorkQueue.fail(second, error: "still on fire", in: $0) }
            #expect(last == .failedPermanently)
            let (state, count, error) = try await status(database, id)
            #expect(state == "FAILED" && count == 2 && error == "still on fire")
            #expect(try await attempts(database, id) == ["1:w1:FAILED", "2:w2:FAILED"])
            #expect(try await database.write { try WorkQueue.retry(taskID: id, in: $0) })
            #expect(try await status(database, id).0 == "PENDING")
            #expect(try await claim(database, worker: "w3").first?.attempt == 3)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func anExpiredLeaseIsRescuedAndTheLostWorkerCannotFinish(backend: TestBackend) async throws {
        try await backend.withDatabase(migrations: WorkQueueSchema.migrations) { database, _ in
            let id = try #require(try await database.write { try WorkQueue.enqueue(task(maxAttempts: 2), in: $0) })
            let lost = try #require(try await claim(database, worker: "lost", lease: 60_000).first)
            #expect(try await database.write { try WorkQueue.rescueExpiredLeases(kinds: [Self.kind], in: $0) }.isEmpty, "lease still valid")
            try await expire(database, id, column: "lease_expires_at")
            let rescued = try await database.write { try WorkQueue.rescueExpiredLeases(kinds: [Self.kind], in: $0) }
            #expect(rescued.map(\.id) == [id])
            #expect(rescued.first?.newStatus == .scheduled)
            #expect(rescued.first?.lostWorker == "lost")
            let taker = try #require(try await claim(database, worker: "taker").first)
            #expect(taker.attempt == 2)
            #expect(try await database.write { try WorkQueue.renewLease(of: lost, milliseconds: 1000, in: $0) } == false)
            await #expect(throws: WorkQueueError.leaseLost(taskID: id, attempt: 1)) {
                try await database.write { try WorkQueue.complete(lost, in: $0) }
            }
            #expect(try await database.write { try WorkQueue.renewLease(of: taker, milliseconds: 1000, in: $0) })
            try await database.write { try WorkQueue.complete(taker, in: $0) }
            #expect(try await attempts(database, id) == ["1:lost:LOST", "2:taker:COMPLETED"])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aTaskThatKeepsLosingItsWorkerFailsAfterItsLastAttempt(backend: TestBackend) async throws {
        try await backend.withDatabase(migrations: WorkQueueSchema.migrations) { database, _ in
            let id = try #require(try await database.write { try WorkQueue.enqueue(task(maxAttempts: 1), in: $0) })
            _ = try await claim(database, worker: "crashy", lease: 60_000)
            try await expire(database, id, column: "lease_expires_at")
            let rescued = try await database.write { try WorkQueue.rescueExpiredLeases(kinds: [Self.kind], in: $0) }
            #expect(rescued.first?.newStatus == .failed)
            #expect(try await status(database, id).0 == "FAILED")
            #expect(try await claim(database).isEmpty)
        }
    }

    /// The worker that takes such a task back counts it failed for good: `--until-idle` exits 1.
    @Test func aWorkerThatTakesBackALastAttemptCountsItFailed() async throws {
        try await TestBackend.sqlite.withDatabase(migrations: WorkQueueSchema.migrations) { database, _ in
            let id = try #require(try await database.write { try WorkQueue.enqueue(task(maxAttempts: 1), in: $0) })
            _ = try await claim(database, worker: "crashy", lease: 60_000)
            try await expire(database, id, column: "lease_expires_at")
            let worker = QueueWorker(database: database, handler: NothingToDo(),
                                     options: QueueWorkerOptions(id: "rescuer", host: "h", acceptedHosts: nil, pollMilliseconds: 10, untilIdle: true),
                                     logger: Logger(label: "test"))
            let summary = try await worker.run()
            #expect(summary.rescued == 1 && summary.failedPermanently == 1, "\(summary)")
        }
    }

    /// A handler with nothing to do: the tests above drive the queue by hand.
    struct NothingToDo: TaskHandler {
        let kinds = [WorkQueueTests.kind]
        func perform(_ task: ClaimedTask) async throws -> TaskRecording { TaskRecording(summary: "nothing") { _ in } }
        func recordFailure(of task: ClaimedTask, error: String, disposition: FailureDisposition, in connection: any SQLConnection) throws {}
        func recordRescue(_ task: RescuedTask, in connection: any SQLConnection) throws {}
    }

    @Test(arguments: TestBackend.allCases)
    func hostFilterLeavesOtherHostsTasks(backend: TestBackend) async throws {
        try await backend.withDatabase(migrations: WorkQueueSchema.migrations) { database, _ in
            let remote = try #require(try await database.write { try WorkQueue.enqueue(task(host: "telescope"), in: $0) })
            let anywhere = try #require(try await database.write { try WorkQueue.enqueue(task(), in: $0) })
            #expect(try await claim(database, hosts: ["archive"]).map(\.id) == [anywhere])
            #expect(try await claim(database, hosts: ["archive"]).isEmpty)
            #expect(try await claim(database, hosts: ["telescope"]).map(\.id) == [remote])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func concurrentClaimersNeverShareATask(backend: TestBackend) async throws {
        try await backend.withDatabase(migrations: WorkQueueSchema.migrations) { database, url in
            try await database.write { connection in
                for _ in 0..<120 { try WorkQueue.enqueue(task(), in: connection) }
            }
            // Separate database handles: separate connections, as separate processes would have.
            let claimed = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for worker in 0..<6 {
                    group.addTask {
                        try await TestBackend.withOpen(url) { own in
                            var ids: [Int64] = []
                            while true {
                                let batch = try await own.write {
                                    try WorkQueue.claim(kinds: [Self.kind], hosts: nil, worker: "w\(worker)", leaseMilliseconds: 60_000, limit: 3, in: $0)
                                }
                                if batch.isEmpty { break }
                                ids += batch.map(\.id)
                            }
                            return ids
                        }
                    }
                }
                var all: [Int64] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(claimed.count == 120)
            #expect(Set(claimed).count == 120)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func workersAreLiveUntilTheyStopOrGoSilent(backend: TestBackend) async throws {
        try await backend.withDatabase(migrations: WorkQueueSchema.migrations) { database, _ in
            try await database.write { connection in
                // "a" and "c" beat every minute (a loaded machine cannot make them look silent); "b"
                // every second, and is given ten seconds of silence, more than three intervals.
                for (id, interval) in [("a", 60_000), ("b", 1_000), ("c", 60_000)] {
                    try WorkerRegistry.register(id: id, host: "h", pid: 1, kinds: [Self.kind], concurrency: 1,
                                                heartbeatIntervalMilliseconds: Int64(interval), in: connection)
                }
                try connection.execute("UPDATE queue_workers SET heartbeat_at = heartbeat_at - 10000 WHERE id = 'b'", [])
            }
            try await database.write { connection in
                try WorkerRegistry.beat(id: "a", in: connection)
                try WorkerRegistry.stop(id: "c", in: connection)
            }
            let workers = try await database.read { try WorkerRegistry.workers(in: $0) }
            let byID = Dictionary(uniqueKeysWithValues: workers.map { ($0.id, $0) })
            #expect(byID["a"]?.isLive == true)
            #expect(byID["b"]?.isLost == true)
            #expect(byID["c"]?.stoppedAt != nil && byID["c"]?.isLost == false)
        }
    }

    @Test(arguments: TestBackend.allCases)
    func batchesAreEnqueuedClaimedInOrderAndCompletedTogether(backend: TestBackend) async throws {
        try await backend.withDatabase(migrations: WorkQueueSchema.migrations) { database, _ in
            let tasks = [task("a", priority: 1), task("b", priority: 9), task("a", priority: 5), task(nil, priority: 1)]
            let ids = try await database.write { try WorkQueue.enqueueAll(tasks, in: $0) }
            #expect(ids.count == 3, "the second \"a\" is not added")
            let batch = try await claim(database, worker: "w1", limit: 10)
            #expect(batch.map(\.id) == [ids[1], ids[0], ids[2]], "priority first, then age")
            #expect(batch.allSatisfy { $0.attempt == 1 && $0.worker == "w1" })
            try await database.write { try WorkQueue.completeAll(batch, in: $0) }
            #expect(try await database.read { try WorkQueue.counts(in: $0) } == [.completed: 3])
            for id in ids { #expect(try await attempts(database, id) == ["1:w1:COMPLETED"]) }

            // A batch with one lost lease completes nothing.
            let more = try await database.write { try WorkQueue.enqueueAll([task(), task()], in: $0) }
            let second = try await claim(database, worker: "w2", limit: 10)
            try await expire(database, more[0], column: "lease_expires_at")
            _ = try await database.write { try WorkQueue.rescueExpiredLeases(kinds: [Self.kind], in: $0) }
            await #expect(throws: WorkQueueError.leaseLost(taskID: more[0], attempt: 1)) {
                try await database.write { try WorkQueue.completeAll(second, in: $0) }
            }
            #expect(try await status(database, more[1]).0 == "IN_PROGRESS", "rolled back with the rest")
        }
    }
}
