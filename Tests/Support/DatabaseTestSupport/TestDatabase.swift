import FerryTestSupport
public import SQLDatabase
import SQLDatabaseBackends

/// The two databases every queue and packaging test runs on.
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    /// Runs `body` with the URL of an empty database of this kind (a file in a temporary folder, or
    /// a fresh database in the test cluster `scripts/test` started), removed afterwards.
    public func withEmptyDatabaseURL<T>(isolation: isolated (any Actor)? = #isolation,
                                        _ body: (String) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            let directory = try TemporaryDirectory()
            return try await body("sqlite:" + directory.path("ferry.db"))
        case .postgres:
            return try await TestPostgres.withFreshDatabase { url in try await body(url) }
        }
    }

    /// Runs `body` with an open, migrated, empty database of this kind, closed afterwards.
    public func withDatabase<T>(migrations: [SchemaMigration], isolation: isolated (any Actor)? = #isolation,
                                _ body: (any SQLDatabase, String) async throws -> T) async throws -> T {
        try await withEmptyDatabaseURL { url in
            try await Self.withOpen(url) { database in
                try await SchemaMigrator.migrate(database, migrations)
                return try await body(database, url)
            }
        }
    }

    /// Runs `body` with the database at `url` open, and closes it (awaited) when `body` returns or throws.
    public static func withOpen<T>(_ url: String, isolation: isolated (any Actor)? = #isolation,
                                   _ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let database = try open(url)
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    /// Opens the database at `url` (not migrated).
    public static func open(_ url: String) throws -> any SQLDatabase {
        try DatabaseURL(parsing: url).open()
    }
}
