public import Foundation

/// A child process the test keeps running while it does other things, then kills or awaits:
/// for kill -9 trials and concurrent runs. Output goes to files, so a chatty child never blocks
/// on a full pipe; waiting happens in Foundation's termination handler, never on the test's threads.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `process` is only touched by start() before it is shared, and `exit` is guarded by `lock`.
    private let process = Process()
    private let lock = NSLock()
    private var exit: Int32?
    private var waiters: [CheckedContinuation<Int32, Never>] = []
    /// Where the child's stdout and stderr go.
    public let stdoutPath: String
    public let stderrPath: String

    /// Starts `executable`; its output is written to `<outputPrefix>.out` and `<outputPrefix>.err`.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                outputPrefix: String) throws {
        stdoutPath = outputPrefix + ".out"
        stderrPath = outputPrefix + ".err"
        guard FileManager.default.createFile(atPath: stdoutPath, contents: nil),
              FileManager.default.createFile(atPath: stderrPath, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: stdoutPath])
        }
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle(forWritingAtPath: stdoutPath)
        process.standardError = FileHandle(forWritingAtPath: stderrPath)
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [weak self] finished in self?.finish(finished.terminationStatus) }
        try process.run()
    }

    /// The child's process id.
    public var pid: Int32 { process.processIdentifier }

    /// Sends `signal` (SIGKILL by default) to the child.
    public func kill(_ signal: Int32 = SIGKILL) {
        _ = Foundation.kill(pid, signal)
    }

    /// The exit status once the child has ended (for a signal, the signal number).
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            lock.lock()
            if let exit {
                lock.unlock()
                continuation.resume(returning: exit)
            } else {
                waiters.append(continuation)
                lock.unlock()
            }
        }
    }

    /// What the child has written to stdout and stderr so far.
    public var stdoutText: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    public var stderrText: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    private func finish(_ status: Int32) {
        lock.lock()
        exit = status
        let ready = waiters
        waiters = []
        lock.unlock()
        for waiter in ready { waiter.resume(returning: status) }
    }

    /// Polls `condition` every 20 ms until it holds; false when `timeout` passes first.
    public static func eventually(timeout: Duration = .seconds(30), _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return condition()
    }
}
