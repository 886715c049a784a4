/// Turns the JSON of `ferry cdf dump --json` into a ``CDFDocument``, checking every field against
/// its type; errors name the JSON path of the bad field.
public enum CDFDocumentParser {
    /// Parses JSON text.
    public static func parse(_ bytes: [UInt8]) throws -> CDFDocument {
        let json: JSONValue
        do { json = try JSONTextParser.parse(bytes) } catch let error as JSONTextParser.SyntaxError {
            throw CDFDocumentError("", error.description)
        }
        return try document(json)
    }

    /// Builds the document from parsed JSON.
    public static func document(_ json: JSONValue) throws -> CDFDocument {
        guard case .object = json else { throw CDFDocumentError("", "expected an object, got \(json.kindDescription)") }
        var document = CDFDocument()
        if let format = json["format"] { document.format = try self.format(format, path: "format") }
        if let attributes = json["attributes"] {
            for (index, attribute) in try array(attributes, "attributes").enumerated() {
                document.attributes.append(try self.attribute(attribute, path: "attributes[\(index)]"))
            }
        }
        var names = Set<String>()
        for attribute in document.attributes where !names.insert(attribute.name).inserted {
            throw CDFDocumentError("attributes", "attribute \(attribute.name) appears twice")
        }
        if let variables = json["variables"] {
            for (index, variable) in try array(variables, "variables").enumerated() {
                document.variables.append(try self.variable(variable, path: "variables[\(index)]"))
            }
        }
        var variableNames = Set<String>()
        for (index, variable) in document.variables.enumerated() where !variableNames.insert(variable.definition.name).inserted {
            throw CDFDocumentError("variables[\(index)].name", "variable \(variable.definition.name) appears twice")
        }
        // Variable-scope entries listed with the attribute (num = variable number) join the variables' own.
        let attributeList: [JSONValue] = if case let .array(items)? = json["attributes"] { items } else { [] }
        for (attributeIndex, attribute) in attributeList.enumerated() {
            guard string(attribute["scope"]) == "variable", let entries = attribute["entries"] else { continue }
            let name = document.attributes[attributeIndex].name
            for (entryIndex, entry) in try array(entries, "attributes[\(attributeIndex)].entries").enumerated() {
                let path = "attributes[\(attributeIndex)].entries[\(entryIndex)]"
                let number = try integer(entry["num"], "\(path).num")
                guard document.variables.indices.contains(number) else {
                    throw CDFDocumentError("\(path).num", "no variable number \(number)")
                }
                guard document.variables[number].attribute(name) == nil else { continue }
                let value = try typedValue(entry, path: path)
                document.variables[number].attributes.append((name, value))
            }
        }
        return document
    }

    static func format(_ json: JSONValue, path: String) throws -> CDFDocument.Format {
        guard case .object = json else { throw CDFDocumentError(path, "expected an object, got \(json.kindDescription)") }
        var format = CDFDocument.Format()
        if let encoding = json["encoding"] { format.encoding = try self.encoding(encoding, path: "\(path).encoding") }
        if let majority = json["majority"] {
            guard let text = string(majority), ["row", "column"].contains(text.lowercased()) else {
                throw CDFDocumentError("\(path).majority", "expected \"row\" or \"column\", got \(majority.kindDescription)")
            }
            format.rowMajor = text.lowercased() == "row"
        }
        if let compression = json["compression"] { format.compression = try self.compression(compression, path: "\(path).compression") }
        if let checksum = json["checksum"] {
            guard let text = string(checksum), ["none", "md5"].contains(text.lowercased()) else {
                throw CDFDocumentError("\(path).checksum", "expected \"none\" or \"md5\", got \(checksum.kindDescription)")
            }
            format.md5 = text.lowercased() == "md5"
        }
        return format
    }

    /// CDF's encoding names (or codes) of little- and big-endian machines; the file is written as IBMPC or NETWORK.
    static func encoding(_ json: JSONValue, path: String) throws -> CDFEncoding {
        let little: Set<String> = ["little", "little-endian", "littleendian", "ibmpc", "decstation", "alphaosf1", "alphavmsi", "arm_little", "6", "4", "13", "16", "17"]
        let big: Set<String> = ["big", "big-endian", "bigendian", "network", "sun", "sgi", "ibmrs", "hp", "next", "mac", "ppc", "arm_big", "1", "2", "5", "7", "9", "12", "18", "19"]
        let text: String? = switch json {
        case let .string(s): s.lowercased()
        case let .number(n): n
        default: nil
        }
        if let text, little.contains(text) { return .littleEndian }
        if let text, big.contains(text) { return .bigEndian }
        throw CDFDocumentError(path, "expected an encoding (\"little-endian\", \"big-endian\", \"IBMPC\", \"NETWORK\", …), got \(json.kindDescription)")
    }

    /// "none", "gzip" (level 6) or "gzip:N".
    static func compression(_ json: JSONValue, path: String) throws -> CDFCompression {
        guard let text = string(json)?.lowercased() else {
            throw CDFDocumentError(path, "expected \"none\", \"gzip\" or \"gzip:N\", got \(json.kindDescription)")
        }
        if text == "none" { return .none }
        if text == "gzip" { return .gzip }
        if text.hasPrefix("gzip:"), let level = Int(text.dropFirst(5)), (1...9).contains(level) { return .gzip(level: level) }
        throw CDFDocumentError(path, "expected \"none\", \"gzip\" or \"gzip:N\" with N in 1…9, got \(json.kindDescription)")
    }

    static func attribute(_ json: JSONValue, path: String) throws -> CDFDocument.Attribute {
        guard case .object = json else { throw CDFDocumentError(path, "expected an object, got \(json.kindDescription)") }
        let name = try nonEmptyName(json["name"], "\(path).name")
        let scope = string(json["scope"]) ?? "global"
        guard scope == "global" || scope == "variable" else {
            throw CDFDocumentError("\(path).scope", "expected \"global\" or \"variable\", got \(json["scope"]!.kindDescription)")
        }
        var attribute = CDFDocument.Attribute(name: name, global: scope == "global")
        guard attribute.global, let entries = json["entries"] else { return attribute }
        var numbers = Set<Int>()
        for (index, entry) in try array(entries, "\(path).entries").enumerated() {
            let entryPath = "\(path).entries[\(index)]"
            let number = try entry["num"].map { try integer($0, "\(entryPath).num") } ?? index
            guard number >= 0, numbers.insert(number).inserted else {
                throw CDFDocumentError("\(entryPath).num", "entry number \(number) is negative or repeated")
            }
            attribute.entries.append((number, try typedValue(entry, path: entryPath)))
        }
        return attribute
    }

    /// An entry `{"type", "value"}`: any number of elements of the type.
    static func typedValue(_ json: JSONValue, path: String) throws -> CDFValues {
        let type = try dataType(json["type"], "\(path).type")
        guard let value = json["value"] else { throw CDFDocumentError("\(path).value", "missing") }
        if type.isString {
            guard let text = string(value) else { throw CDFDocumentError("\(path).value", "expected \(type.name), got \(value.kindDescription)") }
            return type == .char ? .char(text) : .uchar(text)
        }
        var scalars: [CDFScalar] = []
        let isPair = type == .epoch16
        if case let .array(items) = value, !(isPair && items.count == 2 && items.allSatisfy({ if case .number = $0 { true } else { false } })) {
            for (index, item) in items.enumerated() { scalars.append(try scalar(item, type: type, elements: 1, path: "\(path).value[\(index)]")) }
        } else {
            scalars.append(try scalar(value, type: type, elements: 1, path: "\(path).value"))
        }
        guard !scalars.isEmpty else { throw CDFDocumentError("\(path).value", "expected at least one \(type.name) value") }
        return CDFScalar.values(scalars, type: type)
    }

    static func variable(_ json: JSONValue, path: String) throws -> CDFDocument.Variable {
        guard case .object = json else { throw CDFDocumentError(path, "expected an object, got \(json.kindDescription)") }
        let name = try nonEmptyName(json["name"], "\(path).name")
        if let kind = json["kind"], string(kind) != "z", string(kind) != "r" {
            throw CDFDocumentError("\(path).kind", "expected \"z\" or \"r\", got \(kind.kindDescription)")
        }
        let type = try dataType(json["type"], "\(path).type")
        let elements = try json["numElems"].map { try integer($0, "\(path).numElems") } ?? 1
        guard elements >= 1, type.isString || elements == 1 else {
            throw CDFDocumentError("\(path).numElems", "must be 1 for \(type.name) (at least 1 for strings), got \(elements)")
        }
        var dimensions: [Int] = []
        if let dims = json["dims"] {
            for (index, item) in try array(dims, "\(path).dims").enumerated() {
                let size = try integer(item, "\(path).dims[\(index)]")
                guard size >= 1 else { throw CDFDocumentError("\(path).dims[\(index)]", "dimension size must be at least 1, got \(size)") }
                dimensions.append(size)
            }
        }
        var varys: [Bool]? = nil
        if let dimVarys = json["dimVarys"] {
            let items = try array(dimVarys, "\(path).dimVarys")
            guard items.count == dimensions.count else {
                throw CDFDocumentError("\(path).dimVarys", "\(items.count) entries for \(dimensions.count) dimensions")
            }
            varys = try items.enumerated().map { try boolean($1, "\(path).dimVarys[\($0)]") }
        }
        let recordVarying = try json["recVary"].map { try boolean($0, "\(path).recVary") } ?? true
        let compression = try json["compression"].map { try self.compression($0, path: "\(path).compression") } ?? CDFCompression.none
        let blockingFactor = try json["blockingFactor"].map { try integer($0, "\(path).blockingFactor") } ?? 0
        guard blockingFactor >= 0 else { throw CDFDocumentError("\(path).blockingFactor", "must not be negative") }
        var definition = CDFVariableDefinition(name: name, type: type, elements: elements, dimensions: dimensions,
                                               dimensionVarys: varys, recordVarying: recordVarying,
                                               compression: compression, blockingFactor: blockingFactor)
        if let pad = json["pad"], pad != .null {
            definition.pad = CDFScalar.values([try scalar(pad, type: type, elements: elements, path: "\(path).pad")], type: type)
        }
        var variable = CDFDocument.Variable(definition: definition)
        if let attributes = json["attributes"] {
            guard case let .object(members) = attributes else {
                throw CDFDocumentError("\(path).attributes", "expected an object, got \(attributes.kindDescription)")
            }
            for member in members {
                variable.attributes.append((member.key, try typedValue(member.value, path: "\(path).attributes.\(member.key)")))
            }
        }
        if let records = json["records"] {
            let items = try array(records, "\(path).records")
            guard recordVarying || items.count <= 1 else {
                throw CDFDocumentError("\(path).records", "a variable that does not vary by record holds one record, got \(items.count)")
            }
            let shape = zip(dimensions, varys ?? dimensions.map { _ in true }).filter(\.1).map(\.0)
            variable.records.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                var scalars: [CDFScalar] = []
                scalars.reserveCapacity(definition.valuesPerRecord)
                let recordPath = "\(path).records[\(index)]"
                do {
                    try flatten(item, shape: shape[...], type: type, elements: elements, path: recordPath, into: &scalars)
                } catch let original as CDFDocumentError where shape != dimensions {
                    // A record may also be nested by every dimension, as NASA's library presents it
                    // (a non-varying dimension repeats its one stored value): keep index 0 of those.
                    scalars.removeAll(keepingCapacity: true)
                    var full: [CDFScalar] = []
                    do {
                        try flatten(item, shape: dimensions[...], type: type, elements: elements, path: recordPath, into: &full)
                    } catch { throw original }
                    scalars = storedValues(full, dimensions: dimensions, varys: varys ?? [])
                }
                variable.records.append(CDFScalar.values(scalars, type: type))
            }
        }
        if let maxRec = json["maxRec"] {
            let value = try integer(maxRec, "\(path).maxRec")
            guard value == variable.records.count - 1 || json["records"] == nil else {
                throw CDFDocumentError("\(path).maxRec", "is \(value) but records holds \(variable.records.count) record(s)")
            }
        }
        return variable
    }

    /// Walks one record's nesting (row-major), checking each level's length.
    static func flatten(_ json: JSONValue, shape: ArraySlice<Int>, type: CDFDataType, elements: Int, path: String,
                        into scalars: inout [CDFScalar]) throws {
        guard let size = shape.first else {
            scalars.append(try scalar(json, type: type, elements: elements, path: path))
            return
        }
        guard case let .array(items) = json, items.count == size else {
            throw CDFDocumentError(path, "expected an array of \(size), got \(json.kindDescription)\(caseArrayCount(json))")
        }
        for (index, item) in items.enumerated() {
            try flatten(item, shape: shape.dropFirst(), type: type, elements: elements, path: "\(path)[\(index)]", into: &scalars)
        }
    }

    /// The values a record stores when its non-varying dimensions are given in full (index 0 of each).
    static func storedValues(_ full: [CDFScalar], dimensions: [Int], varys: [Bool]) -> [CDFScalar] {
        full.indices.compactMap { flat in
            var rest = flat
            for d in dimensions.indices.reversed() {
                if !varys[d] && rest % dimensions[d] != 0 { return nil }
                rest /= dimensions[d]
            }
            return full[flat]
        }
    }

    private static func caseArrayCount(_ json: JSONValue) -> String {
        if case let .array(items) = json { return " of \(items.count)" }
        return ""
    }

    /// One element of `type` (for strings: one string of at most `elements` bytes).
    static func scalar(_ json: JSONValue, type: CDFDataType, elements: Int, path: String) throws -> CDFScalar {
        func mismatch() -> CDFDocumentError { CDFDocumentError(path, "expected \(type.name), got \(json.kindDescription)") }
        switch type {
        case .char, .uchar:
            guard let text = string(json) else { throw mismatch() }
            guard text.utf8.count <= elements else {
                throw CDFDocumentError(path, "\"\(text)\" is \(text.utf8.count) bytes, longer than numElems \(elements)")
            }
            // Stored fixed-width: pad with spaces to numElems, as CDF does.
            return .text(text + String(repeating: " ", count: elements - text.utf8.count))
        case .real4, .float:
            if let special = specialFloat(json) { return .real(special) }
            guard case let .number(text) = json, let value = Float(text) else { throw mismatch() }
            guard value.isFinite else { throw CDFDocumentError(path, "\(text) is out of \(type.name)'s range") }
            return .real(Double(value))
        case .real8, .double, .epoch:
            if let special = specialFloat(json) { return .real(special) }
            guard case let .number(text) = json, let value = Double(text), value.isFinite else { throw mismatch() }
            return .real(value)
        case .epoch16:
            guard case let .array(pair) = json, pair.count == 2 else {
                throw CDFDocumentError(path, "expected CDF_EPOCH16 as [seconds, picoseconds], got \(json.kindDescription)")
            }
            let parts = try pair.enumerated().map { index, item -> Double in
                if let special = specialFloat(item) { return special }
                guard case let .number(text) = item, let value = Double(text) else {
                    throw CDFDocumentError("\(path)[\(index)]", "expected a number, got \(item.kindDescription)")
                }
                return value
            }
            return .pair(parts[0], parts[1])
        default:
            guard case let .number(text) = json else { throw mismatch() }
            guard let value = Int64(text) else {
                throw CDFDocumentError(path, "expected \(type.name) (an integer), got \(text)")
            }
            let range: ClosedRange<Int64> = switch type {
            case .int1, .byte: Int64(Int8.min)...Int64(Int8.max)
            case .int2: Int64(Int16.min)...Int64(Int16.max)
            case .int4: Int64(Int32.min)...Int64(Int32.max)
            case .uint1: 0...Int64(UInt8.max)
            case .uint2: 0...Int64(UInt16.max)
            case .uint4: 0...Int64(UInt32.max)
            default: Int64.min...Int64.max
            }
            guard range.contains(value) else { throw CDFDocumentError(path, "\(text) is out of \(type.name)'s range") }
            return .integer(value)
        }
    }

    private static func specialFloat(_ json: JSONValue) -> Double? {
        switch json {
        case .string("NaN"): .nan
        case .string("Infinity"): .infinity
        case .string("-Infinity"): -.infinity
        default: nil
        }
    }

    static func dataType(_ json: JSONValue?, _ path: String) throws -> CDFDataType {
        guard let json else { throw CDFDocumentError(path, "missing") }
        guard let name = string(json), let type = CDFDataType.allCases.first(where: { $0.name == name || $0.name == "CDF_" + name }) else {
            throw CDFDocumentError(path, "expected a CDF type name (CDF_INT1 … CDF_UCHAR), got \(json.kindDescription)")
        }
        return type
    }

    static func nonEmptyName(_ json: JSONValue?, _ path: String) throws -> String {
        guard let json else { throw CDFDocumentError(path, "missing") }
        guard let name = string(json), !name.isEmpty, name.utf8.count <= 256,
              name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw CDFDocumentError(path, "expected a name of 1–256 printable ASCII characters, got \(json.kindDescription)")
        }
        return name
    }

    static func array(_ json: JSONValue, _ path: String) throws -> [JSONValue] {
        guard case let .array(items) = json else { throw CDFDocumentError(path, "expected an array, got \(json.kindDescription)") }
        return items
    }

    static func integer(_ json: JSONValue?, _ path: String) throws -> Int {
        guard let json else { throw CDFDocumentError(path, "missing") }
        guard case let .number(text) = json, let value = Int(text) else {
            throw CDFDocumentError(path, "expected an integer, got \(json.kindDescription)")
        }
        return value
    }

    static func boolean(_ json: JSONValue, _ path: String) throws -> Bool {
        switch json {
        case let .bool(b): return b
        case .string("T"), .string("true"), .number("1"): return true
        case .string("F"), .string("false"), .number("0"): return false
        default: throw CDFDocumentError(path, "expected true or false, got \(json.kindDescription)")
        }
    }

    static func string(_ json: JSONValue?) -> String? {
        if case let .string(s) = json { return s }
        return nil
    }
}
