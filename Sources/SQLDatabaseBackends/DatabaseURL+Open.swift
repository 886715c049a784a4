public import SQLDatabase
import SQLDatabasePostgres
import SQLDatabaseSQLite

extension DatabaseURL {
    /// Opens the database this URL names with the backend its scheme chooses (not migrated).
    ///
    /// The one place that knows every backend, so commands, benchmarks and tests pick them alike.
    public func open() throws -> any SQLDatabase {
        switch self {
        case .sqlite(let path): return try SQLiteDatabase(path: path)
        case .postgres(let address): return try PostgresDatabase(address: address)
        }
    }
}
