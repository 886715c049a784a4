/// JSON spellings of the values a CDF holds: integers exactly (never through Double), floats by
/// their shortest round-trip form, NaN and infinities as the strings "NaN", "Infinity", "-Infinity".
enum JSONText {
    /// A JSON string literal.
    static func string(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A double as JSON: Swift's shortest round-trip digits are valid JSON numbers.
    static func real(_ value: Double) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
        return value.description
    }

    /// A float by its own shortest digits (0.1, not 0.10000000149011612).
    static func real(_ value: Float) -> String {
        if value.isNaN { return "\"NaN\"" }
        if value.isInfinite { return value < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
        return value.description
    }

    /// Each value of `values` as JSON, one per element (an EPOCH16 value is a [seconds, picoseconds]
    /// pair); a string type gives one JSON string.
    static func elements(_ values: CDFValues) -> [String] {
        switch values {
        case let .int1(v), let .byte(v): v.map { String($0) }
        case let .int2(v): v.map { String($0) }
        case let .int4(v): v.map { String($0) }
        case let .int8(v), let .timeTT2000(v): v.map { String($0) }
        case let .uint1(v): v.map { String($0) }
        case let .uint2(v): v.map { String($0) }
        case let .uint4(v): v.map { String($0) }
        case let .real4(v), let .float(v): v.map { real($0) }
        case let .real8(v), let .double(v), let .epoch(v): v.map { real($0) }
        case let .epoch16(v): stride(from: 0, to: v.count - 1, by: 2).map { "[\(real(v[$0])), \(real(v[$0 + 1]))]" }
        case let .char(s), let .uchar(s): [string(s)]
        }
    }

    /// An attribute entry or pad value: a scalar for one element, an array for several.
    static func value(_ values: CDFValues) -> String {
        let items = elements(values)
        return items.count == 1 ? items[0] : "[" + items.joined(separator: ", ") + "]"
    }
}
