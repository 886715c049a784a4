import Foundation
import Packaging
import Subprocess
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
        let result = try await Subprocess.run(
            .name("ssh"), arguments: Arguments(arguments),
            input: .data(try JSONEncoder().encode(plan)),
            output: .data(limit: 1 << 20), error: .data(limit: 1 << 20))
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
}
