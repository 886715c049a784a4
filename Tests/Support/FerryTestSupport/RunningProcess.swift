import Foundation
import Synchronization

/// A child process that runs while a test talks to it (a server, a long command), ended by the scope
/// that started it: `try await RunningProcess.withRunning(…) { child in … }`.
///
/// Nothing here blocks Swift's cooperative pool: the child's output is read on threads of its own,
/// its exit is recorded by Foundation's termination handler, and waits are suspensions with a deadline.
public final class RunningProcess: Sendable {
    /// How the child ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        public var description: String {
            switch self {
            case let .exited(code): "exited with status \(code)"
            case let .signalled(signal): "killed by signal \(signal)"
            }
        }
    }

    private struct Output {
        var lines: [String] = []
        var closed = false
        var errorText = ""
    }

    /// What the reader threads and the termination handler record, shared with them by reference.
    private final class Record: Sendable {
        let output = Mutex(Output())
        let ended = Mutex<Termination?>(nil)
    }

    /// The child's process id.
    public let pid: Int32
    private let record = Record()

    private init(_ executable: String, _ arguments: [String], environment: [String: String]?) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let record = self.record
        process.terminationHandler = { process in
            let how: Termination = process.terminationReason == .exit ? .exited(process.terminationStatus)
                                                                     : .signalled(process.terminationStatus)
            record.ended.withLock { $0 = how }
        }
        try process.run()
        pid = process.processIdentifier

        let standardOutput = out.fileHandleForReading
        Thread {
            var pending = Data()
            while case let chunk = standardOutput.readChunkRetryingInterrupts(), !chunk.isEmpty {
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    record.output.withLock { $0.lines.append(line) }
                }
            }
            record.output.withLock { state in
                if !pending.isEmpty { state.lines.append(String(decoding: pending, as: UTF8.self)) }
                state.closed = true
            }
        }.start()
        let standardError = err.fileHandleForReading
        Thread {
            while case let chunk = standardError.readChunkRetryingInterrupts(), !chunk.isEmpty {
                record.output.withLock { $0.errorText += String(decoding: chunk, as: UTF8.self) }
            }
        }.start()
    }

    /// Starts `executable`, runs `body` with it, and kills it (SIGKILL) if it still runs when `body` ends.
    public static func withRunning<Result>(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (RunningProcess) async throws -> Result
    ) async throws -> Result {
        let child = try RunningProcess(executable, arguments, environment: environment)
        do {
            let result = try await body(child)
            await child.end()
            return result
        } catch {
            await child.end()
            throw error
        }
    }

    /// The first line of standard output that contains `text`, or nil if the output closes or `limit`
    /// passes first.
    public func firstLine(containing text: String, within limit: Duration) async -> String? {
        await awaitValue(within: limit) {
            record.output.withLock { state in
                if let line = state.lines.first(where: { $0.contains(text) }) { return .some(line) }
                return state.closed ? .some(nil) : nil
            }
        } ?? nil
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) {
        kill(pid, signal)
    }

    /// How the child ended, or nil if it still runs after `limit`.
    public func termination(within limit: Duration) async -> Termination? {
        await awaitValue(within: limit) { record.ended.withLock { $0 } }
    }

    /// What the child wrote to standard error so far.
    public var standardError: String { record.output.withLock { $0.errorText } }

    /// Checks `probe` every 20 ms until it gives a value or `limit` passes; the check costs a lock,
    /// the wait in between is a suspension.
    private func awaitValue<Value>(within limit: Duration, _ probe: () -> Value?) async -> Value? {
        let deadline = ContinuousClock.now + limit
        while true {
            if let value = probe() { return value }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func end() async {
        if record.ended.withLock({ $0 }) == nil { kill(pid, SIGKILL) }
        _ = await termination(within: .seconds(30))
    }
}
