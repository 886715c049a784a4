public import Foundation

/// stac-fastapi-pgstac (the STAC API with the Transactions and Filter extensions) under uvicorn on
/// a loopback port, on a fresh database of the test cluster migrated by `pypgstac migrate`. Only
/// reachable through `withRunning`, which stops the server and drops the database.
public final class STACAPIServer: Sendable {
    /// The API's landing page, e.g. `http://127.0.0.1:PORT`.
    public let baseURL: String
    /// The database's URL (with password), for tests that look at pgstac's tables themselves.
    public let databaseURL: String

    private init(baseURL: String, databaseURL: String) {
        self.baseURL = baseURL
        self.databaseURL = databaseURL
    }

    /// Creates and migrates a database, starts the API on it, runs `body`, then stops the API
    /// (SIGKILL: uvicorn runs one process here, and the database is dropped anyway) and drops the
    /// database, also when `body` throws.
    public static func withRunning<T>(isolation: isolated (any Actor)? = #isolation,
                                      _ body: (STACAPIServer) async throws -> T) async throws -> T {
        let python = try PythonPeer.interpreter()
        let bin = URL(fileURLWithPath: python).deletingLastPathComponent()
        return try await TestPostgres.withFreshDatabase { databaseURL in
            guard let components = URLComponents(string: databaseURL), let host = components.host, let port = components.port,
                  let user = components.user else { throw TestPostgres.InvalidURL(url: databaseURL) }
            let password = components.percentEncodedPassword?.removingPercentEncoding ?? ""
            let database = String(components.path.dropFirst())
            // pgstac needs PostGIS (Debian's postgresql-<major>-postgis-3); the superuser creates it.
            try await TestPostgres.psql("CREATE EXTENSION IF NOT EXISTS postgis", url: databaseURL)
            // libpq's variables carry the connection, so the password is on no command line.
            var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
            environment["PGHOST"] = host
            environment["PGPORT"] = String(port)
            environment["PGUSER"] = user
            environment["PGPASSWORD"] = password
            environment["PGDATABASE"] = database
            let migration = try await ProcessOutput.run(bin.appendingPathComponent("pypgstac").path,
                                                        ["migrate"], environment: environment)
            guard migration.status == 0 else { throw ProcessFailure(command: "pypgstac migrate", output: migration) }

            let scratch = try TemporaryDirectory()
            let apiPort = try FreePort.find()
            environment["ENABLE_TRANSACTIONS_EXTENSIONS"] = "true"
            environment["DB_MIN_CONN_SIZE"] = "1"
            environment["DB_MAX_CONN_SIZE"] = "4"
            let server = STACAPIServer(baseURL: "http://127.0.0.1:\(apiPort)", databaseURL: databaseURL)
            let log = scratch.path("uvicorn.log")
            do {
                return try await ServerProcess.withRunning(
                    bin.appendingPathComponent("uvicorn"),
                    ["stac_fastapi.pgstac.app:create_app", "--factory", "--host", "127.0.0.1", "--port", String(apiPort),
                     "--log-level", "warning"],
                    port: apiPort, timeout: 60, stopSignal: SIGKILL, environment: environment, logPath: log) {
                    try await body(server)
                }
            } catch let error as POSIXError where error.code == .ETIMEDOUT {
                throw ServerDidNotStart(log: (try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
            }
        }
    }

    /// uvicorn did not listen in time; its output says why.
    public struct ServerDidNotStart: Error, CustomStringConvertible {
        public let log: String
        public var description: String { "stac-fastapi-pgstac did not start:\n" + log.suffix(4000) }
    }
}
