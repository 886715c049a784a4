/// One step of the schema, applied once per database and recorded in `schema_migrations`.
///
/// Statements use `SQLDialect.render`'s tokens so one text serves both databases. Ids are applied
/// in the order given; modules that own tables (the work queue, packaging) each contribute theirs.
public struct SchemaMigration: Sendable {
    public let id: String
    public let statements: [String]

    public init(id: String, statements: [String]) {
        self.id = id
        self.statements = statements
    }
}

/// Brings a database's schema up to date.
public enum SchemaMigrator {
    /// Applies every migration of `migrations` the database has not seen yet, in order, in one
    /// transaction; returns the ids applied. Safe to run from several processes at once.
    @discardableResult
    public static func migrate(_ database: any SQLDatabase, _ migrations: [SchemaMigration]) async throws -> [String] {
        let name = database.description
        return try await database.write { connection in
            try connection.lockForTransaction(named: "ferry.schema_migrations")
            try connection.execute("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)")
            let applied = Set(try connection.query("SELECT id FROM schema_migrations", []).map { try $0.string("id") })
            let known = Set(migrations.map(\.id))
            let unknown = applied.subtracting(known).filter { id in
                // Only another ferry's migration of a module this one has too is a sign of a newer schema.
                migrations.contains { $0.id.split(separator: "-").first == id.split(separator: "-").first }
            }
            if !unknown.isEmpty { throw SQLDatabaseError.schemaTooNew(database: name, unknownMigrations: unknown.sorted()) }
            var done: [String] = []
            for migration in migrations where !applied.contains(migration.id) {
                for statement in migration.statements { try connection.execute(statement) }
                try connection.execute("INSERT INTO schema_migrations (id, applied_at) VALUES (?, {now})", [.text(migration.id)])
                done.append(migration.id)
            }
            return done
        }
    }
}
