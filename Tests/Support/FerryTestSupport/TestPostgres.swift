import Foundation

/// The throwaway PostgreSQL cluster that scripts/test starts for the run (`FERRY_TEST_POSTGRES_URL`,
/// a superuser's URL with password), and a database of its own for each test that needs one.
///
/// Everything goes through Debian's `psql`, so the support target keeps needing nothing but
/// Foundation; the password reaches psql through its environment (`PGPASSWORD`), never through its
/// command line, which `ps` shows to everyone.
public enum TestPostgres {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String {
            "FERRY_TEST_POSTGRES_URL is not set: database tests need the throwaway PostgreSQL cluster that "
                + "scripts/test starts; run them with scripts/test"
        }
    }

    public struct InvalidURL: Error, CustomStringConvertible {
        public let url: String
        public var description: String { "not a postgres://user:password@host:port/database URL: \(url)" }
    }

    /// The cluster's URL from the environment; throws (failing the test) when scripts/test did not set it.
    public static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["FERRY_TEST_POSTGRES_URL"], !url.isEmpty else {
            throw Unavailable()
        }
        return url
    }

    /// Creates a database with a name no other test uses, runs `body` with its URL (the server's,
    /// with the database's name as the path), and drops the database afterwards, also when `body`
    /// throws. The drop ends connections the body left open, so a test cannot keep it alive.
    public static func withFreshDatabase<T>(isolation: isolated (any Actor)? = #isolation,
                                            _ body: (String) async throws -> T) async throws -> T {
        let server = try serverURL()
        let name = "ferry_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let url = try replacingDatabase(of: server, with: name)
        try await psql(#"CREATE DATABASE "\#(name)""#, url: server)
        let result: T
        do {
            result = try await body(url)
        } catch {
            _ = try? await psql(#"DROP DATABASE IF EXISTS "\#(name)" WITH (FORCE)"#, url: server)
            throw error
        }
        try await psql(#"DROP DATABASE IF EXISTS "\#(name)" WITH (FORCE)"#, url: server)
        return result
    }

    /// Runs `sql` with psql against the database at `url` and returns what it printed, unaligned and
    /// without headers (`select 1` gives "1"), trimmed; throws unless psql exits 0.
    @discardableResult
    public static func psql(_ sql: String, url: String) async throws -> String {
        guard var components = URLComponents(string: url), components.host != nil else { throw InvalidURL(url: url) }
        let password = components.percentEncodedPassword?.removingPercentEncoding
        components.password = nil
        guard let withoutPassword = components.string else { throw InvalidURL(url: url) }

        // PG* variables of the caller's shell (PGHOST, PGOPTIONS, PGSSLMODE…) must not change which
        // server is reached or how: the URL says everything.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["PGPASSWORD"] = password
        environment["PGCONNECT_TIMEOUT"] = "10"
        let output = try await ProcessOutput.run(
            try SystemCommand.path("psql"),
            ["--no-psqlrc", "--quiet", "--no-align", "--tuples-only", "--set", "ON_ERROR_STOP=1",
             "--dbname", withoutPassword, "--command", sql],
            environment: environment)
        guard output.status == 0 else { throw ProcessFailure(command: "psql", output: output) }
        return output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `url` with `database` as its path.
    static func replacingDatabase(of url: String, with database: String) throws -> String {
        guard var components = URLComponents(string: url), components.host != nil else { throw InvalidURL(url: url) }
        components.path = "/" + database
        guard let replaced = components.string else { throw InvalidURL(url: url) }
        return replaced
    }
}
