public import Foundation

/// What a finished child process printed and how it exited.
public struct ProcessOutput: Sendable {
    public let status: Int32
    public let stdout: Data
    public let stderr: Data

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// Runs `executable` to completion, capturing both streams.
    ///
    /// The wait happens on a thread of its own: a test blocked on a child would otherwise hold one
    /// of the two threads of Swift's cooperative pool and starve every other test for seconds.
    public static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil,
                           environment: [String: String]? = nil) async throws -> ProcessOutput {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments, stdin: stdin, environment: environment)
                })
            }.start()
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], stdin: Data?,
                                    environment: [String: String]?) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
        let errData = LockedData()
        let errReader = Thread { errData.set(err.fileHandleForReading.readToEndRetryingInterrupts()) }
        errReader.start()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try? input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readToEndRetryingInterrupts()
        process.waitUntilExit()
        while !errData.isSet { usleep(1000) }
        return ProcessOutput(status: process.terminationStatus, stdout: outData, stderr: errData.get())
    }
}

/// A child process that did not exit as expected.
public struct ProcessFailure: Error, CustomStringConvertible {
    public let command: String
    public let output: ProcessOutput

    public init(command: String, output: ProcessOutput) {
        self.command = command
        self.output = output
    }
    public var description: String {
        "\(command) exited \(output.status): \(output.stderrText.suffix(2000))"
    }
}

private final class LockedData: @unchecked Sendable {
    // A lock guards the only mutable state; used to hand data from the reader thread.
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.withLock { data = value } }
    var isSet: Bool { lock.withLock { data != nil } }
    func get() -> Data { lock.withLock { data ?? Data() } }
}
