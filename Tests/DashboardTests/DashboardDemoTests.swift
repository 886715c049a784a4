import Foundation
import FerryTestSupport
import Testing

/// `ferry serve` over what a `ferry demo` run left: every page loaded by headless Chromium, its DOM
/// checked, every link followed, screenshots saved; `/metrics` read by Prometheus' own parser.
@Suite struct DashboardDemoTests {
    let directory: TemporaryDirectory
    var workdir: String { directory.path("demo") }

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// Runs the demo and returns the `ferry serve` arguments it printed (after `ferry serve`).
    func demo() async throws -> [String] {
        let run = try await ProcessOutput.run(BuiltProducts.path("ferry"),
                                              ["demo", "--workdir", workdir, "--days", "2", "--density", "0.01"])
        #expect(run.status == 0, "\(run.stderrText)")
        let line = try #require(run.stdoutText.split(separator: "\n").first { $0.contains("ferry serve --telemetry-file") },
                                "the demo ends by printing the serve command: \(run.stdoutText.suffix(600))")
        let command = line[line.range(of: "ferry serve ")!.upperBound...]
        return command.split(separator: " ").map(String.init)
    }

    @Test func everyPageOfADemoLoadsInChromiumWithWorkingLinksAndNoConsoleErrors() async throws {
        let arguments = try await demo()
        #expect(arguments == ["--telemetry-file", workdir + "/downloads/download_telemetry.csv", "--database", "sqlite:" + workdir + "/ferry.db",
                              "--catalog", workdir + "/staging/catalog"])
        try await ServedDashboard.withRunning(arguments, in: directory) { server in
            // Crawl from the overview: every page linked from any page is loaded by the browser.
            var queue = ["/"], seen: Set<String> = ["/"], doms: [String: String] = [:]
            while let path = queue.first, doms.count < 40 {
                queue.removeFirst()
                let page = try await HeadlessChromium.load(server.baseURL + path)
                #expect(page.consoleProblems.isEmpty, "\(path): \(page.consoleProblems)")
                #expect(page.dom.contains("<nav>") && page.dom.contains("</main>"), "\(path) rendered: \(page.dom.prefix(300))")
                doms[path] = page.dom
                for href in hrefs(in: page.dom) where href.hasPrefix("/") && !seen.contains(href) {
                    seen.insert(href)
                    queue.append(href)
                }
            }
            let expected = ["/", "/reach/downloads", "/reach/downloads/throughput", "/reach/downloads/failures",
                            "/reach/downloads/days/2025-09-01", "/reach/downloads/days/2025-09-02", "/packaging", "/staging", "/queue",
                            "/catalog"]
            #expect(Set(expected).isSubset(of: Set(doms.keys)), "pages reached: \(doms.keys.sorted())")
            // Links that resolve: every one answered 200 (the crawl loaded them; check the status too).
            for path in seen.sorted() {
                let (status, _) = try await server.get(path)
                #expect(status == 200, "\(path) answered \(status)")
            }

            // The calendar: one cell per day, both UPLOADED, each with a tooltip naming its records.
            let calendar = try #require(doms["/reach/downloads"])
            #expect(occurrences(of: "class=\"cell ", in: calendar) == 2)
            #expect(occurrences(of: "data-status=\"UPLOADED\"", in: calendar) == 2)
            #expect(calendar.contains("<title>2025-09-01 · UPLOADED") && calendar.contains("records"))
            // A day's page lists every row the ledger holds for it: download pending, downloaded, then
            // process pending, processed, upload pending, uploaded.
            let day = try #require(doms["/reach/downloads/days/2025-09-01"])
            for status in ["DOWNLOAD_PENDING", "DOWNLOADED", "PROCESS_PENDING", "PROCESSED", "UPLOAD_PENDING", "UPLOADED"] {
                #expect(day.contains("<td>\(status)</td>"), "day page lists a \(status) row")
            }
            // The queue flows: the demo's packages and staged files, all done, no worker lost.
            let packaging = try await server.json("/api/packaging") as? [String: Any]
            let packages = packaging?["packages"] as? [[String: Any]] ?? []
            #expect(!packages.isEmpty && packages.allSatisfy { $0["status"] as? String == "COMPLETED" })
            #expect(occurrences(of: "<tr class=\"s-done\">", in: doms["/packaging"] ?? "") == packages.count)
            #expect(occurrences(of: "<td>DONE</td>", in: doms["/staging"] ?? "") == 10)
            #expect(!(doms["/queue"] ?? "").contains(">lost<"))
            // The catalog the staging step published into: one collection of the ten products.
            let catalog = try #require(try await server.json("/api/catalog") as? [String: Any])
            let collections = catalog["collections"] as? [[String: Any]] ?? []
            #expect(collections.count == 1 && collections.first?["items"] as? Int == 10, "\(collections)")

            // Screenshots, kept in the test's directory for a person to look at.
            for (name, path) in [("calendar", "/reach/downloads"), ("packaging", "/packaging"), ("staging", "/staging")] {
                let png = directory.path("\(name).png")
                try await HeadlessChromium.screenshot(server.baseURL + path, to: png)
                let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
                #expect(bytes.count > 1000 && bytes.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(name).png is a PNG")
            }

            // /metrics through prometheus-client's own text parser.
            let (status, metrics) = try await server.get("/metrics")
            #expect(status == 200)
            let parsed = try await PythonPeer.run("""
                import json, sys
                from prometheus_client.parser import text_string_to_metric_families
                out = {}
                for family in text_string_to_metric_families(sys.stdin.read()):
                    for sample in family.samples:
                        key = sample.name + "{" + ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items())) + "}"
                        out[key] = sample.value
                    out["TYPE " + family.name] = family.type
                print(json.dumps(out))
                """, stdin: Data(metrics.utf8))
            let samples = try #require(try JSONSerialization.jsonObject(with: parsed.stdout) as? [String: Any])
            #expect(samples["ferry_reach_days{ledger=downloads,status=UPLOADED}"] as? Double == 2)
            #expect(samples["TYPE ferry_reach_records_downloaded"] as? String == "counter")
            #expect((samples["ferry_reach_records_downloaded_total{ledger=downloads}"] as? Double ?? 0) > 0)
            #expect(samples["ferry_packages{status=COMPLETED}"] as? Double == Double(packages.count))
            #expect(samples["ferry_staged_files{status=DONE}"] as? Double == 10)
            #expect(samples["TYPE ferry_queue_attempt_duration_seconds"] as? String == "histogram")
            #expect(samples.keys.contains { $0.hasPrefix("ferry_queue_tasks{kind=package.build,status=COMPLETED}") })
            #expect(samples.filter { $0.key.hasPrefix("ferry_catalog_items{") }.values.compactMap { $0 as? Double } == [10])
        }
    }
}
