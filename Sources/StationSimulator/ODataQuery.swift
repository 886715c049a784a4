import Foundation
import JSONValue
import Stations

/// The OData system query options a station honours: `$filter`, `$orderby`, `$top`, `$skip`,
/// `$count`, `$expand`. Parsing errors are the 400 answers a real station gives.
struct ODataQuery {
    var filter: [(JSONValue) -> Bool] = []
    var orderBy: (field: String, descending: Bool) = ("PublicationDate", false)
    var top = 1000
    var skip = 0
    var count = false
    var expand: String?

    struct Refusal: Error { let message: String }

    init(_ parameters: [String: String]) throws(Refusal) {
        if let text = parameters["$top"] {
            guard let value = Int(text), value >= 0 else { throw Refusal(message: "$top must be a non-negative integer") }
            guard value <= 1000 else { throw Refusal(message: "$top must not exceed 1000") }
            top = value
        }
        if let text = parameters["$skip"] {
            guard let value = Int(text), value >= 0 else { throw Refusal(message: "$skip must be a non-negative integer") }
            skip = value
        }
        count = parameters["$count"]?.lowercased() == "true"
        expand = parameters["$expand"]
        if let text = parameters["$orderby"] {
            let words = text.split(separator: " ").map(String.init)
            guard let field = words.first, ["PublicationDate", "Name"].contains(field), words.count <= 2 else {
                throw Refusal(message: "$orderby supports PublicationDate or Name, asc or desc")
            }
            let direction = words.count == 2 ? words[1].lowercased() : "asc"
            guard direction == "asc" || direction == "desc" else { throw Refusal(message: "$orderby direction must be asc or desc") }
            orderBy = (field, direction == "desc")
        }
        if let text = parameters["$filter"] {
            filter = try Self.conditions(text)
        }
    }

    func matches(_ entity: JSONValue) -> Bool { filter.allSatisfy { $0(entity) } }

    /// `a and b and …`: each a comparison of PublicationDate, a string field equality or `in`, or
    /// `contains`/`startswith`/`endswith` on Name.
    static func conditions(_ text: String) throws(Refusal) -> [(JSONValue) -> Bool] {
        let parts = text.components(separatedBy: " and ").flatMap { $0.components(separatedBy: " AND ") }
        var conditions: [(JSONValue) -> Bool] = []
        for raw in parts {
            let part = raw.trimmingCharacters(in: .whitespaces)
            conditions.append(try condition(part))
        }
        return conditions
    }

    private static func condition(_ part: String) throws(Refusal) -> (JSONValue) -> Bool {
        for function in ["contains", "startswith", "endswith"] where part.lowercased().hasPrefix(function + "(") && part.hasSuffix(")") {
            let arguments = part.dropFirst(function.count + 1).dropLast()
            guard let comma = arguments.firstIndex(of: ",") else { throw Refusal(message: "\(function) takes two arguments") }
            let field = arguments[..<comma].trimmingCharacters(in: .whitespaces)
            guard let needle = literal(arguments[arguments.index(after: comma)...].trimmingCharacters(in: .whitespaces)) else {
                throw Refusal(message: "\(function) needs a quoted string")
            }
            return { entity in
                guard let value = entity[field]?.stringValue else { return false }
                switch function {
                case "contains": return value.contains(needle)
                case "startswith": return value.hasPrefix(needle)
                default: return value.hasSuffix(needle)
                }
            }
        }
        let words = part.split(separator: " ", maxSplits: 2).map(String.init)
        guard words.count == 3 else { throw Refusal(message: "cannot read the condition '\(part)'") }
        let (field, op, operand) = (words[0], words[1].lowercased(), words[2])
        if field == "PublicationDate" {
            guard let bound = ODataDate.milliseconds(operand) else { throw Refusal(message: "'\(operand)' is not a date") }
            let compare: (Int64) -> Bool
            switch op {
            case "gt": compare = { $0 > bound }
            case "ge": compare = { $0 >= bound }
            case "lt": compare = { $0 < bound }
            case "le": compare = { $0 <= bound }
            case "eq": compare = { $0 == bound }
            default: throw Refusal(message: "unsupported operator '\(op)'")
            }
            return { entity in entity["PublicationDate"]?.stringValue.flatMap(ODataDate.milliseconds).map(compare) ?? false }
        }
        guard ["Name", "Id", "SessionId", "Satellite"].contains(field) else { throw Refusal(message: "cannot filter on '\(field)'") }
        switch op {
        case "eq":
            guard let value = literal(operand) else { throw Refusal(message: "eq needs a quoted string") }
            return { $0[field]?.stringValue == value }
        case "in":
            guard operand.hasPrefix("("), operand.hasSuffix(")") else { throw Refusal(message: "in needs a list") }
            var values: Set<String> = []
            for item in operand.dropFirst().dropLast().split(separator: ",") {
                guard let value = literal(item.trimmingCharacters(in: .whitespaces)) else { throw Refusal(message: "in needs quoted strings") }
                values.insert(value)
            }
            return { $0[field]?.stringValue.map(values.contains) ?? false }
        default:
            throw Refusal(message: "unsupported operator '\(op)' for \(field)")
        }
    }

    /// The text of an OData string literal `'…'` (a doubled quote is one quote).
    private static func literal(_ text: String) -> String? {
        guard text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") else { return nil }
        return String(text.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
    }

    /// `a=1&b=x%20y` → ["a": "1", "b": "x y"] (a `+` is a space, as forms write it).
    static func parameters(_ query: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let halves = pair.split(separator: "=", maxSplits: 1)
            let key = percentDecoded(String(halves[0]))
            result[key] = halves.count > 1 ? percentDecoded(String(halves[1])) : ""
        }
        return result
    }

    static func percentDecoded(_ text: String) -> String {
        let plusless = text.replacingOccurrences(of: "+", with: " ")
        return plusless.removingPercentEncoding ?? plusless
    }
}
