import Crypto
import DatabaseTestSupport
import FerryTestSupport
import Foundation
import StationSimulator
import Stations
import Testing

/// `ferry stage` end to end: the real program against the station simulator over loopback HTTP,
/// into a directory or `rclone serve s3`, publishing into a static STAC catalog, on both databases.
@Suite(.serialized) struct StagingFlowTests {
    static func md5(_ data: Data) -> String { Insecure.MD5.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    @Test(arguments: TestBackend.allCases)
    func auxipFilesAreStagedVerifiedPublishedAndARerunDoesNothing(backend: TestBackend) async throws {
        var configuration = StationSimulatorConfiguration(kind: .auxip)
        configuration.fileCount = 12
        configuration.fileSize = 300_000
        try await StationSimulator.withRunning(configuration) { simulator in
            try await backend.withEmptyDatabaseURL { url in
                let fixture = try StagingFixture(databaseURL: url)
                let (status, report) = try await fixture.stage(fixture.runArguments(simulator))
                #expect(status == 0)
                #expect(report.collection == "tester_s1_aux")
                #expect(report.found == 12 && report.already_published == 0 && report.lists == 5)
                #expect(report.files.count == 12 && report.files.allSatisfy { $0.status == "DONE" }, "\(report.files)")
                for file in simulator.archive.files {
                    let stored = FileManager.default.contents(atPath: fixture.directory.path("staged/\(file.name)"))
                    #expect(stored.map(Self.md5) == simulator.archive.md5(of: file), "\(file.name) stored byte for byte")
                    let entry = report.files.first { $0.id == file.name }
                    #expect(entry?.href == fixture.destination + "/" + file.name && entry?.size == 300_000)
                }
                let items = try fixture.catalogItems()
                #expect(Set(items.keys) == Set(simulator.archive.files.map(\.name)))
                if let item = items[simulator.archive.files[0].name] {
                    let properties = item["properties"] as? [String: Any]
                    #expect(properties?["owner"] as? String == "tester")
                    #expect((properties?["created"] as? String)?.hasSuffix("000Z") == true, "dates normalised to microseconds")
                    let asset = (item["assets"] as? [String: Any])?["file"] as? [String: Any]
                    #expect(asset?["href"] as? String == fixture.destination + "/" + simulator.archive.files[0].name)
                    #expect(asset?["file:size"] as? Int == 300_000)
                    #expect(item["collection"] as? String == "tester_s1_aux")
                }
                #expect(try await fixture.attemptOutcomes() == ["COMPLETED": 12])
                let downloads = simulator.stats.downloadsCompleted

                // A rerun finds everything published: no download, no task, no new item.
                let (again, rerun) = try await fixture.stage(fixture.runArguments(simulator))
                #expect(again == 0 && rerun.found == 12 && rerun.already_published == 12 && rerun.files.isEmpty)
                #expect(simulator.stats.downloadsCompleted == downloads)
                #expect(try await fixture.attemptOutcomes() == ["COMPLETED": 12])
                #expect(try fixture.catalogItems().count == 12)

                let statusOutput = try await fixture.run(["stage", "status", "--json", "--database", url])
                #expect(statusOutput.status == 0)
                #expect(statusOutput.stdoutText.contains("\"DONE\":12"), "\(statusOutput.stdoutText)")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func cadipFilesFollowTheRedirectIntoS3(backend: TestBackend) async throws {
        var configuration = StationSimulatorConfiguration(kind: .cadip)
        configuration.fileCount = 6
        configuration.fileSize = 20_000_000
        try await StationSimulator.withRunning(configuration) { simulator in
            try await RcloneS3Server.withRunning(buckets: ["staging"]) { s3 in
                try await backend.withEmptyDatabaseURL { url in
                    var fixture = try StagingFixture(databaseURL: url)
                    fixture.environment = ["AWS_ACCESS_KEY_ID": s3.accessKey, "AWS_SECRET_ACCESS_KEY": s3.secretKey,
                                           "AWS_ENDPOINT_URL_S3": s3.endpoint, "AWS_REGION": "us-east-1"]
                    var arguments = fixture.runArguments(simulator, station: "CADIP", extra: ["--max-workers", "3"])
                    arguments[arguments.firstIndex(of: fixture.destination)!] = "s3://staging/chunks/"
                    let output = try await fixture.run(arguments)
                    #expect(output.status == 0, "\(output.stderrText)")
                    let report = try JSONDecoder().decode(StageReport.self, from: output.stdout)
                    #expect(report.collection == "tester_s1_chunk" && report.lists == 3)
                    #expect(report.files.allSatisfy { $0.status == "DONE" && $0.href == "s3://staging/chunks/\($0.id)" }, "\(report.files)")
                    for file in simulator.archive.files {
                        #expect(s3.contents(bucket: "staging", key: "chunks/\(file.name)").map(Self.md5) == simulator.archive.md5(of: file))
                    }
                    #expect(!output.stderrText.contains(s3.secretKey) && !output.stdoutText.contains(s3.secretKey))
                    #expect(try fixture.catalogItems().count == 6)
                }
            }
        }
    }

    @Test func aWrongChecksumFailsThatFileAfterItsRetriesAndLeavesNoObject() async throws {
        var configuration = StationSimulatorConfiguration(kind: .auxip)
        configuration.fileCount = 4
        let archive = StationArchive(configuration)
        configuration.faults.wrongChecksumNames = [archive.files[2].name]
        // Every file's first download is cut short: retried, then DONE.
        configuration.faults.droppedDownloads = (afterBytes: 1000, downloads: 1)
        try await StationSimulator.withRunning(configuration) { simulator in
            try await TestBackend.sqlite.withEmptyDatabaseURL { url in
                let fixture = try StagingFixture(databaseURL: url)
                let (status, report) = try await fixture.stage(fixture.runArguments(simulator))
                #expect(status == 1)
                let bad = archive.files[2].name
                let failed = report.files.filter { $0.status == "FAILED" }
                #expect(failed.map(\.id) == [bad])
                #expect(failed.first?.error?.contains("MD5") == true, "\(failed)")
                #expect(report.files.filter { $0.status == "DONE" }.count == 3)
                #expect(!FileManager.default.fileExists(atPath: fixture.directory.path("staged/\(bad)")), "no object for the bad file")
                #expect(try fixture.catalogItems()[bad] == nil)
                let outcomes = try await fixture.attemptOutcomes()
                #expect(outcomes["COMPLETED"] == 3 && outcomes["FAILED"] == 3 + 4, "one failed attempt each, four for the bad file: \(outcomes)")
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func twoRunsAtOnceStageAndPublishEachFileOnce(backend: TestBackend) async throws {
        var configuration = StationSimulatorConfiguration(kind: .auxip)
        configuration.fileCount = 30
        configuration.fileSize = 200_000
        try await StationSimulator.withRunning(configuration) { simulator in
            try await backend.withEmptyDatabaseURL { url in
                let fixture = try StagingFixture(databaseURL: url)
                // The database first, so the two runs do not race to create it.
                #expect(try await fixture.run(["stage", "status", "--database", url]).status == 0)
                let runs = try (0..<2).map { try fixture.start(fixture.runArguments(simulator), name: "run-\($0)") }
                for run in runs {
                    #expect(await run.wait() == 0, "\(run.stderrText)")
                }
                #expect(try await fixture.attemptOutcomes() == ["COMPLETED": 30], "each file staged by one attempt")
                #expect(simulator.stats.downloadsCompleted == 30, "each file downloaded once")
                #expect(try fixture.catalogItems().count == 30)
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func aRunKilledMidwayIsFinishedByTheNextOne(backend: TestBackend) async throws {
        var configuration = StationSimulatorConfiguration(kind: .cadip)
        configuration.fileCount = 8
        configuration.fileSize = 30_000_000
        try await StationSimulator.withRunning(configuration) { simulator in
            try await backend.withEmptyDatabaseURL { url in
                let fixture = try StagingFixture(databaseURL: url)
                let victim = try fixture.start(fixture.runArguments(simulator, station: "CADIP", extra: ["--lease", "1"]), name: "victim")
                let started = try await ChildProcess.eventually(timeout: .seconds(60)) { simulator.stats.downloadsCompleted >= 2 }
                #expect(started)
                victim.kill(SIGKILL)
                _ = await victim.wait()
                let (status, report) = try await fixture.stage(fixture.runArguments(simulator, station: "CADIP", extra: ["--lease", "1"]))
                #expect(status == 0)
                #expect(report.found == 8)
                #expect(report.already_published + report.files.filter { $0.status == "DONE" }.count == 8, "\(report)")
                let items = try fixture.catalogItems()
                #expect(items.count == 8)
                for file in simulator.archive.files {
                    let stored = FileManager.default.contents(atPath: fixture.directory.path("staged/\(file.name)"))
                    #expect(stored.map(Self.md5) == simulator.archive.md5(of: file))
                }
                let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.directory.path("staged"))
                    .filter { name in !simulator.archive.files.contains { $0.name == name } }
                #expect(leftovers.isEmpty, "no temporary file left: \(leftovers)")
            }
        }
    }

    @Test func badSettingsExitTwoBeforeAnyRequestAndAnEmptyWindowSucceeds() async throws {
        var configuration = StationSimulatorConfiguration(kind: .auxip)
        configuration.fileCount = 3
        try await StationSimulator.withRunning(configuration) { simulator in
            try await TestBackend.sqlite.withEmptyDatabaseURL { url in
                let fixture = try StagingFixture(databaseURL: url)
                let base = fixture.runArguments(simulator)
                func replacing(_ option: String, with value: String, in arguments: [String]? = nil) -> [String] {
                    var arguments = arguments ?? base
                    arguments[arguments.firstIndex(of: option)! + 1] = value
                    return arguments
                }
                for (arguments, expected) in [
                    (replacing("--station", with: "XYZ"), "XYZ"),
                    (replacing("--s3-path", with: "ftp://x"), "--s3-path"),
                    (replacing("--start", with: "yesterday"), "--start"),
                    (replacing("--stop", with: "2023-01-01T00:00:00Z"), "--start must be before --stop"),
                    (replacing("--mission", with: "../s1"), "--mission ../s1"),
                    (replacing("--station", with: "../AUXIP"), "../AUXIP"),
                    (base + ["--owner", "a/b"], "--owner a/b"),
                ] {
                    let output = try await fixture.run(arguments)
                    #expect(output.status == 2, "\(arguments)")
                    #expect(output.stderrText.contains(expected), "\(output.stderrText)")
                }
                #expect(simulator.stats.requests == 0, "no request before the settings are checked")

                let (status, report) = try await fixture.stage(
                    replacing("--stop", with: "2025-01-02T00:00:00Z", in: replacing("--start", with: "2025-01-01T00:00:00Z")))
                #expect(status == 0 && report.found == 0 && report.files.isEmpty)
                #expect(report.warnings.first?.contains("no file") == true)
            }
        }
    }

    /// With --json, stdout is one document even when the search failed: a script reads why.
    @Test func aFailedSearchStillPrintsOneJSONDocument() async throws {
        try await StationSimulator.withRunning(StationSimulatorConfiguration(kind: .auxip)) { simulator in
            try await TestBackend.sqlite.withEmptyDatabaseURL { url in
                let fixture = try StagingFixture(databaseURL: url)
                var arguments = fixture.runArguments(simulator) + ["--owner", "ops"]
                // A service root the station does not have: its /Products answers 404.
                arguments[arguments.firstIndex(of: "--station-url")! + 1] = simulator.baseURL + "/no-such-root"
                let output = try await fixture.run(arguments)
                #expect(output.status == 1, "\(output.stderrText)")
                let document = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any], "\(output.stdoutText)")
                #expect(document["collection"] as? String == "ops_s1_aux")
                #expect(document["found"] as? Int == 0 && (document["files"] as? [Any])?.isEmpty == true)
                #expect((document["error"] as? String)?.contains("404") == true, "\(document)")
            }
        }
    }

    @Test func filesNamedToLeaveTheirFolderAreRefusedBeforeAnythingIsWritten() async throws {
        var configuration = StationSimulatorConfiguration(kind: .auxip)
        configuration.fileCount = 5
        configuration.faults.renamedFiles = [1: "../escaped.EOF", 3: "nested/inside.EOF"]
        try await StationSimulator.withRunning(configuration) { simulator in
            try await TestBackend.sqlite.withEmptyDatabaseURL { url in
                let fixture = try StagingFixture(databaseURL: url)
                let (status, report) = try await fixture.stage(fixture.runArguments(simulator))
                #expect(status == 1)
                let refused = report.files.filter { $0.status == "FAILED" }
                #expect(Set(refused.map(\.id)) == ["../escaped.EOF", "nested/inside.EOF"])
                #expect(refused.allSatisfy { $0.error?.contains("refused before anything was written") == true }, "\(refused)")
                #expect(report.files.filter { $0.status == "DONE" }.count == 3)
                #expect(!FileManager.default.fileExists(atPath: fixture.directory.path("escaped.EOF")))
                #expect(!FileManager.default.fileExists(atPath: fixture.directory.path("staged/nested")))
                #expect(Set(try fixture.catalogItems().keys) == Set(report.files.filter { $0.status == "DONE" }.map(\.id)))
                #expect(try await fixture.attemptOutcomes() == ["COMPLETED": 3], "no task for a refused name")
            }
        }
    }

    /// The OAuth2 variables of the simulated station's `operator` account (password grant).
    static func operatorLogin(_ simulator: StationSimulator) -> [String: String] {
        ["FERRY_STATION_TOKEN_URL": simulator.tokenURL, "FERRY_STATION_USERNAME": "operator",
         "FERRY_STATION_PASSWORD": "pa55-word-not-shown", "FERRY_STATION_CLIENT_ID": "ferry"]
    }

    /// A token lives an hour: one for the search and one for the workers, not one per file (a
    /// 500-file run used to open 500 sessions at the identity provider).
    @Test func oneOAuth2TokenServesEveryFileOfARun() async throws {
        var configuration = StationSimulatorConfiguration(kind: .auxip)
        configuration.fileCount = 12
        configuration.fileSize = 10_000
        configuration.auth = .oauth2(username: "operator", password: "pa55-word-not-shown", clientID: "ferry")
        try await StationSimulator.withRunning(configuration) { simulator in
            try await TestBackend.sqlite.withEmptyDatabaseURL { url in
                var fixture = try StagingFixture(databaseURL: url)
                fixture.environment = Self.operatorLogin(simulator)
                let output = try await fixture.run(fixture.runArguments(simulator, station: "AUXIP"))
                #expect(output.status == 0, "\(output.stderrText)")
                let report = try JSONDecoder().decode(StageReport.self, from: output.stdout)
                #expect(report.files.count == 12 && report.files.allSatisfy { $0.status == "DONE" }, "\(report.files)")
                #expect(simulator.stats.downloadsCompleted == 12)
                #expect(simulator.stats.tokensIssued <= 2, "\(simulator.stats.tokensIssued) tokens for 12 files")
            }
        }
    }

    @Test func oauth2TokensThatExpireEarlyBusyAnswersAndSlowAnswersStillStageEveryFile() async throws {
        var configuration = StationSimulatorConfiguration(kind: .cadip)
        configuration.fileCount = 6
        configuration.fileSize = 1_000_000
        configuration.auth = .oauth2(username: "operator", password: "pa55-word-not-shown", clientID: "ferry")
        configuration.faults.tokenExpiresAfterRequests = 3
        configuration.faults.serviceUnavailableFirst = 2
        configuration.faults.slowAnswers = .milliseconds(150)
        try await StationSimulator.withRunning(configuration) { simulator in
            try await TestBackend.sqlite.withEmptyDatabaseURL { url in
                var fixture = try StagingFixture(databaseURL: url)
                fixture.environment = Self.operatorLogin(simulator)
                let output = try await fixture.run(fixture.runArguments(simulator, station: "CADIP"))
                #expect(output.status == 0, "\(output.stderrText)")
                let report = try JSONDecoder().decode(StageReport.self, from: output.stdout)
                #expect(report.files.count == 6 && report.files.allSatisfy { $0.status == "DONE" }, "\(report.files)")
                #expect(simulator.stats.tokensIssued > 1, "the token was refreshed when the station refused it")
                #expect(!output.stderrText.contains("pa55-word-not-shown") && !output.stdoutText.contains("pa55-word-not-shown"))

                // A wrong password is a configuration error before anything is staged.
                var wrong = fixture
                wrong.environment["FERRY_STATION_PASSWORD"] = "wrong-secret-value"
                let refused = try await wrong.run(wrong.runArguments(simulator, station: "CADIP"))
                #expect(refused.status == 2, "\(refused.stderrText)")
                #expect(!refused.stderrText.contains("wrong-secret-value"))
            }
        }
    }
}
