import Packaging

/// Raw-data packages (seed 003) by status, each with its files, checksum and error.
public struct PackagingPage: DashboardPage {
    public static let route = "/packaging"
    public static func isShown(for sources: DashboardSources) -> Bool { sources.database != nil }

    struct Row: Sendable, Encodable, StatusStyled {
        let name: String
        let site: String
        let obsUnit: String
        let module: String
        let status: String
        let state: String
        let files: Int
        let size: Int64?
        let sha256: String?
        let location: String?
        let attempts: Int
        let error: String?
        var css: String { StatusStyle.cssClass(status) }
        enum CodingKeys: String, CodingKey { case name, site, obsUnit = "obs_unit", module, status, state, files, size, sha256, location, attempts, error }
    }

    public let title = "Packaging"
    let counts: [StatusCount]
    public let unpackagedFiles: Int
    let packages: [Row]
    public let isLive: Bool

    enum CodingKeys: String, CodingKey { case counts, unpackagedFiles = "unpackaged_files", packages }

    public static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> PackagingPage {
        guard let database = sources.database else { throw PageError.notFound("packaging: no database given") }
        let status = try await PackagingStatus.read(from: database)
        let rows = status.packages.map {
            Row(name: $0.name, site: $0.site, obsUnit: $0.obsUnit, module: $0.module, status: $0.status, state: $0.state,
                files: $0.files.count, size: $0.size, sha256: $0.sha256, location: $0.location, attempts: $0.attempts, error: $0.error)
        }
        let counts = status.counts.sorted { $0.key < $1.key }.map { StatusCount(status: $0.key, count: $0.value) }
        let live = rows.contains { ["PENDING", "SCHEDULED", "IN_PROGRESS"].contains($0.status) }
        return PackagingPage(counts: counts, unpackagedFiles: status.unpackagedFiles, packages: rows, isLive: live)
    }

    public static let template = """
        <h1>{{title}}</h1>
        <ul class="legend">{{#counts}}<li><span class="swatch {{css}}"></span>{{status}} <b>{{count}}</b></li>{{/counts}}<li>unpackaged files <b>{{unpackagedFiles}}</b></li></ul>
        <table class="rows" id="packages">
        <thead><tr><th>package</th><th>site</th><th>obs unit</th><th>module</th><th>status</th><th>state</th><th>files</th><th>bytes</th><th>attempts</th><th>buffer</th><th>sha256 / error</th></tr></thead>
        <tbody>
        {{#packages}}<tr class="{{css}}"><td>{{name}}</td><td>{{site}}</td><td>{{obsUnit}}</td><td>{{module}}</td><td>{{status}}</td><td>{{state}}</td><td class="n">{{files}}</td><td class="n">{{size}}</td><td class="n">{{attempts}}</td><td>{{location}}</td><td class="path">{{#error}}<b>{{error}}</b>{{/error}}{{^error}}{{sha256}}{{/error}}</td></tr>
        {{/packages}}
        </tbody></table>
        {{^packages}}<p>No package yet.</p>{{/packages}}
        """
}
