import Foundation
import Testing
import FerryTestSupport
import Telemetry
import UTCDate

/// `ferry process` end to end: reference-style artifacts → CDFs, the ledger, and seed 002's runbook.
@Suite struct ProcessCommandTests {
    let ferry = BuiltProducts.path("ferry")
    let directory: TemporaryDirectory
    var input: String { directory.path("in") }
    var output: String { directory.path("out") }
    var ledger: Ledger { Ledger(path: input + "/download_telemetry.csv") }

    init() throws {
        directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.path("in"), withIntermediateDirectories: true)
    }

    /// A small artifact for `day` in the reference tool's CSV form, written by Python.
    func artifact(_ day: String, corrupt: Bool = false) async throws {
        let compact = day.replacingOccurrences(of: "-", with: "")
        let path = "\(input)/REACH-ALL_\(compact)T000000_\(compact)T235959.csv"
        try await PythonPeer.run("""
            import csv, sys
            day, path, corrupt = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
            cols = ["id", "idSensor", "observatoryName", "lat", "lon", "alt", "senPos", "obTime", "seoList", "descriptor", "createdAt"]
            with open(path, "w", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(cols)
                for t in range(0, 60, 5):
                    for slot, letter in ((0, "X"), (1, "W")):
                        seo = str([{"obType": "Energetic Charged Particle", "obUoM": "rad/second", "obValue": 1e-6 * (t + 1),
                                    "obQuality": "0", "obDescription": f"DOSE{slot + 1} (Flavor {letter}) in rad/second"}])
                        ob = "garbage" if corrupt and t == 30 else f"{day}T00:00:{t:02d}.000Z"
                        w.writerow([f"id-{t}-{slot}", "REACH-101", "Iridium-102", 10.0, 20.0, 790.0, str([1.0, 2.0, 3.0]),
                                    ob, seo, "QUICKLOOK", "2025-12-01T00:00:00.000Z"])
            """, arguments: [day, path, corrupt ? "1" : "0"])
    }

    func process(_ extra: [String] = [], start: String = "2025-09-01", end: String = "2025-09-02") async throws -> ProcessOutput {
        try await ProcessOutput.run(ferry, ["process", "--start-date", start, "--end-date", end,
                                            "--input-dir", input, "--output-dir", output] + extra)
    }

    func cdf(_ day: String) -> String {
        let parts = day.split(separator: "-")
        return "\(output)/l1c/prelim/\(parts[0])/\(parts[1])/\(parts[2])/reach_all_l1c_prelim_\(parts.joined())T000000_v1.0.0.cdf"
    }

    func statuses() throws -> [String] { try ledger.rows().map(\.status) }

    @Test func processesRerunsNothingAndReprocessesADeletedCDF() async throws {
        try await artifact("2025-09-01")
        let first = try await process()
        #expect(first.status == 0, "\(first.stderrText)")
        #expect(FileManager.default.fileExists(atPath: cdf("2025-09-01")))
        #expect(try statuses() == ["PROCESS_PENDING", "PROCESSED", "SKIPPED_NO_INPUT"])
        #expect(first.stdoutText.contains("1 processed") && first.stdoutText.contains("1 without input"))

        let before = try statuses()
        let rerun = try await process()
        #expect(rerun.status == 0 && rerun.stdoutText.contains("0 processed"))
        #expect(try statuses() == before, "a rerun of a finished range writes nothing")

        try FileManager.default.removeItem(atPath: cdf("2025-09-01"))
        let again = try await process()
        #expect(again.status == 0 && again.stdoutText.contains("1 processed"))
        #expect(FileManager.default.fileExists(atPath: cdf("2025-09-01")))
        let row = try #require(try ledger.loadState().processPhase[.init("2025-09-01")!])
        #expect(row.status == "PROCESSED" && row.cdfPath == cdf("2025-09-01") && Double(row.cdfSizeMB)! > 0)
    }

    @Test func processFailedThenFixedAndRetried() async throws {
        try await artifact("2025-09-01", corrupt: true)
        let failed = try await process(end: "2025-09-01")
        #expect(failed.status == 1)
        let row = try #require(try ledger.loadState().processPhase[.init("2025-09-01")!])
        #expect(row.status == "FAILED" && row.errorType == "REACHArtifactError")
        #expect(row.errorMessage.contains("REACH-ALL_20250901T000000") && row.errorMessage.contains("obTime"))
        #expect(!FileManager.default.fileExists(atPath: cdf("2025-09-01")))

        try await artifact("2025-09-01")
        #expect(try await process(end: "2025-09-01").status == 1, "without --retry-failed the day stays failed")
        let retried = try await process(["--retry-failed"], end: "2025-09-01")
        #expect(retried.status == 0, "\(retried.stderrText)")
        #expect(try statuses().suffix(2) == ["PROCESS_PENDING", "PROCESSED"])
    }

    @Test func downloadRowsInTheSharedLedgerDoNotCount() async throws {
        try await artifact("2025-09-01")
        var row = LedgerRow()
        row.runID = "download-run"; row.chunkDateUTC = "2025-09-01"; row.status = "DOWNLOADED"
        row.startedAtUTC = LedgerTimestamp.now(); row.csvPath = input + "/x.csv"
        try ledger.append(row)
        #expect(try await process(end: "2025-09-01").status == 0)
        let state = try ledger.loadState()
        #expect(state.downloadPhase[.init("2025-09-01")!]?.status == "DOWNLOADED")
        #expect(state.processPhase[.init("2025-09-01")!]?.status == "PROCESSED")
    }

    @Test func dryRunWritesNothing() async throws {
        try await artifact("2025-09-01")
        let output = try await process(["--dry-run"])
        #expect(output.status == 0)
        #expect(!FileManager.default.fileExists(atPath: input + "/download_telemetry.csv"))
        #expect(!FileManager.default.fileExists(atPath: cdf("2025-09-01")))
    }

    @Test(arguments: [["--upload-to-s3"], ["--s3-bucket", "b"], ["--limit-days", "0"], ["--sensor-id", "BOGUS"]])
    func configurationErrorsExit2BeforeAnyWork(_ flags: [String]) async throws {
        try await artifact("2025-09-01")
        let output = try await process(flags)
        #expect(output.status == 2, "\(flags): \(output.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: input + "/download_telemetry.csv"))
    }

    @Test func missingInputDirectoryIsAConfigurationError() async throws {
        let output = try await ProcessOutput.run(ferry, ["process", "--start-date", "2025-09-01", "--end-date", "2025-09-01",
                                                         "--input-dir", directory.path("nope"), "--output-dir", output])
        #expect(output.status == 2 && output.stderrText.contains("nope"))
    }
}

/// Seed 002's upload runbook against `rclone serve s3`, which checks SigV4 signatures.
extension ProcessCommandTests {
    func environment(_ server: RcloneS3Server, secret: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"] { environment[name] = nil }
        environment["AWS_ACCESS_KEY_ID"] = server.accessKey
        environment["AWS_SECRET_ACCESS_KEY"] = secret
        environment["AWS_ENDPOINT_URL_S3"] = server.endpoint
        environment["AWS_REGION"] = "us-east-1"
        return environment
    }

    func upload(_ server: RcloneS3Server, secret: String, _ extra: [String] = [], end: String = "2025-09-01") async throws -> ProcessOutput {
        try await ProcessOutput.run(ferry, ["process", "--start-date", "2025-09-01", "--end-date", end,
                                            "--input-dir", input, "--output-dir", output,
                                            "--upload-to-s3", "--s3-bucket", "dev-swxsoc-pipeline-incoming"] + extra,
                                    environment: environment(server, secret: secret))
    }

    @Test func uploadFailsOnAWrongSecretThenRetryFailedUploadsOnly() async throws {
        try await RcloneS3Server.withRunning(buckets: ["dev-swxsoc-pipeline-incoming"]) { server in
            try await artifact("2025-09-01")
            let failed = try await upload(server, secret: "not-the-secret")
            #expect(failed.status == 2, "a refused credential is an authentication error")
            #expect(try statuses() == ["PROCESS_PENDING", "PROCESSED", "UPLOAD_PENDING", "FAILED"])
            let row = try #require(try ledger.loadState().processPhase[.init("2025-09-01")!])
            #expect(row.errorMessage.contains("s3://dev-swxsoc-pipeline-incoming/l1c/prelim/2025/09/01/") && row.errorMessage.contains("403"))
            #expect(!row.errorMessage.contains("not-the-secret"))
            #expect(!failed.stderrText.contains("not-the-secret"))
            let built = try Data(contentsOf: URL(fileURLWithPath: cdf("2025-09-01")))

            let fixed = try await upload(server, secret: server.secretKey, ["--retry-failed"])
            #expect(fixed.status == 0, "\(fixed.stderrText)")
            #expect(fixed.stdoutText.contains("0 processed") && fixed.stdoutText.contains("1 uploaded"))
            #expect(try statuses().suffix(2) == ["UPLOAD_PENDING", "UPLOADED"])
            let uploaded = try #require(try ledger.loadState().processPhase[.init("2025-09-01")!])
            #expect(uploaded.s3Bucket == "dev-swxsoc-pipeline-incoming")
            #expect(uploaded.s3Key == "l1c/prelim/2025/09/01/reach_all_l1c_prelim_20250901T000000_v1.0.0.cdf")
            #expect(server.contents(bucket: "dev-swxsoc-pipeline-incoming", key: uploaded.s3Key) == built)

            let rerun = try await upload(server, secret: server.secretKey)
            #expect(rerun.status == 0 && rerun.stdoutText.contains("1 already complete"))
        }
    }

    @Test func aRefusedS3CredentialFailsTheDayAsAuthErrorStopsTheRunAndExits2() async throws {
        try await RcloneS3Server.withRunning(buckets: ["dev-swxsoc-pipeline-incoming"]) { server in
            try await artifact("2025-09-01")
            try await artifact("2025-09-02")
            let secret = "wrong-secret-\(UUID().uuidString)"
            let result = try await upload(server, secret: secret, end: "2025-09-02")
            #expect(result.status == 2, "\(result.stderrText)")
            let rows = try ledger.rows()
            #expect(rows.map(\.status) == ["PROCESS_PENDING", "PROCESSED", "UPLOAD_PENDING", "FAILED"], "the second day is never attempted")
            #expect(rows.allSatisfy { $0.chunkDateUTC == "2025-09-01" })
            let failed = try #require(rows.last)
            #expect(failed.errorType == "AuthError" && failed.errorMessage.contains("403"), "\(failed.errorType): \(failed.errorMessage)")
            #expect(!FileManager.default.fileExists(atPath: cdf("2025-09-02")), "no more work after the refusal")
            #expect(result.stderrText.contains("AuthError"))
            let everything = try String(contentsOfFile: ledger.path, encoding: .utf8) + result.stderrText + result.stdoutText
            #expect(!everything.contains(secret), "the secret never appears")
            #expect(server.contents(bucket: "dev-swxsoc-pipeline-incoming", key: "l1c/prelim/2025/09/01/reach_all_l1c_prelim_20250901T000000_v1.0.0.cdf") == nil)
        }
    }

    @Test func uploadWithoutCredentialsExits2() async throws {
        var environment = ProcessInfo.processInfo.environment
        for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"] { environment[name] = nil }
        environment["HOME"] = directory.url.path
        try await artifact("2025-09-01")
        let output = try await ProcessOutput.run(ferry, ["process", "--start-date", "2025-09-01", "--end-date", "2025-09-01",
                                                         "--input-dir", input, "--output-dir", self.output,
                                                         "--upload-to-s3", "--s3-bucket", "b"], environment: environment)
        #expect(output.status == 2 && output.stderrText.contains("no AWS credentials"))
        #expect(!FileManager.default.fileExists(atPath: input + "/download_telemetry.csv"))
    }
}
