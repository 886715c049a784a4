/// A connection inside one transaction: statements run in order, synchronously, on a thread of
/// their own (never on Swift's cooperative pool).
///
/// SQL is written once for both databases: `?` placeholders, and the tokens `SQLDialect.render`
/// expands (`{now}`, `{skip_locked}`, `{id}`).
public protocol SQLConnection {
    /// Which database this is, for the few statements that differ.
    var dialect: SQLDialect { get }

    /// Runs a statement; returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int

    /// Runs a query; returns every row.
    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow]
}

extension SQLConnection {
    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    /// The first row of a query, nil when there is none.
    public func queryFirst(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLRow? {
        try query(sql, arguments).first
    }

    /// The first column of the first row (nil when there is no row).
    public func scalar(_ sql: String, _ arguments: [SQLValue] = []) throws -> SQLValue? {
        try query(sql, arguments).first?.values.first
    }

    /// Serialises this transaction against every other that takes the same named lock, until it
    /// ends. SQLite's write transactions already exclude each other (`BEGIN IMMEDIATE`); PostgreSQL
    /// takes a transaction-scoped advisory lock.
    public func lockForTransaction(named name: String) throws {
        switch dialect {
        case .sqlite: return
        case .postgres: _ = try query("SELECT pg_advisory_xact_lock(hashtext(?))", [.text(name)])
        }
    }
}
