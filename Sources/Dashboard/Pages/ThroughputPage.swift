import Telemetry
import UTCDate

/// What a ledger's runs achieved over time: rows finished (and failed) per period as bars, and the
/// records per second of download time as a line, drawn as SVG on the server.
///
/// The ledger (seed 001) records days, not requests: request rates and 429s are a running download's
/// own figures, not the ledger's, so they are not drawn here.
public struct ThroughputPage: DashboardPage {
    public static let route = "/reach/:ledger/throughput"
    public static func isShown(for sources: DashboardSources) -> Bool { !sources.ledgers.isEmpty }
    public static func instances(in sources: DashboardSources) async throws -> [[String: String]] {
        sources.ledgers.map { ["ledger": $0.name] }
    }

    /// One period of the chart.
    struct Period: Sendable, Encodable {
        let start: String
        let rows: Int
        let failedRows: Int
        let recordsDownloaded: Int64
        let downloadSeconds: Double
        let recordsPerSecond: Double?
        let megabytesWritten: Double
        enum CodingKeys: String, CodingKey {
            case start, rows, failedRows = "failed_rows", recordsDownloaded = "records_downloaded", downloadSeconds = "download_seconds"
            case recordsPerSecond = "records_per_second", megabytesWritten = "megabytes_written"
        }
    }

    struct Bar: Sendable {
        let x: String
        let width: String
        let y: String
        let height: String
        let failedY: String
        let failedHeight: String
        let tip: String
    }

    public let title: String
    public let ledger: String
    public let problem: String?
    /// Hours per period: 1, 24 or 168, so that the chart has at most 240 bars.
    public let periodHours: Int
    let periods: [Period]
    let bars: [Bar]
    let line: String
    let maxRows: Int
    let maxRate: String
    let firstLabel: String
    let lastLabel: String
    let calendarHref: String
    public let isLive: Bool

    enum CodingKeys: String, CodingKey { case ledger, problem, periodHours = "period_hours", periods }

    static let chartWidth = 960.0, chartHeight = 260.0, plotLeft = 48.0, plotTop = 12.0

    public static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> ThroughputPage {
        let data = try await LedgerPageData.load(parameters, from: sources)
        let hours = data.digest?.hours ?? []
        let span = (hours.last?.start ?? 0) - (hours.first?.start ?? 0)
        let periodHours: Int = ([1, 24, 168, 720].first { span / Int64($0 * 3600) < 240 }) ?? 8760
        var merged: [LedgerDigest.HourOfWork] = []
        for hour in hours {
            let start = hour.start - hour.start % Int64(periodHours * 3600)
            if merged.last?.start != start { merged.append(LedgerDigest.HourOfWork(start: start)) }
            merged[merged.count - 1].rows += hour.rows
            merged[merged.count - 1].failedRows += hour.failedRows
            merged[merged.count - 1].recordsDownloaded += hour.recordsDownloaded
            merged[merged.count - 1].downloadSeconds += hour.downloadSeconds
            merged[merged.count - 1].megabytesWritten += hour.megabytesWritten
        }
        let periods = merged.map {
            Period(start: LedgerTimestamp.format(secondsSinceEpoch: $0.start, microseconds: 0), rows: $0.rows, failedRows: $0.failedRows,
                   recordsDownloaded: $0.recordsDownloaded, downloadSeconds: $0.downloadSeconds,
                   recordsPerSecond: $0.recordsPerSecond, megabytesWritten: $0.megabytesWritten)
        }
        // Geometry: periods spread over the plot's width by time, so gaps show as gaps.
        let plotWidth = chartWidth - plotLeft - 8, plotHeight = chartHeight - plotTop - 28
        let first = merged.first?.start ?? 0
        let slots = max(1.0, Double(((merged.last?.start ?? 0) - first) / Int64(periodHours * 3600) + 1))
        let slot = plotWidth / slots
        let maxRows = max(1, merged.map(\.rows).max() ?? 1)
        let maxRate = max(1, merged.compactMap(\.recordsPerSecond).max() ?? 1)
        var bars: [Bar] = []
        var points: [String] = []
        for (period, work) in zip(periods, merged) {
            let index = Double((work.start - first) / Int64(periodHours * 3600))
            let x = plotLeft + index * slot
            let h = plotHeight * Double(work.rows) / Double(maxRows)
            let fh = plotHeight * Double(work.failedRows) / Double(maxRows)
            let baseline: Double = plotTop + plotHeight
            let rateText = work.recordsPerSecond.map { " at \(Figures.decimal($0)) records/s" } ?? ""
            let tip = "\(period.start): \(work.rows) rows, \(work.failedRows) failed, \(Figures.count(work.recordsDownloaded)) records" + rateText
            bars.append(Bar(x: Figures.decimal(x + slot * 0.1, 2), width: Figures.decimal(max(slot * 0.8, 0.5), 2),
                            y: Figures.decimal(baseline - h, 2), height: Figures.decimal(h, 2),
                            failedY: Figures.decimal(baseline - fh, 2), failedHeight: Figures.decimal(fh, 2), tip: tip))
            if let rate = work.recordsPerSecond {
                let y: Double = baseline - plotHeight * rate / maxRate
                points.append(Figures.decimal(x + slot / 2, 2) + "," + Figures.decimal(y, 2))
            }
        }
        return ThroughputPage(title: "Throughput of \(data.source.name)", ledger: data.source.name, problem: data.problem,
                              periodHours: periodHours, periods: periods, bars: bars, line: points.joined(separator: " "),
                              maxRows: maxRows, maxRate: Figures.decimal(maxRate),
                              firstLabel: periods.first?.start ?? "", lastLabel: periods.last?.start ?? "",
                              calendarHref: links.to(CalendarPage.route, ["ledger": data.source.name]), isLive: data.isLive)
    }

    public static let template = """
        <h1>{{title}}</h1>
        {{#problem}}<p class="problem">{{problem}}</p>{{/problem}}
        <p class="summary">Bars: rows finished per {{periodHours}} h (red: failed; highest {{maxRows}}). Line: records per second of download time (highest {{maxRate}}). <a href="{{calendarHref}}">back to the calendar</a></p>
        <svg xmlns="http://www.w3.org/2000/svg" class="chart" width="960" height="260" viewBox="0 0 960 260" role="img" aria-label="throughput">
        <line x1="48" y1="232" x2="952" y2="232" class="axis"/><line x1="48" y1="12" x2="48" y2="232" class="axis"/>
        <text x="44" y="20" class="tick" text-anchor="end">{{maxRows}}</text><text x="44" y="232" class="tick" text-anchor="end">0</text>
        {{#bars}}<g class="bar"><rect class="rows" x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}"><title>{{tip}}</title></rect><rect class="failed" x="{{x}}" y="{{failedY}}" width="{{width}}" height="{{failedHeight}}"/></g>
        {{/bars}}
        {{#line}}<polyline class="rate" points="{{line}}"/>{{/line}}
        <text x="48" y="252" class="tick">{{firstLabel}}</text><text x="952" y="252" class="tick" text-anchor="end">{{lastLabel}}</text>
        </svg>
        {{^bars}}<p>No row has finished yet.</p>{{/bars}}
        """
}
