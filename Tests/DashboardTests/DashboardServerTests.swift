import Foundation
import FerryTestSupport
import Telemetry
import Testing

/// `ferry serve` and `ferry report` on ledgers written here: a ledger read as it grows, bad
/// requests, the token rule, and the one-file report.
@Suite struct DashboardServerTests {
    let directory: TemporaryDirectory
    let ferry = BuiltProducts.path("ferry")

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// A ledger at `<folder>/download_telemetry.csv` with `days` days from 2025-09-01: each a pending
    /// row then DOWNLOADED, except every third day, which FAILED with a RateLimitError.
    func writeLedger(folder: String, days: Int, hour: Int = 10) throws -> String {
        try FileManager.default.createDirectory(atPath: directory.path(folder), withIntermediateDirectories: true)
        let path = directory.path(folder + "/download_telemetry.csv")
        let ledger = Ledger(path: path)
        for index in 0..<days {
            let day = String(format: "2025-09-%02d", index + 1)
            let started = String(format: "2026-01-01T%02d:%02d:00.000000+00:00", hour, index)
            try ledger.append(fields: ["run_id": "run-1", "chunk_date_utc": day, "status": "DOWNLOAD_PENDING", "started_at_utc": started])
            if index % 3 == 2 {
                try ledger.append(fields: ["run_id": "run-1", "chunk_date_utc": day, "status": "FAILED", "started_at_utc": started,
                                           "finished_at_utc": started, "error_type": "RateLimitError", "error_message": "429 <too many>"])
            } else {
                try ledger.append(fields: ["run_id": "run-1", "chunk_date_utc": day, "status": "DOWNLOADED", "started_at_utc": started,
                                           "finished_at_utc": started, "records_downloaded": "1000", "availability_pct": "50.0",
                                           "download_seconds": "10.0", "csv_size_mb": "1.5"])
            }
        }
        return path
    }

    @Test func aLedgerAppendedToWhileServedIsReadIncrementallyAndATornRowWaits() async throws {
        let path = try writeLedger(folder: "grow", days: 3)
        try await ServedDashboard.withRunning(["--telemetry-file", path], in: directory) { server in
            let first = try #require(try await server.json("/api/reach/grow") as? [String: Any])
            #expect(first["rows"] as? Int == 6)
            #expect((first["days"] as? [[String: Any]])?.map { $0["status"] as? String } == ["DOWNLOADED", "DOWNLOADED", "FAILED"])

            // Another process appends: the day that failed is retried and succeeds, and a fourth day starts.
            try Ledger(path: path).append(fields: ["run_id": "run-2", "chunk_date_utc": "2025-09-03", "status": "DOWNLOADED",
                                                   "started_at_utc": "2026-01-02T00:00:00.000000+00:00", "records_downloaded": "7"])
            // A row still being written (no line end yet) is not read until it is whole.
            let handle = try #require(FileHandle(forWritingAtPath: path))
            handle.seekToEndOfFile()
            handle.write(Data("run-2,2025-09-04,,,DOWNLOAD_PEND".utf8))
            // Answers are kept about a second, then rebuilt while the old one is still served: ask until
            // the rows show, and check that nothing more than the whole rows ever does.
            let second = try await server.jsonWhen("/api/reach/grow") { ($0["rows"] as? Int ?? 0) >= 7 }
            #expect(second["rows"] as? Int == 7)
            #expect((second["days"] as? [[String: Any]])?.last?["status"] as? String == "DOWNLOADED")

            handle.write(Data("ING,,,,,,,,,,,,2026-01-02T00:00:01.000000+00:00,,,,,,,\r\n".utf8))
            try handle.close()
            let third = try await server.jsonWhen("/api/reach/grow") { ($0["rows"] as? Int ?? 0) >= 8 }
            #expect(third["rows"] as? Int == 8)
            #expect((third["days"] as? [[String: Any]])?.map { $0["day"] as? String }.last == "2025-09-04")
            #expect((third["days"] as? [[String: Any]])?.last?["status"] as? String == "DOWNLOAD_PENDING")
            // A ledger written to in the last two minutes means a run is at work: the page refreshes itself.
            let (_, page) = try await server.get("/reach/grow")
            #expect(page.contains("<meta http-equiv=\"refresh\" content=\"5\">"))
            // The day page lists the retried day's three rows, in file order.
            let day = try #require(try await server.json("/api/reach/grow/days/2025-09-03") as? [String: Any])
            #expect((day["rows"] as? [[String: Any]])?.map { $0["status"] as? String } == ["DOWNLOAD_PENDING", "FAILED", "DOWNLOADED"])
        }
    }

    @Test func unknownRoutesAndPathTricksAre404AndAnUnreadableLedgerDoesNotStopTheRest() async throws {
        let good = try writeLedger(folder: "good", days: 4)
        // Not a ledger: its first row lacks the columns every ledger has.
        let bad = directory.path("bad/download_telemetry.csv")
        try FileManager.default.createDirectory(atPath: directory.path("bad"), withIntermediateDirectories: true)
        try "name,size\nx,1\n".write(toFile: bad, atomically: true, encoding: .utf8)
        // Written an hour ago: nothing at work, so its pages do not refresh themselves.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: good)
        try await ServedDashboard.withRunning(["--telemetry-file", good, bad], in: directory) { server in
            for path in ["/nope", "/reach/missing", "/reach/..%2F..%2Fetc%2Fpasswd", "/reach/good/days/..%2F..%2F..%2Fetc%2Fpasswd",
                         "/reach/good/days/2024-01-01", "/reach/good/days/not-a-day", "/api/reach/%2Fetc%2Fpasswd",
                         "/reach/../../etc/passwd", "/packaging"] {
                let (status, _) = try await server.get(path)
                #expect(status == 404, "\(path) answered \(status)")
            }
            for path in ["/reach/bad", "/reach/bad/days/2025-09-01", "/reach/bad/failures", "/reach/bad/throughput"] {
                let (status, page) = try await server.get(path)
                #expect(status == 200, "\(path)")
                #expect(page.contains("class=\"problem\"") && page.contains("cannot be read") && page.contains("lacks the column"), "\(path)")
            }
            let (goodStatus, goodPage) = try await server.get("/reach/good")
            #expect(goodStatus == 200 && occurrences(of: "class=\"cell ", in: goodPage) == 4)
            #expect(!goodPage.contains("http-equiv=\"refresh\""), "an idle ledger's page stays put")
            #expect(goodPage.contains("429 &lt;too many&gt;") && !goodPage.contains("<too many>"), "tooltips are escaped")
            let (overviewStatus, overview) = try await server.get("/")
            #expect(overviewStatus == 200 && overview.contains("cannot be read") && overview.contains("/reach/good"))
            // The failures page groups the FAILED rows by type, linking their days; HTML in messages is escaped.
            let (_, failures) = try await server.get("/reach/good/failures")
            #expect(failures.contains("RateLimitError") && failures.contains("href=\"/reach/good/days/2025-09-03\""))
            #expect(failures.contains("429 &lt;too many&gt;") && !failures.contains("<too many>"))
        }
    }

    @Test func numbersThatAreNotQuantitiesNeitherBreakNorBendTheFigures() async throws {
        let path = try writeLedger(folder: "odd", days: 2)
        for (index, (records, seconds, megabytes)) in [("-5", "nan", "inf"), ("99999999999999999999", "-1", "1e300")].enumerated() {
            try Ledger(path: path).append(fields: ["run_id": "odd", "chunk_date_utc": "2025-09-0\(index + 1)", "status": "DOWNLOADED",
                                                   "started_at_utc": "2026-01-03T00:00:0\(index).000000+00:00",
                                                   "finished_at_utc": "2026-01-03T00:00:0\(index).000000+00:00",
                                                   "records_downloaded": records, "download_seconds": seconds, "csv_size_mb": megabytes])
        }
        try await ServedDashboard.withRunning(["--telemetry-file", path], in: directory) { server in
            let (status, metrics) = try await server.get("/metrics")
            #expect(status == 200)
            let parsed = try await PythonPeer.run("""
                import json, sys
                from prometheus_client.parser import text_string_to_metric_families
                print(json.dumps({s.name: s.value for f in text_string_to_metric_families(sys.stdin.read()) for s in f.samples}))
                """, stdin: Data(metrics.utf8))
            let samples = try #require(try JSONSerialization.jsonObject(with: parsed.stdout) as? [String: Double])
            // The two good DOWNLOADED rows of writeLedger count; the odd values count as absent.
            #expect(samples["ferry_reach_records_downloaded_total"] == 2000)
            #expect(samples["ferry_reach_download_seconds_total"] == 20)
            #expect(samples["ferry_reach_written_bytes_total"] == 3_000_000)
            #expect(try await server.get("/api/reach/odd/throughput").status == 200)
        }
    }

    @Test func bindingBeyondLoopbackNeedsATokenAndThenEveryRequestMustCarryIt() async throws {
        let ledger = try writeLedger(folder: "tok", days: 1)
        let refused = try await ProcessOutput.run(ferry, ["serve", "--bind", "0.0.0.0", "--port", "0", "--telemetry-file", ledger])
        #expect(refused.status == 2)
        #expect(refused.stderrText.contains("token"), "\(refused.stderrText)")

        let secret = "s3cret-\(UUID().uuidString)"
        var environment = ProcessInfo.processInfo.environment
        environment["FERRY_SERVE_TOKEN"] = secret
        try await ServedDashboard.withRunning(["--bind", "0.0.0.0", "--telemetry-file", ledger], environment: environment,
                                              in: directory) { (served: ServedDashboard) async throws in
            let server = ServedDashboard(baseURL: served.baseURL.replacingOccurrences(of: "0.0.0.0", with: "127.0.0.1"),
                                         process: served.process)
            #expect(try await server.get("/").status == 401)
            #expect(try await server.get("/metrics", headers: ["Authorization": "Bearer wrong"]).status == 401)
            #expect(try await server.get("/reach/tok", headers: ["Authorization": "Bearer " + secret.dropLast()]).status == 401)
            #expect(try await server.get("/reach/tok", headers: ["Authorization": "Bearer " + secret]).status == 200)
            #expect(try await server.get("/reach/tok", headers: ["Authorization": "bearer " + secret]).status == 200, "the scheme is case-insensitive")
            #expect(try await server.get("/reach/tok", headers: ["Authorization": "Basic " + secret]).status == 401)
            #expect(try await server.get("/metrics", headers: ["Authorization": "Bearer " + secret]).status == 200)
            #expect(!server.process.stdoutText.contains(secret) && !server.process.stderrText.contains(secret))
        }
    }

    @Test func theReportIsOneSelfContainedFileWhoseLinksAllResolve() async throws {
        let first = try writeLedger(folder: "alpha", days: 5)
        let second = try writeLedger(folder: "beta", days: 2, hour: 12)
        // A day retried 55 more times: its section keeps the last 50 of its 57 rows and says so.
        for attempt in 0..<55 {
            try Ledger(path: first).append(fields: ["run_id": "retry-\(attempt)", "chunk_date_utc": "2025-09-01", "status": "DOWNLOAD_PENDING",
                                                    "started_at_utc": String(format: "2026-01-02T00:00:%02d.000000+00:00", attempt)])
        }
        let out = directory.path("report.html")
        let run = try await ProcessOutput.run(ferry, ["report", "--telemetry-file", first, second, "--out", out])
        #expect(run.status == 0, "\(run.stderrText)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        // One document, written a section at a time between the layout's two halves.
        #expect(html.lowercased().hasPrefix("<!doctype html>") && html.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</html>"))
        #expect(occurrences(of: "<html", in: html) == 1 && occurrences(of: "</body>", in: html) == 1)
        #expect(run.stdoutText.contains("(\(html.utf8.count) bytes"), "the byte count printed is the file's: \(run.stdoutText)")
        // Nothing fetched from anywhere: no scripts, images, style sheets or links to other documents.
        #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("href=\"http") && !html.contains("href=\"/"))
        // Every anchor link has its section.
        let links = hrefs(in: html)
        #expect(links.count > 20)
        for link in links {
            #expect(link.hasPrefix("#") && html.contains("id=\"\(link.dropFirst())\""), "\(link) resolves")
        }
        // Both ledgers' calendars and every day's section are there.
        #expect(occurrences(of: "class=\"cell ", in: html) == 7)
        #expect(html.contains("id=\"reach--alpha--days--2025-09-05\"") && html.contains("id=\"reach--beta--days--2025-09-02\""))
        #expect(occurrences(of: "earlier rows of this day are in the ledger", in: html) == 1 && html.contains("The 7 earlier rows"))
        #expect(html.contains("<td>retry-54</td>") && html.contains("<td>retry-5</td>") && !html.contains("<td>retry-4</td>"))
        let page = try await HeadlessChromium.load("file://" + out)
        #expect(page.consoleProblems.isEmpty, "\(page.consoleProblems)")
        #expect(occurrences(of: "class=\"cell ", in: page.dom) == 7)
    }
}
