/// `ferry report`: every page of every instance as one self-contained HTML file (inline CSS and
/// SVG, links turned into anchors), to archive or mail.
public enum DashboardReport {
    /// The report's HTML, whole (for small reports and tests; `write` streams it).
    public static func render(_ sources: DashboardSources, renderer: DashboardRenderer) async throws -> String {
        var html = ""
        try await write(sources, renderer: renderer) { html += $0 }
        return html
    }

    /// Hands the report's HTML to `output` in order, a page section at a time, so that a report of
    /// a million-row ledger never sits in memory whole.
    public static func write(_ sources: DashboardSources, renderer: DashboardRenderer,
                             to output: (String) async throws -> Void) async throws {
        let frame = renderer.documentFrame(title: "Ferry report", sources: sources)
        try await output(frame.head)
        var first = true
        for page in DashboardPages.all where page.isShown(for: sources) {
            try await writeSections(of: page, sources: sources, renderer: renderer) { id, body in
                try await output((first ? "" : "\n") + "<section class=\"report-page\" id=\"\(id)\">\n\(body)\n</section>")
                first = false
            }
        }
        try await output(frame.tail)
    }

    private static func writeSections<Page: DashboardPage>(of page: Page.Type, sources: DashboardSources, renderer: DashboardRenderer,
                                                           _ section: (String, String) async throws -> Void) async throws {
        for parameters in try await Page.instances(in: sources) {
            let loaded = try await Page.load(parameters, from: sources, links: .report)
            try await section(PageLinks.anchor(of: Page.route, parameters), renderer.body(loaded))
        }
    }
}
