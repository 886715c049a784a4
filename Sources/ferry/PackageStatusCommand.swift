import ArgumentParser
import Foundation
import Packaging
import SQLDatabase

/// `ferry package status`: packages per status, failures, stuck tasks, workers.
struct PackageStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show packages by status, every failed one with its error, expired leases and workers.",
        discussion: "Exit 1 when some package FAILED.")

    @Flag(help: "One JSON document on stdout.")
    var json = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let status = try await reportingPackagingErrors {
            try await withDatabase(database) { try await PackagingStatus.read(from: $0) }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(status), as: UTF8.self))
        } else {
            print(PackagingStatusTable.render(status))
        }
        if status.hasFailures { throw ExitCode(CommandFailure.someUnitFailedExitCode) }
    }
}

/// The human form of `ferry package status` (and of the demo's packaging step).
enum PackagingStatusTable {
    static func render(_ status: PackagingStatus) -> String {
        var lines: [String] = []
        let counts = status.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        lines.append("packages: \(status.packages.count)" + (counts.isEmpty ? "" : " (\(counts))")
                     + ", unpackaged files: \(status.unpackagedFiles)")
        let header = ["PACKAGE", "STATUS", "STATE", "FILES", "BYTES", "ATTEMPTS", "SHA256"]
        var rows = [header]
        for package in status.packages {
            rows.append([package.name, package.status, package.state, String(package.files.count),
                         package.size.map(String.init) ?? "-", String(package.attempts), package.sha256.map { String($0.prefix(16)) } ?? "-"])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            lines.append(row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        for package in status.packages where package.status == "FAILED" || (package.error != nil && package.status != "COMPLETED") {
            lines.append("\(package.status == "FAILED" ? "failed" : "retrying") \(package.name): \(package.error ?? "")")
        }
        for lease in status.expiredLeases {
            lines.append("expired lease: task \(lease.taskID) (\(lease.package ?? "?")) of \(lease.worker ?? "?"), \(lease.expiredMillisecondsAgo) ms ago")
        }
        for worker in status.workers {
            lines.append("worker \(worker.id): \(worker.state), last heartbeat \(worker.heartbeatMillisecondsAgo) ms ago")
        }
        return lines.joined(separator: "\n")
    }
}
