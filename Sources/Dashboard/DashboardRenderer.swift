public import Foundation
import Mustache
import Telemetry

/// Turns pages into HTML (a page's template inside the layout) and JSON.
public struct DashboardRenderer: Sendable {
    private let library: MustacheLibrary
    /// Seconds between a live page's self-refreshes.
    public let refreshSeconds: Int

    /// Compiles every page's template; a template that does not parse is an error here, at start-up.
    public init(refreshSeconds: Int = 5) throws {
        var library = MustacheLibrary()
        try library.register(PageLayout.template, named: "layout")
        for page in DashboardPages.all {
            try library.register(page.template, named: Self.templateName(page))
        }
        self.library = library
        self.refreshSeconds = refreshSeconds
    }

    static func templateName(_ page: any DashboardPage.Type) -> String { String(describing: page) }

    /// The page's body alone (no layout): what the report puts in each section.
    public func body<Page: DashboardPage>(_ page: Page) -> String {
        library.render(page, withTemplate: Self.templateName(Page.self)) ?? ""
    }

    /// The whole HTML document of a page served on its own.
    public func document<Page: DashboardPage>(_ page: Page, sources: DashboardSources, links: PageLinks) -> String {
        let frame = Frame(title: page.title, refreshSeconds: page.isLive ? refreshSeconds : nil, css: PageLayout.css,
                          nav: Self.navigation(sources, links: links), body: body(page), generated: LedgerTimestamp.now())
        return library.render(frame, withTemplate: "layout") ?? ""
    }

    /// The HTML around a report's page sections (the layout with nothing in its body), so the
    /// sections can be written between the two parts one at a time.
    public func documentFrame(title: String, sources: DashboardSources) -> (head: String, tail: String) {
        // A body no page can contain: the layout is rendered once around it and cut there.
        let marker = "\u{1}ferry-report-body\u{1}"
        let frame = Frame(title: title, refreshSeconds: nil, css: PageLayout.css, nav: Self.navigation(sources, links: .report),
                          body: marker, generated: LedgerTimestamp.now())
        let whole = library.render(frame, withTemplate: "layout") ?? ""
        guard let cut = whole.range(of: marker) else { return (whole, "") }
        return (String(whole[..<cut.lowerBound]), String(whole[cut.upperBound...]))
    }

    /// The page's data as JSON (the `/api` form).
    public func json<Page: DashboardPage>(_ page: Page) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(page)
    }

    struct Frame {
        let title: String
        let refreshSeconds: Int?
        let css: String
        let nav: [NavigationLink]
        let body: String
        let generated: String
    }

    struct NavigationLink {
        let label: String
        let href: String
    }

    static func navigation(_ sources: DashboardSources, links: PageLinks) -> [NavigationLink] {
        var nav = [NavigationLink(label: "Ferry", href: links.to(OverviewPage.route))]
        nav += sources.ledgers.map { NavigationLink(label: $0.name, href: links.to(CalendarPage.route, ["ledger": $0.name])) }
        if sources.database != nil {
            nav += [NavigationLink(label: "Packaging", href: links.to(PackagingPage.route)),
                    NavigationLink(label: "Staging", href: links.to(StagingPage.route)),
                    NavigationLink(label: "Queue", href: links.to(QueuePage.route))]
        }
        if sources.catalog != nil { nav.append(NavigationLink(label: "Catalog", href: links.to(CatalogPage.route))) }
        return nav
    }
}
