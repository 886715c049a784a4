/// `ferry report`: every page of every instance as one self-contained HTML file (inline CSS and
/// SVG, links turned into anchors), to archive or mail.
public enum DashboardReport {
    /// The report's HTML.
    public static func render(_ sources: DashboardSources, renderer: DashboardRenderer) async throws -> String {
        var sections: [(id: String, body: String)] = []
        for page in DashboardPages.all where page.isShown(for: sources) {
            sections += try await sectionsOf(page, sources: sources, renderer: renderer)
        }
        return renderer.document(title: "Ferry report", sections: sections, sources: sources)
    }

    private static func sectionsOf<Page: DashboardPage>(_ page: Page.Type, sources: DashboardSources,
                                                        renderer: DashboardRenderer) async throws -> [(id: String, body: String)] {
        var sections: [(id: String, body: String)] = []
        for parameters in try await Page.instances(in: sources) {
            let loaded = try await Page.load(parameters, from: sources, links: .report)
            sections.append((PageLinks.anchor(of: Page.route, parameters), renderer.body(loaded)))
        }
        return sections
    }
}
