// The work queue's throughput benchmark for scripts/bench.d/queue.sh (not part of the ferry command):
//   queue-bench run --database URL [--tasks N] [--workers W] [--batch B] [--enqueue-batch E] [--poll-ms P]
//     empties the queue's tables, starts W worker processes (this program's `work`), waits until each
//     is connected, then enqueues N no-op tasks and waits until every task is COMPLETED and every
//     worker has exited; prints one JSON line
//     {tasks, workers, batch, seconds, tasks_per_second, enqueue_seconds, claims, claim_p50_ms, claim_p99_ms, claim_max_ms}
//   queue-bench work --database URL --tasks N --batch B --poll-ms P --latencies FILE   (started by `run`)
//     claims up to B tasks in one transaction (WorkQueue.claim), does nothing with them, completes them
//     all in one more transaction (WorkQueue.completeAll), until N tasks are COMPLETED; writes the
//     wall time of every claim transaction that returned tasks, in nanoseconds, one a line, to FILE.
//     Tasks are enqueued E at a time (WorkQueue.enqueueAll).
// Workers are processes, not tasks in one process, as Celery's prefork workers and `ferry package
// worker`s on several hosts are: each holds its own connection and its own SQLite file handle.
// The clock starts before the first enqueue, with the workers already connected and polling (as a
// Celery worker is already running when tasks are sent), and stops when the last worker has exited.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import SQLDatabase
import SQLDatabaseBackends
import WorkQueue

let taskKind = "bench.noop"

/// Monotonic nanoseconds.
func now() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}

struct Options {
    var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) throws {
        var rest = arguments
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), let value = rest.popFirst() else { throw UsageError(message: "expected --name value, got \(name)") }
            values[String(name.dropFirst(2))] = value
        }
    }

    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw UsageError(message: "--\(name) is required") }
        return value
    }

    func int(_ name: String, default fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), value > 0 else { throw UsageError(message: "--\(name) must be a positive integer") }
        return value
    }
}

struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

func openDatabase(_ url: String) throws -> any SQLDatabase {
    try DatabaseURL(parsing: url).open()
}

/// Drops the queue's tables and creates them again, so every run starts from an empty, fresh table.
func resetQueue(_ database: any SQLDatabase) async throws {
    try await database.write { connection in
        for table in ["queue_attempts", "queue_workers", "queue_tasks", "schema_migrations"] {
            try connection.execute("DROP TABLE IF EXISTS \(table)")
        }
    }
    try await SchemaMigrator.migrate(database, WorkQueueSchema.migrations)
}

func completedCount(_ database: any SQLDatabase) async throws -> Int {
    try await database.read { connection in
        Int(try connection.scalar("SELECT COUNT(*) FROM queue_tasks WHERE status = 'COMPLETED'")?.integer ?? 0)
    }
}

/// One worker process: claim a batch, complete it in one transaction, until `tasks` are COMPLETED.
func work(_ options: Options) async throws {
    let database = try openDatabase(try options.string("database"))
    let expected = try options.int("tasks", default: 20_000)
    let batch = try options.int("batch", default: 1)
    let poll = try options.int("poll-ms", default: 5)
    let latenciesPath = try options.string("latencies")
    let worker = "bench-\(getpid())"
    _ = try await completedCount(database)  // connected before the parent starts the clock
    FileHandle.standardOutput.write(Data("ready\n".utf8))  // unbuffered: the parent waits for this line

    var latencies: [UInt64] = []
    latencies.reserveCapacity(expected)
    while true {
        let start = now()
        let count: Int
        do {
            let claimed = try await database.write { connection in
                try WorkQueue.claim(kinds: [taskKind], hosts: nil, worker: worker, leaseMilliseconds: 60_000, limit: batch, in: connection)
            }
            latencies.append(now() - start)
            count = claimed.count
            // The task itself does nothing; its completion is what a real handler's result would ride on.
            if count > 0 { try await database.write { connection in try WorkQueue.completeAll(claimed, in: connection) } }
        }
        if count == 0 {
            latencies.removeLast()  // only claims that returned tasks count
            if try await completedCount(database) >= expected { break }
            try await Task.sleep(for: .milliseconds(poll))
        }
    }
    await database.close()
    try latencies.map { String($0) }.joined(separator: "\n").write(toFile: latenciesPath, atomically: false, encoding: .utf8)
}

/// Starts this program with `arguments`, its standard output into a new pipe; returns the child's
/// pid and the pipe's read end. posix_spawn and waitpid rather than Foundation's Process: on Linux
/// `Process.waitUntilExit` spins its run loop, and a parent burning a core would be measured as the
/// queue's cost on a 2-core machine.
func spawnSelf(_ arguments: [String]) throws -> (pid: pid_t, output: Int32) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw UsageError(message: "pipe failed: errno \(errno)") }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
    posix_spawn_file_actions_addclose(&actions, fds[0])
    let program = "/proc/self/exe"
    let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    let status = posix_spawn(&pid, program, &actions, nil, argv, environ)
    close(fds[1])
    guard status == 0 else { throw UsageError(message: "posix_spawn failed: errno \(status)") }
    return (pid, fds[0])
}

/// Reads one line from `fd` (the child's "ready").
func readLine(from fd: Int32) -> String {
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") { bytes.append(byte) }
    return String(decoding: bytes, as: UTF8.self)
}

/// The exit status of child `pid`, once it has exited (blocks; the parent has nothing else to do).
func exitStatus(of pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}

func percentile(_ sorted: [UInt64], _ fraction: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
    return Double(sorted[max(index, 0)]) / 1e6
}

func run(_ options: Options) async throws {
    let url = try options.string("database")
    let tasks = try options.int("tasks", default: 20_000)
    let workers = try options.int("workers", default: 4)
    let batch = try options.int("batch", default: 1)
    let enqueueBatch = try options.int("enqueue-batch", default: 500)
    let poll = try options.int("poll-ms", default: 5)
    let logger = Logger(label: "queue-bench")

    let database = try openDatabase(url)
    try await resetQueue(database)

    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("queue-bench-\(getpid())")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    var children: [(pid: pid_t, latencies: String)] = []
    for index in 0..<workers {
        let latencies = scratch.appendingPathComponent("worker-\(index).txt").path
        let child = try spawnSelf(["work", "--database", url, "--tasks", String(tasks), "--batch", String(batch),
                                   "--poll-ms", String(poll), "--latencies", latencies])
        children.append((child.pid, latencies))
        let line = readLine(from: child.output)
        close(child.output)
        guard line == "ready" else { throw UsageError(message: "worker \(index) did not start: \(line)") }
    }

    let start = now()
    var enqueued = 0
    while enqueued < tasks {
        let count = min(enqueueBatch, tasks - enqueued)
        try await database.write { connection in
            try WorkQueue.enqueueAll(Array(repeating: NewTask(kind: taskKind, payload: "{}"), count: count), in: connection)
        }
        enqueued += count
    }
    let enqueueSeconds = Double(now() - start) / 1e9
    let statuses = children.map { exitStatus(of: $0.pid) }
    let seconds = Double(now() - start) / 1e9

    for (index, status) in statuses.enumerated() where status != 0 {
        logger.error("worker \(index) exited with status \(status)")
        exit(1)
    }
    let completed = try await completedCount(database)
    guard completed == tasks else { throw UsageError(message: "\(completed) of \(tasks) tasks completed") }
    await database.close()

    var latencies: [UInt64] = []
    for child in children {
        let text = try String(contentsOfFile: child.latencies, encoding: .utf8)
        latencies += text.split(separator: "\n").compactMap { UInt64($0) }
    }
    latencies.sort()
    let result: [String: Any] = [
        "tasks": tasks, "workers": workers, "batch": batch,
        "seconds": seconds, "tasks_per_second": Double(tasks) / seconds, "enqueue_seconds": enqueueSeconds,
        "claims": latencies.count,
        "claim_p50_ms": percentile(latencies, 0.50), "claim_p99_ms": percentile(latencies, 0.99),
        "claim_max_ms": percentile(latencies, 1.0),
    ]
    let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

@main
struct QueueBench {
    static func main() async {
        let arguments = CommandLine.arguments
        do {
            switch arguments.dropFirst().first {
            case "run": try await run(try Options(arguments.dropFirst(2)))
            case "work": try await work(try Options(arguments.dropFirst(2)))
            default: throw UsageError(message: "usage: queue-bench run --database URL [--tasks N] [--workers W] [--batch B] [--enqueue-batch E] [--poll-ms P]")
            }
        } catch {
            FileHandle.standardError.write(Data("queue-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
