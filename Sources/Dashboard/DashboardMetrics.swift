import Catalog
import Packaging
import SQLDatabase
import Prometheus
import Staging
import Telemetry
import WorkQueue

/// `/metrics`: what the pages show, in Prometheus' text format, read afresh at each scrape into a
/// new registry (the sources are the truth; the server keeps no counters of its own).
///
/// Counters (`*_total`) are sums over everything the ledger holds, so they only grow while the
/// ledger is appended to, as Prometheus expects of a counter.
public enum DashboardMetrics {
    /// The exposition text.
    public static func exposition(_ sources: DashboardSources) async throws -> String {
        let registry = PrometheusCollectorRegistry()
        for ledger in sources.ledgers {
            try await addLedger(ledger, to: registry)
        }
        if let database = sources.database {
            try await addQueue(database: database, to: registry)
        }
        if let catalog = sources.catalog {
            for collection in try await catalog.collectionSummaries() {
                guard let items = collection.items else { continue }
                registry.makeGauge(descriptor: descriptor("catalog_items", "", "Items in each collection of the STAC catalog."),
                                   labels: [("collection", collection.id)]).set(to: Double(items))
            }
        }
        return registry.emitToString()
    }

    static func descriptor(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "ferry", metricName: metric, unitName: unit, helpText: help)
    }

    private static func addLedger(_ ledger: LedgerSource, to registry: PrometheusCollectorRegistry) async throws {
        let labels = [("ledger", ledger.name)]
        let follower = ledger.follower
        let digest: LedgerDigest
        do {
            digest = try await offThePool { try follower.refresh() }
        } catch {
            registry.makeGauge(descriptor: descriptor("reach_ledger_readable", "", "1 when the ledger could be read, 0 when not."), labels: labels).set(to: 0)
            return
        }
        registry.makeGauge(descriptor: descriptor("reach_ledger_readable", "", "1 when the ledger could be read, 0 when not."), labels: labels).set(to: 1)
        registry.makeGauge(descriptor: descriptor("reach_ledger_rows", "", "Data rows in the ledger."), labels: labels).set(to: Double(digest.rows))
        for (status, count) in digest.daysByStatus.sorted(by: { $0.key < $1.key }) {
            registry.makeGauge(descriptor: descriptor("reach_days", "", "Days by the status of their latest ledger row."),
                               labels: labels + [("status", status)]).set(to: Double(count))
        }
        var records: Int64 = 0, seconds = 0.0, megabytes = 0.0
        for hour in digest.hours {
            records += hour.recordsDownloaded
            seconds += hour.downloadSeconds
            megabytes += hour.megabytesWritten
        }
        registry.makeCounter(descriptor: descriptor("reach_records_downloaded", "total", "Records brought by DOWNLOADED rows."), labels: labels)
            .increment(by: records)
        registry.makeCounter(descriptor: descriptor("reach_download_seconds", "total", "Seconds spent downloading, over DOWNLOADED rows."), labels: labels)
            .increment(by: seconds)
        registry.makeCounter(descriptor: descriptor("reach_written_bytes", "total", "Bytes of day artifacts and CDF files written."), labels: labels)
            .increment(by: Int64(min(megabytes * 1_000_000, 9e18)))
        let requestFollower = ledger.requests
        if let requests = try? await offThePool({ try requestFollower.refresh() }), requests.total.requests > 0 {
            for (outcome, count) in requests.total.byOutcome {
                registry.makeCounter(descriptor: descriptor("udl_requests", "total", "UDL requests by outcome (2xx, 429, 4xx, 5xx, transport), from the request log."),
                                     labels: labels + [("outcome", outcome)]).increment(by: Int64(count))
            }
            if let rate = requests.lastRate {
                registry.makeGauge(descriptor: descriptor("udl_pacing_rate", "requests_per_second",
                                                    "The AIMD controller's rate when the last day attempt ended."), labels: labels).set(to: rate)
            }
        }
        for group in digest.failures {
            registry.makeCounter(descriptor: descriptor("reach_failed_rows", "total", "FAILED ledger rows by error type."),
                                 labels: labels + [("error_type", group.errorType)]).increment(by: Int64(group.rows))
        }
    }

    /// Attempt durations' bucket bounds, in seconds.
    static let durationBuckets: [Double] = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600]

    private static func addQueue(database: any SQLDatabase, to registry: PrometheusCollectorRegistry) async throws {
        let overview = try await database.read { try QueueOverview.read(in: $0) }
        for depth in overview.depth {
            registry.makeGauge(descriptor: descriptor("queue_tasks", "", "Work-queue tasks by kind and status."),
                               labels: [("kind", depth.kind), ("status", depth.status)]).set(to: Double(depth.tasks))
        }
        registry.makeGauge(descriptor: descriptor("queue_stuck_tasks", "", "IN_PROGRESS tasks whose lease expired."))
            .set(to: Double(overview.stuck.count))
        var histograms: [String: ValueHistogram] = [:]
        for duration in overview.durations {
            let histogram = histograms[duration.kind] ?? registry.makeValueHistogram(
                descriptor: descriptor("queue_attempt_duration", "seconds", "How long finished attempts ran (the last 10,000)."),
                labels: [("kind", duration.kind)], buckets: durationBuckets)
            histograms[duration.kind] = histogram
            histogram.record(Double(duration.milliseconds) / 1000)
        }
        let now = Int64(WallClock.secondsSince1970() * 1000)
        var states: [String: Int] = ["live": 0, "lost": 0, "stopped": 0]
        for worker in overview.workers {
            let state = worker.isLive ? "live" : worker.isLost ? "lost" : "stopped"
            states[state, default: 0] += 1
            registry.makeGauge(descriptor: descriptor("queue_worker_heartbeat_age", "seconds", "Seconds since each worker's last heartbeat."),
                               labels: [("worker", worker.id), ("host", worker.host), ("state", state)])
                .set(to: Double(now - worker.heartbeatAt) / 1000)
        }
        for (state, count) in states.sorted(by: { $0.key < $1.key }) {
            registry.makeGauge(descriptor: descriptor("queue_workers", "", "Workers seen in the last hour, by state."), labels: [("state", state)])
                .set(to: Double(count))
        }
        let packaging = try await PackagingStatus.read(from: database)
        for (status, count) in packaging.counts.sorted(by: { $0.key < $1.key }) {
            registry.makeGauge(descriptor: descriptor("packages", "", "Raw-data packages by status."), labels: [("status", status)])
                .set(to: Double(count))
        }
        let staging = try await StagingStatus.read(from: database, limit: 20)
        var files: [String: Int] = [:]
        for run in staging.runs { for (status, count) in run.counts { files[status, default: 0] += count } }
        for (status, count) in files.sorted(by: { $0.key < $1.key }) {
            registry.makeGauge(descriptor: descriptor("staged_files", "", "Files of the last 20 staging runs by status."), labels: [("status", status)])
                .set(to: Double(count))
        }
    }
}
