import ArgumentParser
import Foundation
import Packaging
import SQLDatabase

/// `ferry package manager`: the seed's `create_raw_data_packages`, once or in a loop.
struct PackageManagerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manager",
        abstract: "Group unpackaged files by (obs unit, module) into packages and queue one build task each.",
        discussion: """
            A site without an active BUFFER is a configuration error for that site; the other sites go on, \
            and the command exits 2 at the end of the pass.
            """)

    @Flag(help: "Run one pass and exit (the default).")
    var once = false

    @Option(help: ArgumentHelp("Run a pass every this many seconds until stopped.", valueName: "seconds"))
    var interval: Double?

    @Option(help: ArgumentHelp("Largest package, in bytes of its files (the tar adds a 512-byte header per file and its end blocks; a single larger file still makes one package).", valueName: "bytes"))
    var maxPackageSize: Int64 = PackageManager.defaultMaxPackageBytes

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if once && interval != nil { throw ValidationError("give --once or --interval, not both") }
        if let interval, interval <= 0 { throw ValidationError("--interval must be positive") }
        if maxPackageSize <= 0 { throw ValidationError("--max-package-size must be positive") }
    }

    func run() async throws {
        try await reportingPackagingErrors {
            try await withDatabase(database) { db in
                let manager = PackageManager(database: db, maxPackageBytes: maxPackageSize)
                while true {
                    let summary: PackageManager.PassSummary
                    do {
                        summary = try await manager.runPass()
                    } catch let error as SQLDatabaseError where interval != nil {
                        // A manager that runs for ever waits out a database outage, as workers do.
                        guard case .unreachable = error else { throw error }
                        FileHandle.standardError.write(Data("ferry: \(error); trying again in \(interval!) s\n".utf8))
                        try await Task.sleep(for: .milliseconds(Int(interval! * 1000)))
                        continue
                    }
                    for package in summary.created {
                        print("queued \(package.name): \(package.files) files, \(package.bytes) bytes")
                    }
                    // A log file or journald sees each pass as it ends, not when the buffer fills.
                    fflush(nil)
                    for error in summary.siteErrors {
                        FileHandle.standardError.write(Data("ferry: configuration error: \(error)\n".utf8))
                    }
                    guard let interval else {
                        if !summary.siteErrors.isEmpty {
                            throw CommandFailure.configuration("\(summary.siteErrors.count) site(s) could not be packaged")
                        }
                        return
                    }
                    try await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                }
            }
        }
    }
}
