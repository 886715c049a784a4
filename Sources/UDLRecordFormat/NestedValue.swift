/// A value from a nested cell of a day artifact (`seoList`, `senPos`), written either as JSON
/// (Ferry, the UDL) or as a Python literal (the reference tool's CSV: single quotes, True/None).
public indirect enum NestedValue: Equatable, Sendable {
    case list([NestedValue])
    case object([(String, NestedValue)])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    public static func == (lhs: NestedValue, rhs: NestedValue) -> Bool {
        switch (lhs, rhs) {
        case let (.list(a), .list(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case let (.string(a), .string(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.bool(a), .bool(b)): a == b
        case (.null, .null): true
        default: false
        }
    }

    /// The member named `key` of an object.
    public subscript(key: String) -> NestedValue? {
        guard case let .object(members) = self else { return nil }
        return members.last { $0.0 == key }?.1
    }

    /// The element at `index` of a list.
    public subscript(index: Int) -> NestedValue? {
        guard case let .list(items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// A number, or a string holding one (UDL sends some numbers as strings).
    public var double: Double? {
        switch self {
        case let .number(value): value
        case let .string(text): Double(text)
        default: nil
        }
    }

    public var string: String? {
        switch self {
        case let .string(text): text
        case let .number(value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        default: nil
        }
    }
}

/// Why a nested cell did not parse: what was expected and at which byte.
public struct NestedValueError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public let offset: Int
    public var description: String { "\(message) at character \(offset + 1)" }
}
