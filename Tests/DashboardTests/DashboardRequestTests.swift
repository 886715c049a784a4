import Foundation
import FerryTestSupport
import Telemetry
import Testing
import UDLSimulator

/// The archive's side of a run: `ferry download` counts every request by outcome into the request
/// log beside the ledger, and `ferry serve` shows and exports exactly what the simulator served.
@Suite struct DashboardRequestTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func theRequestsOfARunAreWhatTheArchiveAnsweredAndTheDashboardSaysSo() async throws {
        var configuration = UDLSimulatorConfiguration()
        configuration.density = 0.01
        configuration.rateLimit = (perSecond: 8, burst: 2)
        configuration.faults.serverError = 0.05
        let output = directory.path("out")
        try await UDLSimulator.withRunning(configuration) { simulator in
            var environment = ["PATH": "/usr/bin:/bin", "HOME": directory.url.path]
            environment["BASICAUTH"] = simulator.authorizationHeaderValue
            let run = try await ProcessOutput.run(BuiltProducts.path("ferry"), [
                "download", "--start-date", "2025-09-01", "--end-date", "2025-09-02", "--output-dir", output,
                "--udl-url", simulator.baseURL, "--window-seconds", "3600", "--initial-rate", "80", "--max-rate", "200",
            ], environment: environment)
            #expect(run.status == 0, "\(run.stderrText)")
            let served = simulator.stats
            #expect(served.count("429") > 0 && served.count("200") == 48, "the run met the rate limit: \(served.byOutcome)")

            // The request log: one row per day attempt, adding up to what the simulator served.
            let log = RequestLogFollower(path: output + "/download_requests.csv")
            let digest = try log.refresh()
            #expect(digest.total.answered == served.count("200"))
            #expect(digest.total.throttled == served.count("429"))
            #expect(digest.total.failed == served.count("500") + served.count("502") + served.count("503"))
            #expect(digest.total.requests == served.requests)
            let rows = try String(contentsOfFile: output + "/download_requests.csv", encoding: .utf8).split(whereSeparator: \.isNewline)
            #expect(rows.count == 3 && rows[1].hasPrefix("2025-09-01,") && rows[2].hasPrefix("2025-09-02,"))
            #expect((digest.lastRate ?? 0) > 0)

            try await ServedDashboard.withRunning(["--telemetry-file", output + "/download_telemetry.csv"], in: directory) { server in
                let (status, metrics) = try await server.get("/metrics")
                #expect(status == 200)
                let parsed = try await PythonPeer.run("""
                    import json, sys
                    from prometheus_client.parser import text_string_to_metric_families
                    out = {}
                    for family in text_string_to_metric_families(sys.stdin.read()):
                        for sample in family.samples:
                            out[sample.name + "/" + sample.labels.get("outcome", "")] = sample.value
                    print(json.dumps(out))
                    """, stdin: Data(metrics.utf8))
                let samples = try #require(try JSONSerialization.jsonObject(with: parsed.stdout) as? [String: Double])
                #expect(samples["ferry_udl_requests_total/429"] == Double(served.count("429")))
                #expect(samples["ferry_udl_requests_total/2xx"] == Double(served.count("200")))
                #expect((samples["ferry_udl_pacing_rate_requests_per_second/"] ?? 0) > 0)
                let (_, page) = try await server.get("/reach/out/throughput")
                #expect(page.contains("requests per") && page.contains("answered 429"), "the throughput page charts the requests")
                let api = try #require(try await server.json("/api/reach/out/throughput") as? [String: Any])
                let periods = api["periods"] as? [[String: Any]] ?? []
                #expect(periods.reduce(0) { $0 + ($1["throttled_429"] as? Int ?? 0) } == served.count("429"))
                #expect(periods.reduce(0) { $0 + ($1["requests"] as? Int ?? 0) } == served.requests)
            }
        }
    }
}
