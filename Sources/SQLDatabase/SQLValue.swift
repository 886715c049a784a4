/// One value bound to a statement or read from a row: the types both SQLite and PostgreSQL store
/// the same way (integers are 64-bit, booleans are integers 0 and 1, times are milliseconds).
public enum SQLValue: Sendable, Equatable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The value as an integer, when it is one.
    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The value as text, when it is text.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The value as a floating-point number, when it is a number.
    public var real: Double? {
        switch self {
        case .real(let value): return value
        case .integer(let value): return Double(value)
        default: return nil
        }
    }

    public var isNull: Bool { self == .null }
}

extension SQLValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByNilLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(stringLiteral value: String) { self = .text(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue {
    /// An integer argument.
    public static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }
    /// Text, or NULL when `value` is nil.
    public static func optional(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    /// An integer, or NULL when `value` is nil.
    public static func optional(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
    /// A boolean, stored as 0 or 1 in both databases.
    public static func bool(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }
}
