import Foundation
import Packaging
import WorkQueue

/// Builds a package on its source's host through the system OpenSSH client: `ssh HOST ferry
/// package build --plan -`, the plan on stdin, the result as JSON on stdout.
struct RemotePackageBuild: Sendable {
    let sshConfig: String?
    let remoteFerry: String

    func build(_ plan: PackageBuildPlan) async throws -> BuiltPackage {
        guard let host = plan.source.host else { throw TaskFailure("package \(plan.name): its source has no host to reach over SSH", retryable: false) }
        var arguments = ["-o", "BatchMode=yes"]
        if let sshConfig { arguments += ["-F", sshConfig] }
        arguments += [host, remoteFerry, "package", "build", "--plan", "-"]
        let input = try JSONEncoder().encode(plan)
        let (status, output, errors) = try await Self.run("/usr/bin/ssh", arguments, input: input)
        guard status == 0 else {
            let message = String(decoding: errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw TaskFailure("package \(plan.name) on \(host): \(message.isEmpty ? "ssh exited with \(status)" : message)")
        }
        do {
            return try JSONDecoder().decode(BuiltPackage.self, from: output)
        } catch {
            throw TaskFailure("package \(plan.name) on \(host): unreadable answer from the remote ferry")
        }
    }

    /// Runs a child process to its end on a Dispatch thread (never on the cooperative pool).
    static func run(_ executable: String, _ arguments: [String], input: Data) async throws -> (Int32, Data, Data) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: executable)
                    process.arguments = arguments
                    let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
                    process.standardInput = stdin
                    process.standardOutput = stdout
                    process.standardError = stderr
                    try process.run()
                    let errorData = LockedData()
                    let reader = Thread { errorData.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
                    reader.start()
                    stdin.fileHandleForWriting.write(input)
                    try? stdin.fileHandleForWriting.close()
                    let output = stdout.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    while !errorData.isSet { usleep(1000) }
                    return (process.terminationStatus, output, errorData.value)
                })
            }
        }
    }
}

/// Bytes handed from the stderr reader thread.
private final class LockedData: @unchecked Sendable {
    // Guarded by `lock`; @unchecked because NSLock predates Sendable checking.
    private let lock = NSLock()
    private var data = Data()
    private var done = false
    func set(_ value: Data) { lock.withLock { data = value; done = true } }
    var isSet: Bool { lock.withLock { done } }
    var value: Data { lock.withLock { data } }
}
