/// What went wrong talking to a database. Messages never carry a password.
public enum SQLDatabaseError: Error, Sendable, CustomStringConvertible {
    /// The URL is not one Ferry understands.
    case invalidURL(String, reason: String)
    /// The database could not be reached or the connection broke: worth waiting and retrying.
    case unreachable(database: String, reason: String)
    /// The database refused a statement.
    case statementFailed(sql: String, reason: String)
    /// A UNIQUE or PRIMARY KEY constraint refused a row.
    case constraintViolation(sql: String, reason: String)
    /// A row held something the code did not expect (a schema mismatch).
    case unexpectedValue(column: String, value: SQLValue)
    /// The schema in the database is newer than this program knows.
    case schemaTooNew(database: String, unknownMigrations: [String])

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            return "invalid database URL \(url): \(reason) (expected sqlite:PATH or postgres://user:password@host:port/database)"
        case .unreachable(let database, let reason):
            return "database \(database) is unreachable: \(reason)"
        case .statementFailed(let sql, let reason):
            return "database statement failed: \(reason) [\(sql.prefix(200))]"
        case .constraintViolation(let sql, let reason):
            return "database constraint violated: \(reason) [\(sql.prefix(200))]"
        case .unexpectedValue(let column, let value):
            return "unexpected value \(value) in column \(column)"
        case .schemaTooNew(let database, let unknown):
            return "database \(database) has migrations this ferry does not know (\(unknown.joined(separator: ", "))): upgrade ferry"
        }
    }

    /// True when waiting and trying again may help (the database is down or the link broke).
    public var isConnectionLoss: Bool {
        if case .unreachable = self { return true }
        return false
    }
}
