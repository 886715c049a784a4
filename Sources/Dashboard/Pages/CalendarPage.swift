import Telemetry
import UTCDate

/// A ledger's availability calendar: one cell a day, coloured by the day's latest status, shaded by
/// `availability_pct`, with a tooltip of records, window, duration and error; each cell links to the day.
public struct CalendarPage: DashboardPage {
    public static let route = "/reach/:ledger"
    public static func isShown(for sources: DashboardSources) -> Bool { !sources.ledgers.isEmpty }
    public static func instances(in sources: DashboardSources) async throws -> [[String: String]] {
        sources.ledgers.map { ["ledger": $0.name] }
    }

    /// One day as the API lists it.
    struct Day: Sendable, Encodable {
        let day: String
        let status: String
        let records: String
        let availabilityPct: String
        let rows: Int
        let failedRows: Int
        let errorType: String
        let href: String
        enum CodingKeys: String, CodingKey {
            case day, status, records, availabilityPct = "availability_pct", rows, failedRows = "failed_rows", errorType = "error_type", href
        }
    }

    /// One year's grid: weeks across, Monday to Sunday down.
    struct Year: Sendable {
        let year: Int
        let width: Int
        let height: Int
        let months: [MonthLabel]
        /// The year's cells as SVG markup (see ``Cell``), escaped already.
        let cells: String
    }

    struct MonthLabel: Sendable {
        let x: Int
        let name: String
    }

    /// A day's square: a linked `<rect>` with its tooltip. Written directly rather than through the
    /// template: a calendar of ten years has 3,650 of them, and reflection-driven rendering took
    /// ~50 µs a cell (190 ms a page); this takes well under one.
    struct Cell: Sendable {
        let day: String
        let status: String
        let x: Int
        let y: Int
        let opacity: String
        let href: String?
        let tip: String

        func write(into markup: inout String) {
            if let href { markup += "<a href=\"" + Markup.escape(href) + "\">" }
            markup += "<rect class=\"cell " + StatusStyle.cssClass(status) + "\" data-day=\"" + day + "\" data-status=\""
                + Markup.escape(status) + "\" x=\"\(x)\" y=\"\(y)\" width=\"11\" height=\"11\" rx=\"2\" fill-opacity=\""
                + opacity + "\"><title>" + Markup.escape(tip) + "</title></rect>"
            if href != nil { markup += "</a>" }
            markup += "\n"
        }
    }

    public let title: String
    public let ledger: String
    public let problem: String?
    public let rows: Int
    let legend: [StatusCount]
    let days: [Day]
    let years: [Year]
    let throughputHref: String
    let failuresHref: String
    public let isLive: Bool

    enum CodingKeys: String, CodingKey { case ledger, problem, rows, legend, days }

    static let cell = 13

    public static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> CalendarPage {
        let data = try await LedgerPageData.load(parameters, from: sources)
        let name = data.source.name
        let digest = data.digest
        var days: [Day] = []
        var counts: [String: Int] = [:]
        var years: [Year] = []
        if let digest, let first = digest.days.first?.day, let last = digest.days.last?.day {
            var byDay: [UTCDay: LedgerDigest.Day] = [:]
            for day in digest.days { byDay[day.day] = day }
            // Only years that hold rows: one mistyped date (2205) must not draw two centuries of empty cells.
            for year in Set(digest.days.map(\.day.year)).sorted() {
                let january = UTCDay(year: year, month: 1, day: 1)!
                let offset = january.isoWeekday - 1
                var cells = ""
                var day = max(january, first)
                let end = min(UTCDay(year: year, month: 12, day: 31)!, last)
                while day <= end {
                    let index = january.distance(to: day) + offset
                    let x = 28 + (index / 7) * cell, y = 16 + (index % 7) * cell
                    let href = links.to(DayPage.route, ["ledger": name, "day": day.description])
                    if let entry = byDay[day] {
                        let row = entry.latest
                        counts[row.status, default: 0] += 1
                        let download = entry.lastDownload ?? row
                        days.append(Day(day: day.description, status: row.status, records: download.recordsDownloaded,
                                        availabilityPct: download.availabilityPct, rows: entry.rows, failedRows: entry.failedRows,
                                        errorType: row.errorType, href: href))
                        Cell(day: day.description, status: row.status, x: x, y: y, opacity: opacity(download), href: href,
                             tip: tip(day, entry)).write(into: &cells)
                    } else {
                        counts[StatusStyle.neverTried, default: 0] += 1
                        Cell(day: day.description, status: StatusStyle.neverTried, x: x, y: y, opacity: "1", href: nil,
                             tip: "\(day) · never tried").write(into: &cells)
                    }
                    day = day.advanced(by: 1)
                }
                let months = (1...12).compactMap { month -> MonthLabel? in
                    let start = UTCDay(year: year, month: month, day: 1)!
                    return MonthLabel(x: 28 + ((january.distance(to: start) + offset) / 7) * cell, name: monthNames[month - 1])
                }
                years.append(Year(year: year, width: 28 + 54 * cell, height: 16 + 7 * cell + 4, months: months, cells: cells))
            }
        }
        let legend = StatusStyle.legendOrder.compactMap { status in counts[status].map { StatusCount(status: status, count: $0) } }
            + counts.keys.filter { !StatusStyle.legendOrder.contains($0) }.sorted().map { StatusCount(status: $0, count: counts[$0]!) }
        return CalendarPage(title: "REACH ledger \(name)", ledger: name, problem: data.problem, rows: digest?.rows ?? 0,
                            legend: legend, days: days, years: years,
                            throughputHref: links.to(ThroughputPage.route, ["ledger": name]),
                            failuresHref: links.to(FailuresPage.route, ["ledger": name]), isLive: data.isLive)
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Full colour at 100 % availability, fading to a third at 0 %; days without a figure at full colour.
    static func opacity(_ row: LedgerRow) -> String {
        guard let pct = Double(row.availabilityPct) else { return "1" }
        return Figures.decimal(0.35 + 0.65 * min(max(pct, 0), 100) / 100, 2)
    }

    static func tip(_ day: UTCDay, _ entry: LedgerDigest.Day) -> String {
        let row = entry.latest, download = entry.lastDownload ?? row
        var parts = ["\(day)", row.status]
        if let records = Int(download.recordsDownloaded) { parts.append("\(Figures.count(records)) records") }
        if !download.availabilityPct.isEmpty { parts.append("availability \(download.availabilityPct) %") }
        if !download.windowStartUTC.isEmpty { parts.append("window \(download.windowStartUTC) – \(download.windowEndUTC)") }
        if let seconds = Double(download.downloadSeconds) { parts.append("download \(Figures.decimal(seconds)) s") }
        if let seconds = Double(row.processSeconds) { parts.append("process \(Figures.decimal(seconds)) s") }
        parts.append("\(entry.rows) row\(entry.rows == 1 ? "" : "s")")
        if !row.errorType.isEmpty { parts.append("error \(row.errorType): \(row.errorMessage)") }
        return parts.joined(separator: " · ")
    }

    public static let template = """
        <h1>{{title}}</h1>
        {{#problem}}<p class="problem">{{problem}}</p>{{/problem}}
        <p class="summary"><span id="row-count">{{rows}}</span> rows · <a href="{{throughputHref}}">throughput</a> · <a href="{{failuresHref}}">failures</a></p>
        <ul class="legend">{{#legend}}<li><span class="swatch {{css}}"></span>{{label}} <b>{{count}}</b></li>{{/legend}}</ul>
        {{#years}}
        <figure class="calendar"><figcaption>{{year}}</figcaption>
        <svg xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="{{height}}" role="img" aria-label="days of {{year}}">
        <text x="0" y="26" class="weekday">Mon</text><text x="0" y="65" class="weekday">Thu</text><text x="0" y="104" class="weekday">Sun</text>
        {{#months}}<text x="{{x}}" y="10" class="month">{{name}}</text>{{/months}}
        {{{cells}}}
        </svg></figure>
        {{/years}}
        {{^years}}{{^problem}}<p>The ledger has no rows yet.</p>{{/problem}}{{/years}}
        """
}
