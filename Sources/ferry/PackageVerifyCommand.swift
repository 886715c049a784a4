import ArgumentParser
import Foundation
import Packaging
import SQLDatabase

/// `ferry package verify NAME`: re-reads a built tar and checks it against the database.
struct PackageVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-read a package's tar from its buffer and check every member against the database.",
        discussion: "Exit 0 when everything matches, 1 when something differs.")

    @Argument(help: "The package's name.")
    var name: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let result = try await reportingPackagingErrors {
            try await withDatabase(database) { try await PackageMaintenance.verify(packageName: name, database: $0) }
        }
        if result.problems.isEmpty {
            print("\(result.package): \(result.members) members match the database (\(result.path))")
        } else {
            for problem in result.problems { print("\(result.package): \(problem)") }
            throw ExitCode(CommandFailure.someUnitFailedExitCode)
        }
    }
}

/// `ferry package retry NAME`: re-queues a failed package.
struct PackageRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Queue a FAILED package again, with a fresh set of attempts (the old ones stay in the log).")

    @Argument(help: "The package's name.")
    var name: String

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await reportingPackagingErrors {
            try await withDatabase(database) { try await PackageMaintenance.retry(packageName: name, database: $0) }
        }
        print("\(name): queued again")
    }
}
