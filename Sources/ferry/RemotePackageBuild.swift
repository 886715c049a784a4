import Foundation
import OffPool
import Packaging
import Subprocess
import SystemPackage
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
        // Subprocess waits for the child off the cooperative pool and, when this task is
        // cancelled (SIGTERM hands the package back), ends ssh instead of waiting for the build.
        // The plan goes to ssh from an unlinked file rather than a pipe: ssh that exits before
        // reading it (an unreachable host) then leaves nothing half-written (swift-subprocess
        // 1.0.2 traps on the pipe it could not finish writing).
        let planFile = try await Self.unlinkedFile(holding: try JSONEncoder().encode(plan))
        // The answer lists every member (about 150 bytes each): room for millions of files.
        let result = try await Self.naming("package \(plan.name) on \(host): ssh") {
            try await Subprocess.run(
                .name("ssh"), arguments: Arguments(arguments),
                input: .fileDescriptor(FileDescriptor(rawValue: planFile), closeAfterSpawningProcess: true),
                output: .data(limit: 1 << 30), error: .data(limit: 1 << 20))
        }
        guard result.terminationStatus.isSuccess else {
            let message = String(decoding: result.standardError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw TaskFailure("package \(plan.name) on \(host): \(message.isEmpty ? "ssh ended with \(result.terminationStatus)" : message)")
        }
        do {
            return try JSONDecoder().decode(BuiltPackage.self, from: result.standardOutput)
        } catch {
            throw TaskFailure("package \(plan.name) on \(host): unreadable answer from the remote ferry")
        }
    }

    /// A descriptor, at offset 0, of a file holding `data` that no path names any more.
    private static func unlinkedFile(holding data: Data) async throws -> Int32 {
        try await OffPool.run {
            var template = Array((NSTemporaryDirectory() + "/ferry-plan-XXXXXX").utf8CString)
            let fd = mkstemp(&template)
            guard fd >= 0 else { throw TaskFailure("cannot create a file for the plan: \(String(cString: strerror(errno)))") }
            unlink(template)
            var offset = 0
            while offset < data.count {
                let written = data.withUnsafeBytes { bytes in write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break }
                offset += written
            }
            guard offset == data.count, lseek(fd, 0, SEEK_SET) == 0 else {
                close(fd)
                throw TaskFailure("cannot write the plan to a file: \(String(cString: strerror(errno)))")
            }
            return fd
        }
    }

    /// Runs `body`, a failure of which (ssh gone before reading the plan, an answer over the limit)
    /// fails the attempt naming `what`; cancellation stays cancellation.
    private static func naming<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw TaskFailure("\(what): \(error)")
        }
    }
}
