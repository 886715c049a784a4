extension CDFDocument {
    /// The document as JSON text (ends in a newline): objects indented, one record per line.
    public func json() -> String {
        var out = "{\n"
        out += "  \"format\": {\"version\": \(JSONText.string(format.version)), \"encoding\": \(JSONText.string(format.encoding)), "
        out += "\"majority\": \(JSONText.string(format.majority)), \"compression\": \(JSONText.string(format.compression)), "
        out += "\"checksum\": \(JSONText.string(format.checksum))},\n"
        out += "  \"attributes\": ["
        out += attributes.map { attribute in
            let entries = attribute.entries.map { entry in
                "{\"num\": \(entry.number), \"type\": \(JSONText.string(entry.value.type.name)), \"value\": \(JSONText.value(entry.value))}"
            }
            return "\n    {\"name\": \(JSONText.string(attribute.name)), \"scope\": \"\(attribute.scope == .global ? "global" : "variable")\", "
                + "\"entries\": [" + entries.joined(separator: ", ") + "]}"
        }.joined(separator: ",")
        out += attributes.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"variables\": ["
        out += variables.map(Self.json).joined(separator: ",")
        out += variables.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    private static func json(_ variable: Variable) -> String {
        var out = "\n    {\n"
        out += "      \"name\": \(JSONText.string(variable.name)),\n"
        out += "      \"kind\": \"\(variable.kind.rawValue)\",\n"
        out += "      \"type\": \(JSONText.string(variable.type.name)),\n"
        out += "      \"numElems\": \(variable.numElems),\n"
        out += "      \"dims\": [\(variable.dims.map(String.init).joined(separator: ", "))],\n"
        out += "      \"dimVarys\": [\(variable.dimVarys.map(String.init).joined(separator: ", "))],\n"
        out += "      \"recVary\": \(variable.recVary),\n"
        out += "      \"maxRec\": \(variable.maxRec),\n"
        out += "      \"pad\": \(variable.pad.map(JSONText.value) ?? "null"),\n"
        out += "      \"compression\": \(JSONText.string(variable.compression)),\n"
        out += "      \"blockingFactor\": \(variable.blockingFactor),\n"
        let attributes = variable.attributes.map { attribute in
            "\(JSONText.string(attribute.name)): {\"type\": \(JSONText.string(attribute.value.type.name)), \"value\": \(JSONText.value(attribute.value))}"
        }
        out += "      \"attributes\": {" + attributes.joined(separator: ", ") + "},\n"
        let records = variable.recordsJSON()
        out += "      \"records\": ["
        if !records.isEmpty {
            out += "\n" + records.map { "        " + $0 }.joined(separator: ",\n") + "\n      "
        }
        out += "]\n    }"
        return out
    }
}

extension CDFDocument.Variable {
    /// Each record as JSON text, nested row-major by the varying dimensions.
    public func recordsJSON() -> [String] {
        let values: [String] = switch records {
        case let .numbers(numbers): JSONText.elements(numbers)
        case let .strings(strings): strings.map(JSONText.string)
        }
        let shape = recordShape
        // A hand-built document may carry any sizes: an overflowing or empty shape prints no records.
        let product = shape.reduce((1, false)) { partial, size in
            let next = partial.0.multipliedReportingOverflow(by: size)
            return (next.partialValue, partial.1 || next.overflow || size < 0)
        }
        guard !product.1, product.0 > 0 else { return [] }
        let perRecord = product.0
        let count = values.count / perRecord
        return (0..<count).map { record in
            Self.nested(values[(record * perRecord)..<((record + 1) * perRecord)], shape: shape[...])
        }
    }

    /// Values of one record nested by `shape`, last dimension innermost (row-major).
    private static func nested(_ values: ArraySlice<String>, shape: ArraySlice<Int>) -> String {
        guard let first = shape.first else { return values.first ?? "null" }
        guard first > 0 else { return "[]" }
        let inner = values.count / first
        return "[" + (0..<first).map { i in
            nested(values[(values.startIndex + i * inner)..<(values.startIndex + (i + 1) * inner)], shape: shape.dropFirst())
        }.joined(separator: ", ") + "]"
    }
}

extension CDFValues {
    /// The values as JSON: a scalar for one element, an array for several, a string for CHAR/UCHAR.
    public var jsonText: String { JSONText.value(self) }
}
