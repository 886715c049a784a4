import Staging

/// Station staging runs (seed 004), newest first, each with its files by status and every failed file's error.
public struct StagingPage: DashboardPage {
    public static let route = "/staging"
    public static func isShown(for sources: DashboardSources) -> Bool { sources.database != nil }

    struct Run: Sendable, Encodable {
        let id: Int64
        let station: String
        let collection: String
        let window: String
        let destination: String
        let found: Int
        let alreadyPublished: Int
        let counts: [StatusCount]
        let files: [File]
        enum CodingKeys: String, CodingKey { case id, station, collection, window, destination, found, alreadyPublished = "already_published", counts, files }
    }

    struct File: Sendable, Encodable, StatusStyled {
        let id: String
        let status: String
        let size: Int64?
        let href: String?
        let error: String?
        var css: String { StatusStyle.cssClass(status) }
        enum CodingKeys: String, CodingKey { case id, status, size, href, error }
    }

    public let title = "Staging"
    let runs: [Run]
    public let isLive: Bool

    enum CodingKeys: String, CodingKey { case runs }

    public static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> StagingPage {
        guard let database = sources.database else { throw PageError.notFound("staging: no database given") }
        let status = try await StagingStatus.read(from: database, limit: 20)
        let runs = status.runs.map { run in
            Run(id: run.id, station: run.station, collection: run.collection, window: "[\(run.start), \(run.stop))",
                destination: run.destination, found: run.found, alreadyPublished: run.alreadyPublished,
                counts: run.counts.sorted { $0.key < $1.key }.map { StatusCount(status: $0.key, count: $0.value) },
                files: run.files.map { File(id: $0.id, status: $0.status, size: $0.size, href: $0.href, error: $0.error) })
        }
        let live = runs.contains { $0.files.contains { ["NOT_STARTED", "IN_PROGRESS"].contains($0.status) } }
        return StagingPage(runs: runs, isLive: live)
    }

    public static let template = """
        <h1>{{title}}</h1>
        {{#runs}}
        <section class="run">
        <h2>Run {{id}}: {{station}} → {{collection}} <small>{{window}}, {{found}} found, {{alreadyPublished}} already published</small></h2>
        <ul class="legend">{{#counts}}<li><span class="swatch {{css}}"></span>{{status}} <b>{{count}}</b></li>{{/counts}}</ul>
        <table class="rows"><thead><tr><th>file</th><th>status</th><th>bytes</th><th>object / error</th></tr></thead><tbody>
        {{#files}}<tr class="{{css}}"><td>{{id}}</td><td>{{status}}</td><td class="n">{{size}}</td><td class="path">{{#error}}<b>{{error}}</b>{{/error}}{{^error}}{{href}}{{/error}}</td></tr>
        {{/files}}
        </tbody></table>
        </section>
        {{/runs}}
        {{^runs}}<p>No staging run yet.</p>{{/runs}}
        """
}
