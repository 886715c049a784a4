import ArgumentParser
import Foundation
import Packaging

/// `ferry package build --plan -`: builds one package on this host from a plan on stdin and prints
/// the result as JSON: what a worker with --ssh runs on the source's host (no database needed there).
struct PackageBuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build one package from a JSON plan on stdin (run over SSH by `worker --ssh`).",
        shouldDisplay: false)

    @Option(help: "Where the plan comes from; only - (stdin) is supported.")
    var plan: String = "-"

    func run() async throws {
        guard plan == "-" else { throw CommandFailure.configuration("--plan takes - (the plan is read from stdin)") }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        let decoded: PackageBuildPlan
        do {
            decoded = try JSONDecoder().decode(PackageBuildPlan.self, from: data)
        } catch {
            throw CommandFailure.configuration("the plan on stdin is not a package plan: \(error)")
        }
        do {
            let built = try await PackageBuilder().build(decoded)
            print(String(decoding: try JSONEncoder().encode(built), as: UTF8.self))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(CommandFailure.someUnitFailedExitCode)
        }
    }
}
