import Telemetry

/// The start page: every ledger with its days by status, and the queue flows' pages.
public struct OverviewPage: DashboardPage {
    public static let route = "/"

    struct Ledger: Sendable, Encodable {
        let name: String
        let path: String
        let rows: Int
        let days: Int
        let failedDays: Int
        let counts: [StatusCount]
        let problem: String?
        let href: String
        let failuresHref: String
        let throughputHref: String
        enum CodingKeys: String, CodingKey { case name, path, rows, days, failedDays = "failed_days", counts, problem, href }
    }

    struct Link: Sendable, Encodable {
        let label: String
        let href: String
    }

    public let title = "Ferry"
    let ledgers: [Ledger]
    let flows: [Link]
    let hasLedgers: Bool
    let hasFlows: Bool
    public let isLive: Bool

    enum CodingKeys: String, CodingKey { case ledgers, flows }

    public static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> OverviewPage {
        var ledgers: [Ledger] = []
        var live = false
        for source in sources.ledgers {
            let data = try await LedgerPageData.load(["ledger": source.name], from: sources)
            live = live || data.isLive
            let counts = (data.digest?.daysByStatus ?? [:]).sorted { $0.key < $1.key }.map { StatusCount(status: $0.key, count: $0.value) }
            ledgers.append(Ledger(name: source.name, path: source.follower.path, rows: data.digest?.rows ?? 0,
                                  days: data.digest?.days.count ?? 0,
                                  failedDays: data.digest?.daysByStatus[LedgerStatus.failed.rawValue] ?? 0,
                                  counts: counts, problem: data.problem,
                                  href: links.to(CalendarPage.route, ["ledger": source.name]),
                                  failuresHref: links.to(FailuresPage.route, ["ledger": source.name]),
                                  throughputHref: links.to(ThroughputPage.route, ["ledger": source.name])))
        }
        let flows = [(PackagingPage.self as any DashboardPage.Type, "Packaging"), (StagingPage.self, "Staging"), (QueuePage.self, "Work queue"), (CatalogPage.self, "Catalog")]
            .filter { $0.0.isShown(for: sources) }
            .map { Link(label: $0.1, href: links.to($0.0.route)) }
        return OverviewPage(ledgers: ledgers, flows: flows, hasLedgers: !ledgers.isEmpty, hasFlows: !flows.isEmpty, isLive: live)
    }

    public static let template = """
        <h1>Ferry</h1>
        {{#hasLedgers}}<h2>REACH ledgers</h2>{{/hasLedgers}}
        {{#ledgers}}
        <section class="ledger">
        <h3><a href="{{href}}">{{name}}</a> <small class="path">{{path}}</small></h3>
        {{#problem}}<p class="problem">{{problem}}</p>{{/problem}}
        <p>{{rows}} rows over {{days}} days · <a href="{{throughputHref}}">throughput</a> · <a href="{{failuresHref}}">failures</a> ({{failedDays}} days failing)</p>
        <ul class="legend">{{#counts}}<li><span class="swatch {{css}}"></span>{{label}} <b>{{count}}</b></li>{{/counts}}</ul>
        </section>
        {{/ledgers}}
        {{#hasFlows}}<h2>Queue flows</h2>{{/hasFlows}}
        <ul class="flows">{{#flows}}<li><a href="{{href}}">{{label}}</a></li>{{/flows}}</ul>
        {{^ledgers}}{{^flows}}<p>Nothing to show: give <code>--telemetry-file</code> or <code>--database</code>.</p>{{/flows}}{{/ledgers}}
        """
}
