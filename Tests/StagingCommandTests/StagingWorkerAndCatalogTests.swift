import DatabaseTestSupport
import FerryTestSupport
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StationSimulator
import Stations
import Testing

/// Staging with workers on "other hosts" (separate `ferry stage worker` processes sharing
/// PostgreSQL), into a STAC API (stac-fastapi-pgstac), and a static catalog that stac-validator reads.
@Suite(.serialized) struct StagingWorkerAndCatalogTests {
    @Test func workerProcessesStageWhatARunQueues() async throws {
        var configuration = StationSimulatorConfiguration(kind: .auxip)
        configuration.fileCount = 16
        configuration.fileSize = 2_000_000
        try await StationSimulator.withRunning(configuration) { simulator in
            try await TestBackend.postgres.withEmptyDatabaseURL { url in
                let fixture = try StagingFixture(databaseURL: url)
                #expect(try await fixture.run(["stage", "status", "--database", url]).status == 0)
                let workers = try (0..<2).map {
                    try fixture.start(["stage", "worker", "--concurrency", "2", "--poll-interval", "0.1", "--retry-delay", "0.05",
                                       "--database", url], name: "worker-\($0)")
                }
                let (status, report) = try await fixture.stage(fixture.runArguments(simulator, extra: ["--no-local-workers"]))
                for worker in workers { worker.kill(SIGTERM) }
                var summaries: [String] = []
                for worker in workers {
                    #expect(await worker.wait() == 0, "\(worker.stderrText)")
                    summaries.append(worker.stdoutText)
                }
                #expect(status == 0)
                #expect(report.files.count == 16 && report.files.allSatisfy { $0.status == "DONE" }, "\(report.files)")
                #expect(try await fixture.attemptOutcomes() == ["COMPLETED": 16], "each file staged once, by the workers")
                let staged = summaries.compactMap { $0.split(separator: " ").dropFirst(2).first.flatMap { Int($0) } }
                #expect(staged.reduce(0, +) == 16, "the worker processes staged them all: \(summaries)")
                #expect(try fixture.catalogItems().count == 16)
            }
        }
    }

    @Test func aStaticCatalogWrittenByStagingPassesStacValidator() async throws {
        var configuration = StationSimulatorConfiguration(kind: .cadip)
        configuration.fileCount = 5
        configuration.fileSize = 100_000
        try await StationSimulator.withRunning(configuration) { simulator in
            try await TestBackend.sqlite.withEmptyDatabaseURL { url in
                let fixture = try StagingFixture(databaseURL: url)
                let (status, report) = try await fixture.stage(fixture.runArguments(simulator, station: "CADIP"))
                #expect(status == 0 && report.files.count == 5)
                var paths: [String] = []
                let walker = FileManager.default.enumerator(atPath: fixture.catalog)
                while let path = walker?.nextObject() as? String {
                    if path.hasSuffix(".json") { paths.append(fixture.catalog + "/" + path) }
                }
                #expect(paths.count == 1 + 1 + 5, "catalog.json, one collection.json, five items: \(paths)")
                let invalid = try await STACValidator.invalidFiles(paths)
                #expect(invalid.isEmpty, "\(invalid)")
            }
        }
    }

    @Test func stagingIntoStacFastapiPgstacPublishesOnceAndARerunFindsEverything() async throws {
        var configuration = StationSimulatorConfiguration(kind: .auxip)
        configuration.fileCount = 12
        configuration.fileSize = 50_000
        try await StationSimulator.withRunning(configuration) { simulator in
            try await STACAPIServer.withRunning { stac in
                try await TestBackend.sqlite.withEmptyDatabaseURL { url in
                    let fixture = try StagingFixture(databaseURL: url)
                    var arguments = fixture.runArguments(simulator)
                    arguments[arguments.firstIndex(of: fixture.catalog)!] = stac.baseURL
                    let (status, report) = try await fixture.stage(arguments)
                    #expect(status == 0 && report.files.filter { $0.status == "DONE" }.count == 12, "\(report.files)")
                    let items = try await Self.itemIDs(stac.baseURL, collection: "tester_s1_aux")
                    #expect(items.sorted() == simulator.archive.files.map(\.name).sorted())

                    // A second run on a fresh queue: only the catalog's search can tell it what is published.
                    try await TestBackend.sqlite.withEmptyDatabaseURL { otherURL in
                        let other = try StagingFixture(databaseURL: otherURL)
                        var rerun = other.runArguments(simulator)
                        rerun[rerun.firstIndex(of: other.catalog)!] = stac.baseURL
                        let (again, second) = try await other.stage(rerun)
                        #expect(again == 0 && second.already_published == 12 && second.files.isEmpty, "\(second)")
                    }
                    #expect(try await Self.itemIDs(stac.baseURL, collection: "tester_s1_aux").count == 12)
                }
            }
        }
    }

    @Test func whenTheCatalogCannotBeSearchedEverythingIsStagedAndNothingPublishedTwice() async throws {
        var configuration = StationSimulatorConfiguration(kind: .auxip)
        configuration.fileCount = 6
        configuration.fileSize = 50_000
        try await StationSimulator.withRunning(configuration) { simulator in
            try await STACAPIServer.withRunning { stac in
                try await SearchFailingProxy.withRunning(to: stac.baseURL) { proxy in
                    let first = try StagingFixture(databaseURL: "")
                    for round in 0..<2 {
                        // A fresh queue each round, the same destination: only the catalog could say
                        // what is published, and it cannot.
                        try await TestBackend.sqlite.withEmptyDatabaseURL { url in
                            var fixture = first
                            fixture.databaseURL = url
                            var arguments = fixture.runArguments(simulator)
                            arguments[arguments.firstIndex(of: fixture.catalog)!] = proxy.baseURL
                            let (status, report) = try await fixture.stage(arguments)
                            #expect(status == 0, "round \(round): \(report)")
                            #expect(report.already_published == 0 && report.files.filter { $0.status == "DONE" }.count == 6)
                            #expect(report.warnings.contains { $0.contains("staging all 6") }, "\(report.warnings)")
                        }
                    }
                    #expect(try await Self.itemIDs(stac.baseURL, collection: "tester_s1_aux").sorted()
                            == simulator.archive.files.map(\.name).sorted(), "each item once")
                }
            }
        }
    }

    /// Every item id of `collection`, following the API's `next` links.
    static func itemIDs(_ base: String, collection: String) async throws -> [String] {
        var ids: [String] = []
        var next: URL? = URL(string: "\(base)/collections/\(collection)/items?limit=100")
        while let url = next {
            let (data, _) = try await URLSession.shared.data(from: url)
            let page = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            ids += (page["features"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            next = (page["links"] as? [[String: Any]] ?? []).first { $0["rel"] as? String == "next" }
                .flatMap { $0["href"] as? String }.flatMap(URL.init(string:))
        }
        return ids
    }
}
