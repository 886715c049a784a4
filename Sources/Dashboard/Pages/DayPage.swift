import Telemetry
import UTCDate

/// Every row a ledger holds for one day: each attempt of each phase, in the order written.
public struct DayPage: DashboardPage {
    public static let route = "/reach/:ledger/days/:day"
    public static func isShown(for sources: DashboardSources) -> Bool { !sources.ledgers.isEmpty }
    public static func instances(in sources: DashboardSources) async throws -> [[String: String]] {
        var all: [[String: String]] = []
        for ledger in sources.ledgers {
            let follower = ledger.follower
            guard let digest = try? await offThePool({ try follower.refresh() }) else { continue }
            all += digest.days.map { ["ledger": ledger.name, "day": $0.day.description] }
        }
        return all
    }

    /// One ledger row, the columns an operator reads.
    struct Row: Sendable, Encodable, StatusStyled {
        let runID: String
        let status: String
        let startedAt: String
        let finishedAt: String
        let records: String
        let availabilityPct: String
        let downloadSeconds: String
        let processSeconds: String
        let csvSizeMB: String
        let cdfSizeMB: String
        let errorType: String
        let errorMessage: String
        let csvPath: String
        let cdfPath: String
        let s3Key: String
        let hasError: Bool
        var css: String { StatusStyle.cssClass(status) }

        /// By name rather than by reflection: a report holds up to 50 rows for each of thousands of days.
        func child(named name: String) -> Any? {
            switch name {
            case "runID": runID
            case "status": status
            case "startedAt": startedAt
            case "finishedAt": finishedAt
            case "records": records
            case "availabilityPct": availabilityPct
            case "downloadSeconds": downloadSeconds
            case "processSeconds": processSeconds
            case "csvSizeMB": csvSizeMB
            case "cdfSizeMB": cdfSizeMB
            case "errorType": errorType
            case "errorMessage": errorMessage
            case "csvPath": csvPath
            case "cdfPath": cdfPath
            case "s3Key": s3Key
            case "hasError": hasError
            case "css": css
            default: nil
            }
        }
        enum CodingKeys: String, CodingKey {
            case runID = "run_id", status, startedAt = "started_at_utc", finishedAt = "finished_at_utc", records = "records_downloaded"
            case availabilityPct = "availability_pct", downloadSeconds = "download_seconds", processSeconds = "process_seconds"
            case csvSizeMB = "csv_size_mb", cdfSizeMB = "cdf_size_mb", errorType = "error_type", errorMessage = "error_message"
            case csvPath = "csv_path", cdfPath = "cdf_path", s3Key = "s3_key"
        }
    }

    public let title: String
    public let ledger: String
    public let day: String
    public let status: String
    /// Why the ledger could not be read, when it could not.
    public let problem: String?
    let rows: [Row]
    /// Earlier rows left out of the report (which keeps each day's last ``reportRows``); nil when none are.
    let omitted: Int?
    let calendarHref: String
    public let isLive: Bool

    enum CodingKeys: String, CodingKey { case ledger, day, status, problem, rows }

    /// Rows a day's section keeps in the one-file report: a day reprocessed hundreds of times would
    /// otherwise make a report of a long history hundreds of megabytes.
    static let reportRows = 50

    public static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> DayPage {
        let data = try await LedgerPageData.load(parameters, from: sources)
        let calendarHref = links.to(CalendarPage.route, ["ledger": data.source.name])
        if let problem = data.problem, let day = UTCDay(parameters["day"] ?? "") {
            return DayPage(title: "\(day) in \(data.source.name)", ledger: data.source.name, day: day.description, status: "",
                           problem: problem, rows: [], omitted: nil, calendarHref: calendarHref, isLive: false)
        }
        guard let day = UTCDay(parameters["day"] ?? ""), let entry = data.digest?.day(day) else {
            throw PageError.notFound("day \(parameters["day"] ?? "") in ledger \(data.source.name)")
        }
        let follower = data.source.follower
        let rows = try await offThePool { try follower.rows(of: day) }.map { row in
            Row(runID: row.runID, status: row.status, startedAt: row.startedAtUTC, finishedAt: row.finishedAtUTC,
                records: row.recordsDownloaded, availabilityPct: row.availabilityPct, downloadSeconds: row.downloadSeconds,
                processSeconds: row.processSeconds, csvSizeMB: row.csvSizeMB, cdfSizeMB: row.cdfSizeMB, errorType: row.errorType,
                errorMessage: row.errorMessage, csvPath: row.csvPath, cdfPath: row.cdfPath, s3Key: row.s3Key,
                hasError: !row.errorType.isEmpty || !row.errorMessage.isEmpty)
        }
        let kept = links == .report ? Array(rows.suffix(reportRows)) : rows
        return DayPage(title: "\(day) in \(data.source.name)", ledger: data.source.name, day: day.description,
                       status: entry.latest.status, problem: nil, rows: kept, omitted: kept.count < rows.count ? rows.count - kept.count : nil,
                       calendarHref: calendarHref, isLive: data.isLive)
    }

    public static let template = """
        <h1>{{title}}</h1>
        {{#problem}}<p class="problem">{{problem}}</p>{{/problem}}
        <p class="summary">Latest status <span class="badge {{status}}">{{status}}</span> · <a href="{{calendarHref}}">back to the calendar</a></p>
        {{#omitted}}<p class="summary">The {{omitted}} earlier rows of this day are in the ledger, not in this report.</p>{{/omitted}}
        <table class="rows">
        <thead><tr><th>run</th><th>status</th><th>started</th><th>finished</th><th>records</th><th>availability %</th><th>download s</th><th>process s</th><th>CSV MB</th><th>CDF MB</th><th>error</th><th>files</th></tr></thead>
        <tbody>
        {{#rows}}<tr class="{{css}}"><td>{{runID}}</td><td>{{status}}</td><td>{{startedAt}}</td><td>{{finishedAt}}</td><td class="n">{{records}}</td><td class="n">{{availabilityPct}}</td><td class="n">{{downloadSeconds}}</td><td class="n">{{processSeconds}}</td><td class="n">{{csvSizeMB}}</td><td class="n">{{cdfSizeMB}}</td><td>{{#hasError}}<b>{{errorType}}</b> {{errorMessage}}{{/hasError}}</td><td class="path">{{csvPath}} {{cdfPath}} {{s3Key}}</td></tr>
        {{/rows}}
        </tbody></table>
        """
}
