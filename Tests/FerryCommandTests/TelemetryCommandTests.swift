import Foundation
import Testing
import FerryTestSupport
import Telemetry

/// `ferry telemetry state|summary`, run as the built executable.
@Suite struct TelemetryCommandTests {
    let ferry = BuiltProducts.path("ferry")
    /// Each test gets a fresh suite value, so a fresh directory, alive until the test ends.
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    func ledger(_ rows: [LedgerRow]) throws -> String {
        let path = directory.path("download_telemetry.csv")
        for row in rows { try Ledger(path: path).append(row) }
        return path
    }

    static func row(_ date: String, _ status: LedgerStatus, _ started: String, run: String = "r",
                    _ cells: [LedgerColumn: String] = [:]) -> LedgerRow {
        var row = LedgerRow()
        row.runID = run; row.chunkDateUTC = date; row.status = status.rawValue; row.startedAtUTC = started
        for (column, value) in cells { row[column] = value }
        return row
    }

    @Test func stateAsJSONHasDaysAscendingWithAll24Columns() async throws {
        let path = try ledger([
            Self.row("2025-09-03", .downloaded, "t1", [.availabilityPct: "99.5000", .errorMessage: "a,\"b\"\nc"]),
            Self.row("2025-09-01", .downloadPending, "t1"),
            Self.row("2025-09-01", .downloaded, "t1", run: "second"),
        ])
        let output = try await ProcessOutput.run(ferry, ["telemetry", "state", path, "--json"])
        #expect(output.status == 0)
        let text = output.stdoutText
        let first = try #require(text.range(of: "\"2025-09-01\"")), third = try #require(text.range(of: "\"2025-09-03\""))
        #expect(first.lowerBound < third.lowerBound, "keys ascending")
        let state = try JSONDecoder().decode([String: [String: String]].self, from: output.stdout)
        #expect(state.keys.sorted() == ["2025-09-01", "2025-09-03"])
        #expect(state["2025-09-01"]?["run_id"] == "second")
        #expect(state["2025-09-03"]?["error_message"] == "a,\"b\"\nc")
        #expect(state.values.allSatisfy { Set($0.keys) == Set(LedgerColumn.header) })
        #expect(state["2025-09-03"]?["s3_key"] == "")
    }

    @Test func statePhaseViews() async throws {
        let path = try ledger([
            Self.row("2025-09-01", .downloaded, "t1", run: "d"),
            Self.row("2025-09-01", .processPending, "t2", run: "p"),
            Self.row("2025-09-01", .failed, "t2", run: "p"),
        ])
        let download = try await ProcessOutput.run(ferry, ["telemetry", "state", path, "--json", "--phase", "download"])
        let decoded = try JSONDecoder().decode([String: [String: String]].self, from: download.stdout)
        #expect(decoded["2025-09-01"]?["status"] == "DOWNLOADED")
        let all = try JSONDecoder().decode([String: [String: String]].self,
                                           from: try await ProcessOutput.run(ferry, ["telemetry", "state", path, "--json"]).stdout)
        #expect(all["2025-09-01"]?["status"] == "FAILED")
    }

    @Test func stateTableIsReadable() async throws {
        let path = try ledger([Self.row("2025-09-01", .downloaded, "t1", [.recordsDownloaded: "1105920"])])
        let output = try await ProcessOutput.run(ferry, ["telemetry", "state", path])
        #expect(output.status == 0)
        #expect(output.stdoutText.contains("2025-09-01") && output.stdoutText.contains("DOWNLOADED")
                && output.stdoutText.contains("1105920"))
    }

    @Test func summaryCountsStatusesAvailabilityAndFailures() async throws {
        let path = try ledger([
            Self.row("2025-09-01", .downloaded, "t1", [.availabilityPct: "100.0000"]),
            Self.row("2025-09-02", .downloaded, "t1", [.availabilityPct: "50.0000"]),
            Self.row("2025-09-03", .downloadPending, "t1", run: "x"),
            Self.row("2025-09-03", .failed, "t1", run: "x", [.errorType: "HTTPError", .errorMessage: "503 from UDL"]),
            Self.row("2025-09-04", .skippedNoData, "t1"),
        ])
        let output = try await ProcessOutput.run(ferry, ["telemetry", "summary", path, "--json"])
        #expect(output.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: output.stdout) as? [String: Any])
        #expect(json["days"] as? Int == 4)
        #expect(json["statuses"] as? [String: Int] == ["DOWNLOADED": 2, "FAILED": 1, "SKIPPED_NO_DATA": 1])
        let availability = try #require(json["availability"] as? [String: Any])
        #expect(availability["mean_pct"] as? Double == 75.0)
        #expect(availability["days"] as? Int == 2)
        #expect(json["error_types"] as? [String: Int] == ["HTTPError": 1])
        let failures = try #require(json["failures"] as? [[String: String]])
        #expect(failures.first?["date"] == "2025-09-03" && failures.first?["phase"] == "download")

        let table = try await ProcessOutput.run(ferry, ["telemetry", "summary", path])
        #expect(table.status == 0)
        #expect(table.stdoutText.contains("75.0000%") && table.stdoutText.contains("HTTPError"))
    }

    @Test(arguments: ["missing", "directory", "not-a-ledger"])
    func badFileIsAOneLineErrorWithExitCode2(_ kind: String) async throws {
        let path: String
        switch kind {
        case "missing": path = directory.path("nope.csv")
        case "directory": path = directory.url.path
        default:
            path = directory.path("data.csv")
            try Data("name,value\r\na,1\r\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        for command in ["state", "summary"] {
            let output = try await ProcessOutput.run(ferry, ["telemetry", command, path])
            #expect(output.status == 2)
            let lines = output.stderrText.split(separator: "\n")
            #expect(lines.count == 1, "\(output.stderrText)")
            #expect(output.stderrText.contains(path))
            #expect(output.stdout.isEmpty)
        }
    }
}

extension TelemetryCommandTests {
    /// A torn final row is reported on stderr; stdout stays one clean JSON document.
    @Test func tornTailWarningGoesToStderrNotIntoTheJSON() async throws {
        let path = try ledger([Self.row("2025-09-01", .downloaded, "t1")])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("r,2025-09-02,,,DOWNL".utf8))
        try handle.close()
        let output = try await ProcessOutput.run(ferry, ["telemetry", "state", path, "--json"])
        #expect(output.status == 0)
        let state = try JSONDecoder().decode([String: [String: String]].self, from: output.stdout)
        #expect(state.keys.sorted() == ["2025-09-01"])
        #expect(output.stderrText.contains("torn"))
    }
}
