import Foundation

/// A test server run as a child process (rclone, moto) whose lifetime is a scope: started, awaited
/// until it accepts connections on its loopback port, and always stopped and reaped before
/// `withRunning` returns, also when the body throws. Nothing outlives the test that started it.
enum ServerProcess {
    /// Runs `executable` with `arguments`, waits until `port` accepts connections, runs `body`, then
    /// sends `stopSignal` and waits for the child to exit.
    /// `environment` replaces the child's (nil: the test process's own); `logPath` receives its
    /// stdout and stderr (nil: discarded), for servers whose start-up failures need explaining.
    static func withRunning<T>(_ executable: URL, _ arguments: [String], port: Int, timeout: Double,
                               stopSignal: Int32, environment: [String: String]? = nil, logPath: String? = nil,
                               isolation: isolated (any Actor)? = #isolation,
                               _ body: () async throws -> T) async throws -> T {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let logPath, FileManager.default.createFile(atPath: logPath, contents: nil),
           let log = FileHandle(forWritingAtPath: logPath) {
            process.standardOutput = log
            process.standardError = log
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        try process.run()
        let child = RunningChild(process: process)
        let result: T
        do {
            try await FreePort.waitUntilListening(port: port, timeout: timeout)
            result = try await body()
        } catch {
            await child.stop(signal: stopSignal)
            throw error
        }
        await child.stop(signal: stopSignal)
        return result
    }
}

/// A started child process, handed to the thread that stops it.
private final class RunningChild: @unchecked Sendable {
    // Only touched by one thread at a time: the starter, then the stopping thread.
    private let process: Process

    init(process: Process) { self.process = process }

    /// Signals the child and waits for it to exit on a thread of its own: waiting on one of the
    /// cooperative pool's two threads would stall every other test meanwhile.
    func stop(signal: Int32) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread {
                kill(self.process.processIdentifier, signal)
                self.process.waitUntilExit()
                continuation.resume()
            }.start()
        }
    }
}
