import DatabaseTestSupport
import FerryTestSupport
import Foundation
import SQLDatabase
import Testing

/// Managers and registrations as separate processes: run at the same time, or killed with SIGKILL
/// at random points and run again, they end exactly where one uninterrupted run ends.
@Suite(.serialized) struct PackageManagerProcessTests {
    /// Three source locations of one site, 40 (obs unit, module) groups of three files each; the
    /// obs units repeat across locations, so package numbers depend on the order passes commit in.
    func makeFixture(_ url: String) throws -> PackagingFixture {
        let fixture = try PackagingFixture(databaseURL: url, extraBufferLines: """

                  - {name: telescope-2, type: SOURCE, storage: disk, path: source-2}
                  - {name: telescope-3, type: SOURCE, storage: disk, path: source-3}
            """)
        for (index, folder) in ["source", "source-2", "source-3"].enumerated() {
            for unit in 0..<20 {
                for module in ["pc-280", "pc-350"] {
                    for file in 0..<3 {
                        try fixture.writeRawFile("../\(folder)/ou-\(unit)/\(module)/f\(index)-\(file).dat", size: 100 + file)
                    }
                }
            }
        }
        return fixture
    }

    static let locations = ["telescope", "telescope-2", "telescope-3"]

    /// Every package's name with its sorted files, every file's package, and the count of tasks.
    struct Outcome: Equatable, CustomStringConvertible {
        var packages: [String: [String]] = [:]
        var registeredFiles = 0
        var packagedFiles = 0
        var tasks = 0
        var packagesWithoutTask = 0
        var description: String {
            "\(packages.count) packages, \(registeredFiles) files registered, \(packagedFiles) packaged, \(tasks) tasks, \(packagesWithoutTask) without a task"
        }
    }

    func outcome(_ url: String) async throws -> Outcome {
        try await TestBackend.withOpen(url) { database in
            try await database.read { connection in
                var outcome = Outcome()
                for row in try connection.query("""
                    SELECT p.name, l.name AS location, f.relative_path FROM pkg_raw_files f
                    JOIN pkg_packages p ON p.id = f.package_id JOIN pkg_locations l ON l.id = f.location_id
                    """, []) {
                    outcome.packages[try row.string("name"), default: []].append(try row.string("location") + ":" + row.string("relative_path"))
                    outcome.packagedFiles += 1
                }
                for key in outcome.packages.keys { outcome.packages[key]!.sort() }
                outcome.registeredFiles = Int(try connection.scalar("SELECT COUNT(*) FROM pkg_raw_files")?.integer ?? -1)
                outcome.tasks = Int(try connection.scalar("SELECT COUNT(*) FROM queue_tasks")?.integer ?? -1)
                outcome.packagesWithoutTask = Int(try connection.scalar("""
                    SELECT COUNT(*) FROM pkg_packages p WHERE NOT EXISTS (SELECT 1 FROM queue_tasks t WHERE t.id = p.task_id)
                    """)?.integer ?? -1)
                return outcome
            }
        }
    }

    /// One uninterrupted registration and manager pass: what every other way of running must end with.
    func uninterruptedOutcome(_ backend: TestBackend) async throws -> Outcome {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try makeFixture(url)
            try await fixture.prepare()
            for location in Self.locations { try await fixture.succeed(["register", "--location", location, "--scan"]) }
            try await fixture.succeed(["manager", "--once"])
            let outcome = try await outcome(url)
            #expect(outcome.packages.count == 120 && outcome.packagedFiles == 360 && outcome.tasks == 120, "\(outcome)")
            return outcome
        }
    }

    @Test(arguments: TestBackend.allCases)
    func concurrentRegistrationsAndManagersPutEveryFileInExactlyOnePackage(backend: TestBackend) async throws {
        let expected = try await uninterruptedOutcome(backend)
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try makeFixture(url)
            try await fixture.prepare()
            // Each location registered by two processes at once, then four managers at once.
            let registrations = try Self.locations.flatMap { location in
                try (0..<2).map { try fixture.start(["register", "--location", location, "--scan"], name: "register-\(location)-\($0)") }
            }
            for process in registrations {
                #expect(await process.wait() == 0, "\(process.stderrText)")
            }
            let managers = try (0..<4).map { try fixture.start(["manager", "--once"], name: "manager-\($0)") }
            for process in managers {
                #expect(await process.wait() == 0, "\(process.stderrText)")
            }
            let outcome = try await outcome(url)
            #expect(outcome.registeredFiles == 360 && outcome.packagesWithoutTask == 0, "\(outcome)")
            #expect(outcome == expected, "concurrent runs: \(outcome); one run: \(expected)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func registrationsAndManagersKilledAtRandomPointsEndLikeOneUninterruptedRun(backend: TestBackend) async throws {
        let expected = try await uninterruptedOutcome(backend)
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try makeFixture(url)
            var random = SeededGenerator(seed: 2026_12_04)
            // Killed from process start-up (the schema migration) to the last commit of the pass.
            var round = 0
            func killedRun(_ arguments: [String]) async throws {
                round += 1
                let process = try fixture.start(arguments, name: "killed-\(round)")
                try await Task.sleep(for: .milliseconds(Int.random(in: 20...400, using: &random)))
                process.kill(SIGKILL)
                _ = await process.wait()
            }
            for _ in 0..<3 { try await killedRun(["init", "--config", fixture.directory.path("sites.yaml")]) }
            try await fixture.prepare()
            for location in Self.locations {
                for _ in 0..<2 { try await killedRun(["register", "--location", location, "--scan"]) }
                try await fixture.succeed(["register", "--location", location, "--scan"])
            }
            for _ in 0..<6 { try await killedRun(["manager", "--once"]) }
            let interrupted = try await outcome(url)
            try await fixture.succeed(["manager", "--once"])
            let outcome = try await outcome(url)
            #expect(outcome.registeredFiles == 360 && outcome.packagesWithoutTask == 0, "\(outcome)")
            #expect(outcome == expected, "after kills (\(interrupted) before the last pass): \(outcome); one run: \(expected)")
        }
    }
}
