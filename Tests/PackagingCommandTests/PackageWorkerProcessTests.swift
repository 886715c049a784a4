import DatabaseTestSupport
import FerryTestSupport
import Foundation
import SQLDatabase
import Testing

/// Several worker processes on one queue, and a worker killed with SIGKILL mid-package.
@Suite(.serialized) struct PackageWorkerProcessTests {
    /// Counts attempts per outcome from the operations log.
    func attemptOutcomes(_ url: String) async throws -> [String: Int] {
        try await TestBackend.withOpen(url) { database in
            try await database.read { connection in
                var counts: [String: Int] = [:]
                for row in try connection.query("SELECT COALESCE(outcome, 'OPEN') AS outcome, COUNT(*) AS n FROM queue_attempts GROUP BY outcome", []) {
                    counts[try row.string("outcome")] = try row.int("n")
                }
                return counts
            }
        }
    }

    static let cases: [(TestBackend, Int)] = [(.sqlite, 2), (.sqlite, 4), (.postgres, 2), (.postgres, 4)]

    @Test(arguments: cases)
    func workerProcessesBuildEachPackageExactlyOnce(backend: TestBackend, workers: Int) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            // 200 (obs unit, module) pairs of two small files each: 200 packages.
            for unit in 0..<100 {
                for module in ["pc-280", "pc-350"] {
                    try fixture.writeRawFile("ou-\(unit)/\(module)/one.dat", size: 700)
                    try fixture.writeRawFile("ou-\(unit)/\(module)/two.dat", size: 300)
                }
            }
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            let processes = try (0..<workers).map {
                try fixture.startWorker(["--until-idle", "--concurrency", "2", "--poll-interval", "0.05"], name: "worker-\($0)")
            }
            for process in processes {
                let code = await process.wait()
                #expect(code == 0, "\(process.stderrText)")
            }
            let status = try await fixture.status()
            #expect(status.packages.count == 200)
            #expect(status.packages.allSatisfy { $0.status == "COMPLETED" && $0.attempts == 1 })
            let files = status.packages.flatMap(\.files)
            #expect(files.count == 400 && Set(files).count == 400, "each file in exactly one package")
            #expect(try await attemptOutcomes(url) == ["COMPLETED": 200], "each package built exactly once")
            let built = processes.map { process in
                Int(process.stdoutText.split(separator: " ").dropFirst(2).first ?? "0") ?? 0
            }
            #expect(built.reduce(0, +) == 200, "the workers' own counts add up: \(built)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aWorkerKilledMidFileLosesNothingAndLeavesNoPartialTar(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            try fixture.writeRawFile("ou-1/pc-280/large.dat", size: 400_000_000)
            try fixture.writeRawFile("ou-1/pc-280/small.dat", size: 1000)
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            let folder = fixture.buffer + "/ccat"
            let finalTar = folder + "/ccat_ou-1_pc-280_0001.tar"
            let victim = try fixture.startWorker(["--lease", "2", "--poll-interval", "0.05"], name: "victim")
            // Kill it once its temporary tar has grown past a few MB: in the middle of the large file.
            let midway = try await ChildProcess.eventually(timeout: .seconds(60)) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                return names.contains { name in
                    name.hasSuffix(".tmp") && ((try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.size] as? Int) ?? 0) ?? 0 > 4_000_000
                }
            }
            #expect(midway, "the worker started writing")
            victim.kill(SIGKILL)
            _ = await victim.wait()
            #expect(!FileManager.default.fileExists(atPath: finalTar), "no tar under the final name after the kill")
            let stuck = try await fixture.status()
            #expect(stuck.packages.first?.status == "IN_PROGRESS")
            // The survivor waits out the lease, takes the package back and builds it.
            let survivor = try await fixture.run(["worker", "--until-idle", "--lease", "2", "--poll-interval", "0.1"])
            #expect(survivor.status == 0, "\(survivor.stderrText)")
            let status = try await fixture.status()
            let package = try #require(status.packages.first)
            #expect(package.status == "COMPLETED" && package.attempts == 2)
            #expect(status.workers.contains { $0.state == "lost" }, "the killed worker shows as lost")
            #expect(try await attemptOutcomes(url) == ["LOST": 1, "COMPLETED": 1])
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty, "the killed worker's temporary was removed: \(leftovers)")
            let sum = try await ProcessOutput.run("/usr/bin/sha256sum", [finalTar])
            #expect(sum.stdoutText.hasPrefix(package.sha256 ?? "-"))
            try await fixture.succeed(["verify", package.name])
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aWorkerStoppedBySIGTERMHandsItsPackageBackAtOnce(backend: TestBackend) async throws {
        try await backend.withEmptyDatabaseURL { url in
            let fixture = try PackagingFixture(databaseURL: url)
            try fixture.writeRawFile("ou-1/pc-280/large.dat", size: 400_000_000)
            try await fixture.prepare()
            try await fixture.succeed(["register", "--location", "telescope", "--scan"])
            try await fixture.succeed(["manager", "--once"])
            let folder = fixture.buffer + "/ccat"
            // A long lease: only the hand-back, not an expiry, can free the package quickly.
            let worker = try fixture.startWorker(["--lease", "600", "--poll-interval", "0.05"], name: "stopped")
            #expect(try await ChildProcess.eventually(timeout: .seconds(60)) {
                ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).contains { $0.hasSuffix(".tmp") }
            })
            worker.kill(SIGTERM)
            let code = await worker.wait()
            #expect(code == 0, "\(worker.stderrText)")
            let status = try await fixture.status()
            let package = try #require(status.packages.first)
            #expect(package.status == "PENDING" && package.attempts == 0, "handed back, the attempt not counted")
            #expect(status.workers.first?.state == "stopped")
            #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty, "its temporary is gone")
            try await fixture.succeed(["worker", "--until-idle", "--poll-interval", "0.05", "--lease", "600"])
            let done = try #require(try await fixture.status().packages.first)
            #expect(done.status == "COMPLETED" && done.attempts == 1)
            #expect(try await attemptOutcomes(url) == ["RELEASED": 1, "COMPLETED": 1])
        }
    }
}
