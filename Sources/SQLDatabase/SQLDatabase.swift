/// A database Ferry keeps its state and work queue in: SQLite on one host, PostgreSQL across hosts.
///
/// Each backend lives in its own module (`SQLDatabaseSQLite`, `SQLDatabasePostgres`); code above
/// this interface writes its SQL once and runs it in transactions.
public protocol SQLDatabase: Sendable {
    /// Where the database is, with any password left out (for output and logs).
    var description: String { get }

    var dialect: SQLDialect { get }

    /// Runs `body` in one write transaction, committed when `body` returns and rolled back when it
    /// throws. Write transactions that could conflict run one after the other (SQLite's
    /// `BEGIN IMMEDIATE`; PostgreSQL's row locks and `lockForTransaction`).
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T

    /// Runs `body` in a read-only transaction that sees one consistent state.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T

    /// Closes every connection; the database is unusable afterwards.
    func close() async
}
