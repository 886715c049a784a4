import Telemetry
import UTCDate

/// A ledger's FAILED rows grouped by error type, each group linking to its days.
public struct FailuresPage: DashboardPage {
    public static let route = "/reach/:ledger/failures"
    public static func isShown(for sources: DashboardSources) -> Bool { !sources.ledgers.isEmpty }
    public static func instances(in sources: DashboardSources) async throws -> [[String: String]] {
        sources.ledgers.map { ["ledger": $0.name] }
    }

    struct Group: Sendable, Encodable {
        let errorType: String
        let rows: Int
        let lastMessage: String
        let days: [DayLink]
        /// Days whose latest row is still FAILED.
        let stillFailing: Int
        enum CodingKeys: String, CodingKey { case errorType = "error_type", rows, lastMessage = "last_message", days, stillFailing = "still_failing" }
    }

    struct DayLink: Sendable, Encodable {
        let day: String
        let href: String
        let stillFailing: Bool
        enum CodingKeys: String, CodingKey { case day, href, stillFailing = "still_failing" }
    }

    public let title: String
    public let ledger: String
    public let problem: String?
    let groups: [Group]
    let calendarHref: String
    public let isLive: Bool

    enum CodingKeys: String, CodingKey { case ledger, problem, groups }

    public static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> FailuresPage {
        let data = try await LedgerPageData.load(parameters, from: sources)
        let name = data.source.name
        let groups = (data.digest?.failures ?? []).map { group in
            let days = group.days.map { day in
                DayLink(day: day.description, href: links.to(DayPage.route, ["ledger": name, "day": day.description]),
                        stillFailing: data.digest?.day(day)?.latest.status == LedgerStatus.failed.rawValue)
            }
            return Group(errorType: group.errorType, rows: group.rows, lastMessage: group.lastMessage, days: days,
                         stillFailing: days.filter(\.stillFailing).count)
        }
        return FailuresPage(title: "Failures in \(name)", ledger: name, problem: data.problem, groups: groups,
                            calendarHref: links.to(CalendarPage.route, ["ledger": name]), isLive: data.isLive)
    }

    public static let template = """
        <h1>{{title}}</h1>
        {{#problem}}<p class="problem">{{problem}}</p>{{/problem}}
        <p class="summary"><a href="{{calendarHref}}">back to the calendar</a></p>
        {{#groups}}
        <section class="failure-group">
        <h2>{{errorType}} <small>{{rows}} failed rows, {{stillFailing}} days still failing</small></h2>
        <p class="message">{{lastMessage}}</p>
        <p class="days">{{#days}}<a href="{{href}}" class="{{#stillFailing}}still{{/stillFailing}}">{{day}}</a> {{/days}}</p>
        </section>
        {{/groups}}
        {{^groups}}<p>No row in this ledger failed.</p>{{/groups}}
        """
}
