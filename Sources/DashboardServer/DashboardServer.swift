public import Dashboard
import Foundation
import HTTPTypes
import Hummingbird
public import Logging
public import ServiceLifecycle

/// `ferry serve`: the dashboard's pages at their routes, the same data as JSON under `/api`, and
/// `/metrics` in Prometheus' text format. Read-only; every URL is looked up among the sources given.
public struct DashboardServer: Sendable {
    public let sources: DashboardSources
    public let renderer: DashboardRenderer
    public let host: String
    public let port: Int
    public let token: String?
    /// How old an answer may be (see ``ResponseCache``).
    public let cacheLifetime: Duration

    public init(sources: DashboardSources, renderer: DashboardRenderer, host: String, port: Int, token: String?,
                cacheLifetime: Duration = .seconds(1)) {
        self.sources = sources
        self.renderer = renderer
        self.host = host
        self.port = port
        self.token = token
        self.cacheLifetime = cacheLifetime
    }

    /// The server as a service to run until a shutdown signal; `onListening` gets the bound port
    /// (useful with port 0).
    public func service(logger: Logger, onListening: @escaping @Sendable (Int) async -> Void) -> any Service {
        let router = Router()
        if let token, !token.isEmpty { router.add(middleware: BearerTokenMiddleware(token: token)) }
        let cache = ResponseCache(lifetime: cacheLifetime)
        for page in DashboardPages.all where page.isShown(for: sources) {
            register(page, on: router, cache: cache, logger: logger)
        }
        let sources = self.sources
        router.get("/metrics") { _, _ -> Response in
            let entry = try await cache.answer(for: "/metrics") {
                (Array(try await DashboardMetrics.exposition(sources).utf8), "text/plain; version=0.0.4; charset=utf-8")
            }
            return Self.response(.ok, entry.contentType, entry.body)
        }
        let app = Application(router: router,
                              configuration: .init(address: .hostname(host, port: port), serverName: "ferry"),
                              onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
                              logger: logger)
        return app
    }

    private func register<Page: DashboardPage>(_ page: Page.Type, on router: Router<BasicRequestContext>, cache: ResponseCache,
                                               logger: Logger) {
        let sources = self.sources, renderer = self.renderer
        let names = Page.route.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
        let apiRoute = Page.route == "/" ? "/api" : "/api" + Page.route
        for (route, asJSON) in [(Page.route, false), (apiRoute, true)] {
            router.get(RouterPath(route)) { request, context -> Response in
                var found: [String: String] = [:]
                for name in names { found[name] = context.parameters.get(name) ?? "" }
                let parameters = found
                do {
                    let entry = try await cache.answer(for: request.uri.path) {
                        let loaded = try await Page.load(parameters, from: sources, links: .server)
                        return asJSON ? (Array(try renderer.json(loaded)), "application/json")
                            : (Array(renderer.document(loaded, sources: sources, links: .server).utf8), "text/html; charset=utf-8")
                    }
                    return Self.response(.ok, entry.contentType, entry.body)
                } catch let error as PageError {
                    return Self.response(.notFound, "text/plain; charset=utf-8", Array("\(error)\n".utf8))
                } catch {
                    // The details (a database URL's host, a path) go to the log, not to whoever asked.
                    logger.error("page failed", metadata: ["route": "\(Page.route)", "error": "\(error)"])
                    return Self.response(.internalServerError, "text/plain; charset=utf-8",
                                         Array("the page could not be built; the server's log says why\n".utf8))
                }
            }
        }
    }

    /// Every answer forbids the browser to run or fetch anything the page does not hold (the pages
    /// have no script and only inline style), and to guess another content type.
    static func response(_ status: HTTPResponse.Status, _ contentType: String, _ body: [UInt8]) -> Response {
        Response(status: status,
                 headers: [.contentType: contentType, .cacheControl: "no-store", .contentSecurityPolicy: contentSecurityPolicy,
                           HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
                 body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'"
}
