import SQLDatabase
import WorkQueue

/// The work queue under packaging and staging: depth by kind and status, stuck tasks (expired
/// leases), live and lost workers with their last heartbeat, and recent errors.
public struct QueuePage: DashboardPage {
    public static let route = "/queue"
    public static func isShown(for sources: DashboardSources) -> Bool { sources.database != nil }

    struct Worker: Sendable, Encodable, StatusStyled {
        let id: String
        let host: String
        let pid: Int
        let kinds: String
        let state: String
        let lastHeartbeat: String
        var css: String { state == "lost" ? "s-failed" : state == "live" ? "s-done" : "s-skipped" }
        enum CodingKeys: String, CodingKey { case id, host, pid, kinds, state, lastHeartbeat = "last_heartbeat" }
    }

    struct Stuck: Sendable, Encodable {
        let id: Int64
        let kind: String
        let worker: String
        let attempts: Int
        let expired: String
    }

    struct Failure: Sendable, Encodable {
        let task: Int64
        let kind: String
        let attempt: Int
        let worker: String
        let error: String
        let when: String
    }

    public let title = "Work queue"
    let depth: [QueueOverview.Depth]
    let stuck: [Stuck]
    let workers: [Worker]
    let errors: [Failure]
    let hasErrors: Bool
    public let isLive: Bool

    enum CodingKeys: String, CodingKey { case depth, stuck, workers, errors }

    public static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> QueuePage {
        guard let database = sources.database else { throw PageError.notFound("queue: no database given") }
        let overview = try await database.read { try QueueOverview.read(in: $0, durationLimit: 0) }
        let now = Int64(WallClock.secondsSince1970() * 1000)
        let errors = overview.recentErrors.map { Failure(task: $0.taskID, kind: $0.kind, attempt: $0.attempt, worker: $0.worker,
                                                         error: $0.error, when: Figures.ago(milliseconds: $0.millisecondsAgo)) }
        return QueuePage(
            depth: overview.depth,
            stuck: overview.stuck.map { Stuck(id: $0.id, kind: $0.kind, worker: $0.worker ?? "?", attempts: $0.attempts,
                                              expired: Figures.ago(milliseconds: $0.expiredMillisecondsAgo)) },
            workers: overview.workers.map {
                Worker(id: $0.id, host: $0.host, pid: $0.pid, kinds: $0.kinds,
                       state: $0.isLive ? "live" : $0.isLost ? "lost" : "stopped",
                       lastHeartbeat: Figures.ago(milliseconds: now - $0.heartbeatAt))
            },
            errors: errors, hasErrors: !errors.isEmpty, isLive: overview.unfinishedTasks > 0)
    }

    public static let template = """
        <h1>{{title}}</h1>
        <h2>Tasks</h2>
        <table class="rows" id="depth"><thead><tr><th>kind</th><th>status</th><th>tasks</th></tr></thead><tbody>
        {{#depth}}<tr><td>{{kind}}</td><td>{{status}}</td><td class="n">{{tasks}}</td></tr>
        {{/depth}}</tbody></table>
        {{^depth}}<p>The queue is empty.</p>{{/depth}}
        <h2>Stuck tasks (lease expired)</h2>
        {{#stuck}}<p class="problem">task {{id}} ({{kind}}) of {{worker}}, attempt {{attempts}}, lease expired {{expired}}</p>{{/stuck}}
        {{^stuck}}<p>None.</p>{{/stuck}}
        <h2>Workers</h2>
        {{^workers}}<p>No worker in the last hour.</p>{{/workers}}
        <table class="rows" id="workers"><thead><tr><th>worker</th><th>host</th><th>pid</th><th>kinds</th><th>state</th><th>last heartbeat</th></tr></thead><tbody>
        {{#workers}}<tr class="{{css}}"><td>{{id}}</td><td>{{host}}</td><td class="n">{{pid}}</td><td>{{kinds}}</td><td>{{state}}</td><td>{{lastHeartbeat}}</td></tr>
        {{/workers}}</tbody></table>
        <h2>Recent errors</h2>
        {{#hasErrors}}<table class="rows" id="errors"><thead><tr><th>task</th><th>kind</th><th>attempt</th><th>worker</th><th>when</th><th>error</th></tr></thead><tbody>
        {{#errors}}<tr><td class="n">{{task}}</td><td>{{kind}}</td><td class="n">{{attempt}}</td><td>{{worker}}</td><td>{{when}}</td><td>{{error}}</td></tr>
        {{/errors}}</tbody></table>{{/hasErrors}}
        {{^hasErrors}}<p>None.</p>{{/hasErrors}}
        """
}
