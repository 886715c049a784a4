/// A parsed JSON value that keeps numbers as their literal text, so 64-bit integers stay exact
/// (a detour through Double would round values near ±2^63), and keeps object keys in order.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's literal text, e.g. `-9223372036854775808` or `1.5e-3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order.
    case object([JSONMember])

    /// What a value is, for error messages.
    var kindDescription: String {
        switch self {
        case .null: "null"
        case let .bool(b): "\(b)"
        case let .number(n): n
        case let .string(s): "\"\(s.count > 40 ? String(s.prefix(40)) + "…" : s)\""
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The member named `key` of an object.
    subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }
}

/// One key and value of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue
}
