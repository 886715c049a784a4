/// One row of a result, its values reachable by column name.
public struct SQLRow: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of `column`, NULL when the row has no such column.
    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    /// The integer in `column`; a missing or non-integer value is a schema error worth stopping for.
    public func int64(_ column: String) throws -> Int64 {
        guard let value = self[column].integer else { throw SQLDatabaseError.unexpectedValue(column: column, value: self[column]) }
        return value
    }

    /// `int64(column)` as an `Int`.
    public func int(_ column: String) throws -> Int { Int(try int64(column)) }

    /// The text in `column`.
    public func string(_ column: String) throws -> String {
        guard let value = self[column].text else { throw SQLDatabaseError.unexpectedValue(column: column, value: self[column]) }
        return value
    }

    /// The text in `column`, nil when NULL.
    public func optionalString(_ column: String) -> String? { self[column].text }

    /// The integer in `column`, nil when NULL.
    public func optionalInt64(_ column: String) -> Int64? { self[column].integer }

    /// The 0/1 integer in `column` as a boolean.
    public func bool(_ column: String) throws -> Bool { try int64(column) != 0 }
}
