import Telemetry
import UTCDate

/// What a ledger's runs achieved over time, drawn as SVG on the server: rows finished (and failed)
/// per period with the records per second of download time, and the requests the archive answered
/// per period with its 429s and errors (from the request log beside the ledger).
public struct ThroughputPage: DashboardPage {
    public static let route = "/reach/:ledger/throughput"
    public static func isShown(for sources: DashboardSources) -> Bool { !sources.ledgers.isEmpty }
    public static func instances(in sources: DashboardSources) async throws -> [[String: String]] {
        sources.ledgers.map { ["ledger": $0.name] }
    }

    /// One period of the charts.
    struct Period: Sendable, Encodable {
        let start: String
        let rows: Int
        let failedRows: Int
        let recordsDownloaded: Int64
        let downloadSeconds: Double
        let recordsPerSecond: Double?
        let megabytesWritten: Double
        let requests: Int
        let requestsPerSecond: Double
        let throttled: Int
        let errors: Int
        enum CodingKeys: String, CodingKey {
            case start, rows, failedRows = "failed_rows", recordsDownloaded = "records_downloaded", downloadSeconds = "download_seconds"
            case recordsPerSecond = "records_per_second", megabytesWritten = "megabytes_written", requests
            case requestsPerSecond = "requests_per_second", throttled = "throttled_429", errors
        }
    }

    /// One bar: its whole height and the part drawn over it (failed rows; 429s and errors).
    struct Bar: Sendable {
        let x: String
        let width: String
        let y: String
        let height: String
        let overY: String
        let overHeight: String
        let tip: String
    }

    /// One chart's drawing.
    struct Chart: Sendable {
        let label: String
        let bars: [Bar]
        let line: String
        let hasLine: Bool
        let maximum: String
        let overClass: String
    }

    public let title: String
    public let ledger: String
    public let problem: String?
    /// Hours per period: 1, 24, 168 or 720, so that a chart has at most 240 bars.
    public let periodHours: Int
    let periods: [Period]
    let charts: [Chart]
    let hasPeriods: Bool
    let lastRate: String?
    let lastRateAt: String?
    let firstLabel: String
    let lastLabel: String
    let calendarHref: String
    public let isLive: Bool

    enum CodingKeys: String, CodingKey {
        case ledger, problem, periodHours = "period_hours", periods, lastRate = "last_rate_per_second", lastRateAt = "last_rate_at"
    }

    static let plotLeft = 48.0, plotTop = 12.0, plotWidth = 904.0, plotHeight = 180.0

    public static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> ThroughputPage {
        let data = try await LedgerPageData.load(parameters, from: sources)
        let requestLog = await data.requests()
        let hours = data.digest?.hours ?? []
        let starts = hours.map(\.start) + requestLog.hours.keys
        let (low, high) = (starts.min() ?? 0, starts.max() ?? 0)
        let periodHours: Int = ([1, 24, 168, 720].first { (high - low) / Int64($0 * 3600) < 240 }) ?? 8760
        let length = Int64(periodHours * 3600)
        var work: [Int64: LedgerDigest.HourOfWork] = [:]
        var requests: [Int64: RequestCounts] = [:]
        for hour in hours {
            let start = hour.start - hour.start % length
            var period = work[start] ?? LedgerDigest.HourOfWork(start: start)
            period.rows += hour.rows
            period.failedRows += hour.failedRows
            period.recordsDownloaded += hour.recordsDownloaded
            period.downloadSeconds += hour.downloadSeconds
            period.megabytesWritten += hour.megabytesWritten
            work[start] = period
        }
        for (hour, counts) in requestLog.hours {
            let start = hour - hour % length
            requests[start] = (requests[start] ?? RequestCounts()) + counts
        }
        let keys = Set(work.keys).union(requests.keys).sorted()
        let periods = keys.map { start in
            let w = work[start] ?? LedgerDigest.HourOfWork(start: start), r = requests[start] ?? RequestCounts()
            return Period(start: LedgerTimestamp.format(secondsSinceEpoch: start, microseconds: 0), rows: w.rows, failedRows: w.failedRows,
                          recordsDownloaded: w.recordsDownloaded, downloadSeconds: w.downloadSeconds, recordsPerSecond: w.recordsPerSecond,
                          megabytesWritten: w.megabytesWritten, requests: r.requests,
                          requestsPerSecond: Double(r.requests) / Double(length), throttled: r.throttled,
                          errors: r.failed + r.refused + r.transportErrors)
        }
        // Periods spread over the plot by time, so that gaps show as gaps.
        let first = keys.first ?? 0
        let slot = plotWidth / max(1.0, Double(((keys.last ?? 0) - first) / length + 1))
        func x(_ start: Int64) -> Double { plotLeft + Double((start - first) / length) * slot }
        let rowsChart = chart(label: "rows finished per \(periodHours) h (red: failed); line: records per second of download time",
                              periods: zip(keys, periods).map { ($0, $1) }, x: x, slot: slot, overClass: "failed",
                              value: { $0.rows }, over: { $0.failedRows }, rate: { $0.recordsPerSecond },
                              tip: { p in "\(p.start): \(p.rows) rows, \(p.failedRows) failed, \(Figures.count(p.recordsDownloaded)) records"
                                  + (p.recordsPerSecond.map { " at \(Figures.decimal($0)) records/s" } ?? "") })
        let requestsChart = chart(label: "requests per \(periodHours) h (orange: 429 and errors)",
                                  periods: zip(keys, periods).map { ($0, $1) }, x: x, slot: slot, overClass: "throttled",
                                  value: { $0.requests }, over: { $0.throttled + $0.errors }, rate: { _ in nil },
                                  tip: { p in "\(p.start): \(p.requests) requests (\(Figures.decimal(p.requestsPerSecond, 3))/s), "
                                      + "\(p.throttled) answered 429, \(p.errors) errors" })
        return ThroughputPage(title: "Throughput of \(data.source.name)", ledger: data.source.name, problem: data.problem,
                              periodHours: periodHours, periods: periods,
                              charts: requestLog.total.requests > 0 ? [rowsChart, requestsChart] : [rowsChart],
                              hasPeriods: !periods.isEmpty, lastRate: requestLog.lastRate.map { Figures.decimal($0) },
                              lastRateAt: requestLog.lastFinishedAt,
                              firstLabel: periods.first?.start ?? "", lastLabel: periods.last?.start ?? "",
                              calendarHref: links.to(CalendarPage.route, ["ledger": data.source.name]), isLive: data.isLive)
    }

    static func chart(label: String, periods: [(Int64, Period)], x: (Int64) -> Double, slot: Double, overClass: String,
                      value: (Period) -> Int, over: (Period) -> Int, rate: (Period) -> Double?, tip: (Period) -> String) -> Chart {
        let maximum = max(1, periods.map { value($0.1) }.max() ?? 1)
        let maxRate = max(1, periods.compactMap { rate($0.1) }.max() ?? 1)
        let baseline = plotTop + plotHeight
        var bars: [Bar] = [], points: [String] = []
        for (start, period) in periods {
            let left = x(start)
            let height = plotHeight * Double(value(period)) / Double(maximum)
            let overHeight = plotHeight * Double(over(period)) / Double(maximum)
            let width = min(max(slot * 0.8, 0.5), 40)
            bars.append(Bar(x: Figures.decimal(left + (slot - width) / 2, 2), width: Figures.decimal(width, 2),
                            y: Figures.decimal(baseline - height, 2), height: Figures.decimal(height, 2),
                            overY: Figures.decimal(baseline - overHeight, 2), overHeight: Figures.decimal(overHeight, 2), tip: tip(period)))
            if let r = rate(period) {
                points.append(Figures.decimal(left + slot / 2, 2) + "," + Figures.decimal(baseline - plotHeight * r / maxRate, 2))
            }
        }
        return Chart(label: label + " (highest \(maximum))", bars: bars, line: points.joined(separator: " "), hasLine: points.count > 1,
                     maximum: String(maximum), overClass: overClass)
    }

    public static let template = """
        <h1>{{title}}</h1>
        {{#problem}}<p class="problem">{{problem}}</p>{{/problem}}
        <p class="summary">{{#lastRate}}Pacing rate when the last day attempt ended: <b>{{lastRate}} requests/s</b> ({{lastRateAt}}). {{/lastRate}}<a href="{{calendarHref}}">back to the calendar</a></p>
        {{#hasPeriods}}
        {{#charts}}
        <h2>{{label}}</h2>
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" width="960" height="224" viewBox="0 0 960 224" role="img" aria-label="{{label}}">
        <line x1="48" y1="192" x2="952" y2="192" class="axis"/><line x1="48" y1="12" x2="48" y2="192" class="axis"/>
        <text x="44" y="20" class="tick" text-anchor="end">{{maximum}}</text><text x="44" y="192" class="tick" text-anchor="end">0</text>
        {{#bars}}<g class="bar"><rect class="total" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{tip}}</title></rect><rect class="{{overClass}}" x="{{x}}" y="{{overY}}" width="{{width}}" height="{{overHeight}}"/></g>
        {{/bars}}
        {{#hasLine}}<polyline class="rate" points="{{line}}"/>{{/hasLine}}
        <text x="48" y="212" class="tick">{{firstLabel}}</text><text x="952" y="212" class="tick" text-anchor="end">{{lastLabel}}</text>
        </svg>
        {{/charts}}
        {{/hasPeriods}}
        {{^hasPeriods}}<p>No row has finished yet.</p>{{/hasPeriods}}
        """
}
