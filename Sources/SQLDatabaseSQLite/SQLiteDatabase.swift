public import SQLDatabase
import Foundation
import GRDB

/// A SQLite database file (through GRDB) shared by any number of processes on one host.
///
/// WAL mode lets readers run beside the one writer; every write transaction is `BEGIN IMMEDIATE`,
/// so two claimers queue for the write lock instead of deadlocking on a lock upgrade, and a
/// waiting process retries for `busyTimeout` before giving up. `synchronous=FULL` because a
/// COMPLETED row must survive a power cut, not only a killed process.
public final class SQLiteDatabase: SQLDatabase {
    public let description: String
    public var dialect: SQLDialect { .sqlite }
    private let pool: DatabasePool

    /// Opens (creating when missing) the database file at `path`.
    public init(path: String, busyTimeout: Double = 60) throws {
        description = "sqlite:\(path)"
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                throw SQLDatabaseError.unreachable(database: "sqlite:\(path)", reason: "the folder \(directory) does not exist")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as SQLDatabaseError {
            throw error
        } catch {
            throw SQLDatabaseError.unreachable(database: "sqlite:\(path)", reason: Self.reason(error))
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await translatingErrors {
            try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(SQLiteConnection(db: db))
                    return .commit
                }
                return result!
            }
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLConnection) throws -> T) async throws -> T {
        try await translatingErrors {
            try await pool.read { db in try body(SQLiteConnection(db: db)) }
        }
    }

    public func close() async {
        try? pool.close()
    }

    private func translatingErrors<T>(_ work: () async throws -> T) async throws -> T {
        do {
            return try await work()
        } catch let error as SQLDatabaseError {
            throw error
        } catch let error as DatabaseError {
            if error.resultCode == .SQLITE_CONSTRAINT {
                throw SQLDatabaseError.constraintViolation(sql: error.sql ?? "", reason: Self.reason(error))
            }
            // Waiting may help with a lock held too long, a disk error or a full disk; a read-only or
            // unopenable file needs an operator, so it is reported, not waited out.
            if [.SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_IOERR, .SQLITE_FULL].contains(error.resultCode) {
                throw SQLDatabaseError.unreachable(database: description, reason: Self.reason(error))
            }
            throw SQLDatabaseError.statementFailed(sql: error.sql ?? "", reason: Self.reason(error))
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}

/// GRDB's connection behind `SQLConnection`; alive only inside one transaction's closure.
struct SQLiteConnection: SQLConnection {
    let db: Database
    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func execute(_ sql: String, _ arguments: [SQLValue]) throws -> Int {
        try db.execute(sql: dialect.render(sql), arguments: Self.arguments(arguments))
        return db.changesCount
    }

    func query(_ sql: String, _ arguments: [SQLValue]) throws -> [SQLRow] {
        let rows = try Row.fetchAll(db, sql: dialect.render(sql), arguments: Self.arguments(arguments))
        return rows.map { row in
            SQLRow(columns: Array(row.columnNames), values: row.databaseValues.map(Self.value))
        }
    }

    static func arguments(_ values: [SQLValue]) -> StatementArguments {
        StatementArguments(values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .null: return nil
            case .integer(let number): return number
            case .real(let number): return number
            case .text(let text): return text
            }
        })
    }

    static func value(_ value: DatabaseValue) -> SQLValue {
        switch value.storage {
        case .null: return .null
        case .int64(let number): return .integer(number)
        case .double(let number): return .real(number)
        case .string(let text): return .text(text)
        case .blob(let data): return .text(String(decoding: data, as: UTF8.self))
        }
    }
}
