extension CDFDocument {
    /// Parses the JSON that ``json()`` writes (what `ferry cdf create` reads); `source` names the
    /// text in errors, which also give the JSON path of the offending value.
    public init(json text: String, source: String = "<json>") throws {
        let root: JSONValue
        do {
            root = try JSONParser.parse(text)
        } catch let failure as JSONSyntaxError {
            throw CDFError(path: source, "byte \(failure.offset): \(failure.message)")
        }
        var reader = DocumentReader(source: source)
        self = try reader.document(root)
    }
}

extension CDFDataType {
    /// The type called `name` (e.g. `CDF_REAL4`).
    public init?(name: String) {
        guard let type = CDFDataType.allCases.first(where: { $0.name == name }) else { return nil }
        self = type
    }
}

/// Turns parsed JSON into a ``CDFDocument``, naming the JSON path of anything wrong.
private struct DocumentReader {
    let source: String

    func error(_ path: String, _ message: String) -> CDFError { CDFError(path: source, "\(path): \(message)") }

    func member(_ object: JSONValue, _ key: String, _ path: String) throws -> JSONValue {
        guard case .object = object else { throw error(path, "expected an object") }
        guard let value = object[key] else { throw error(path, "missing \"\(key)\"") }
        return value
    }

    /// `object[key]`, or nil when the key is absent (a field with a default).
    func optional(_ object: JSONValue, _ key: String, _ path: String) throws -> JSONValue? {
        guard case .object = object else { throw error(path, "expected an object") }
        return object[key]
    }

    func string(_ value: JSONValue, _ path: String) throws -> String {
        guard case let .string(text) = value else { throw error(path, "expected a string") }
        return text
    }

    func int(_ value: JSONValue, _ path: String) throws -> Int {
        guard case let .number(text) = value, let number = Int(text) else { throw error(path, "expected an integer") }
        return number
    }

    func bool(_ value: JSONValue, _ path: String) throws -> Bool {
        guard case let .bool(flag) = value else { throw error(path, "expected true or false") }
        return flag
    }

    func array(_ value: JSONValue, _ path: String) throws -> [JSONValue] {
        guard case let .array(elements) = value else { throw error(path, "expected an array") }
        return elements
    }

    func type(_ value: JSONValue, _ path: String) throws -> CDFDataType {
        let name = try string(value, path)
        guard let type = CDFDataType(name: name) else { throw error(path, "unknown CDF type \(name)") }
        return type
    }

    /// Fields a hand-written document may leave out take the defaults of a new file: version
    /// 3.9.0, IBMPC, row-major, uncompressed, no checksum, no attributes.
    mutating func document(_ root: JSONValue) throws -> CDFDocument {
        let format = try optional(root, "format", "$") ?? .object([])
        func setting(_ key: String, _ fallback: String) throws -> String {
            try optional(format, key, "format").map { try string($0, "format.\(key)") } ?? fallback
        }
        let document = CDFDocument(
            format: .init(version: try setting("version", "3.9.0"), encoding: try setting("encoding", "IBMPC"),
                          majority: try setting("majority", "row"), compression: try setting("compression", "none"),
                          checksum: try setting("checksum", "none")),
            attributes: try array(try optional(root, "attributes", "$") ?? .array([]), "attributes").enumerated().map { index, value in
                try attribute(value, "attributes[\(index)]")
            },
            variables: try array(try optional(root, "variables", "$") ?? .array([]), "variables").enumerated().map { index, value in
                try variable(value, "variables[\(index)]")
            })
        return document
    }

    func attribute(_ value: JSONValue, _ path: String) throws -> CDFDocument.Attribute {
        let scopeName = try optional(value, "scope", path).map { try string($0, path + ".scope") } ?? "global"
        let scope: CDFAttributeScope
        switch scopeName {
        case "global": scope = .global
        case "variable": scope = .variable
        default: throw error(path + ".scope", "expected \"global\" or \"variable\"")
        }
        let entries = try array(try optional(value, "entries", path) ?? .array([]), path + ".entries").enumerated().map { index, entry in
            let at = "\(path).entries[\(index)]"
            let type = try self.type(try member(entry, "type", at), at + ".type")
            return CDFDocument.Entry(number: try optional(entry, "num", at).map { try int($0, at + ".num") } ?? index,
                                     value: try values(try member(entry, "value", at), type: type, at + ".value"))
        }
        return CDFDocument.Attribute(name: try string(try member(value, "name", path), path + ".name"), scope: scope, entries: entries)
    }

    /// Only "name" and "type" are required; the rest default to a z, record-varying variable with
    /// every dimension varying, maxRec from the records, no pad, no compression, no attributes.
    func variable(_ value: JSONValue, _ path: String) throws -> CDFDocument.Variable {
        func field(_ key: String) throws -> JSONValue { try member(value, key, path) }
        func field(_ key: String, default fallback: JSONValue) throws -> JSONValue { try optional(value, key, path) ?? fallback }
        let type = try self.type(try field("type"), path + ".type")
        let kindName = try string(try field("kind", default: .string("z")), path + ".kind")
        guard let kind = CDFVariableKind(rawValue: kindName) else { throw error(path + ".kind", "expected \"z\" or \"r\"") }
        let dims = try array(try field("dims", default: .array([])), path + ".dims").enumerated().map { try int($1, "\(path).dims[\($0)]") }
        let dimVarys = try optional(value, "dimVarys", path).map { varys in
            try array(varys, path + ".dimVarys").enumerated().map { try bool($1, "\(path).dimVarys[\($0)]") }
        } ?? dims.map { _ in true }
        guard dims.count == dimVarys.count else { throw error(path + ".dimVarys", "\(dimVarys.count) entries for \(dims.count) dims") }
        guard dims.allSatisfy({ $0 >= 1 }) else { throw error(path + ".dims", "dimension sizes must be at least 1") }
        guard CDFParser.boundedProduct(dims, limit: Int(Int32.max)) != nil else {
            throw error(path + ".dims", "\(dims) holds more than \(Int32.max) values per record")
        }
        let padValue = try field("pad", default: .null)
        var attributes: [CDFDocument.VariableAttribute] = []
        guard case let .object(members) = try field("attributes", default: .object([])) else { throw error(path + ".attributes", "expected an object") }
        for (name, entry) in members {
            let at = "\(path).attributes.\(name)"
            let entryType = try self.type(try member(entry, "type", at), at + ".type")
            attributes.append(.init(name: name, value: try values(try member(entry, "value", at), type: entryType, at + ".value")))
        }
        var variable = CDFDocument.Variable(
            name: try string(try field("name"), path + ".name"), kind: kind, type: type,
            numElems: try int(try field("numElems", default: .number("1")), path + ".numElems"), dims: dims, dimVarys: dimVarys,
            recVary: try bool(try field("recVary", default: .bool(true)), path + ".recVary"), maxRec: -1,
            pad: padValue == .null ? nil : try values(padValue, type: type, path + ".pad"),
            compression: try string(try field("compression", default: .string("none")), path + ".compression"),
            blockingFactor: try int(try field("blockingFactor", default: .number("0")), path + ".blockingFactor"),
            attributes: attributes, records: type.isString ? .strings([]) : .numbers(CDFValues(decoding: [], as: type, encoding: .littleEndian)))
        // Leaves of every record, checked against the record shape (the varying dimensions).
        var leaves: [JSONValue] = []
        let records = try array(try field("records", default: .array([])), path + ".records")
        for (index, record) in records.enumerated() {
            try collect(record, shape: variable.recordShape[...], into: &leaves, "\(path).records[\(index)]")
        }
        variable.maxRec = try optional(value, "maxRec", path).map { try int($0, path + ".maxRec") } ?? records.count - 1
        if type.isString {
            let strings = try leaves.enumerated().map { try string($1, "\(path).records value \($0)") }
            variable.records = .strings(strings)
            // Without numElems, strings are as long as the longest value (or the pad).
            if try optional(value, "numElems", path) == nil {
                let padLength = variable.pad.map(\.count) ?? 0
                variable.numElems = max(1, padLength, strings.map(\.utf8.count).max() ?? 0)
            }
        } else {
            variable.records = .numbers(try values(.array(leaves), type: type, path + ".records", many: true))
        }
        return variable
    }

    func collect(_ value: JSONValue, shape: ArraySlice<Int>, into leaves: inout [JSONValue], _ path: String) throws {
        guard let size = shape.first else { leaves.append(value); return }
        let elements = try array(value, path)
        guard elements.count == size else { throw error(path, "\(elements.count) elements where the dimension has \(size)") }
        for (index, element) in elements.enumerated() {
            try collect(element, shape: shape.dropFirst(), into: &leaves, "\(path)[\(index)]")
        }
    }

    /// Typed values from a scalar, an array of scalars, a string (CHAR/UCHAR) or EPOCH16 pairs;
    /// `many` says the array lists values even when it could read as one EPOCH16 pair.
    func values(_ value: JSONValue, type: CDFDataType, _ path: String, many: Bool = false) throws -> CDFValues {
        switch type {
        case .char: return .char(try string(value, path))
        case .uchar: return .uchar(try string(value, path))
        case .epoch16:
            let elements = try array(value, path)
            let pairs: [JSONValue]
            if !many, elements.count == 2, case .array = elements[0] {
                pairs = elements
            } else if !many, elements.count == 2 {
                pairs = [value]
            } else {
                pairs = elements
            }
            return .epoch16(try pairs.enumerated().flatMap { index, pair in
                let parts = try array(pair, "\(path)[\(index)]")
                guard parts.count == 2 else { throw error("\(path)[\(index)]", "expected [seconds, picoseconds]") }
                return [try real(parts[0], "\(path)[\(index)][0]"), try real(parts[1], "\(path)[\(index)][1]")]
            })
        default:
            let elements: [JSONValue] = if case let .array(list) = value { list } else { [value] }
            func each<T>(_ convert: (JSONValue, String) throws -> T) throws -> [T] {
                try elements.enumerated().map { try convert($1, elements.count == 1 && !many ? path : "\(path)[\($0)]") }
            }
            func integer<T: FixedWidthInteger>(_: T.Type) throws -> [T] {
                try each { element, at in
                    guard case let .number(text) = element, let number = T(text) else {
                        throw error(at, "expected an integer that fits \(type.name)")
                    }
                    return number
                }
            }
            switch type {
            case .int1: return .int1(try integer(Int8.self))
            case .byte: return .byte(try integer(Int8.self))
            case .int2: return .int2(try integer(Int16.self))
            case .int4: return .int4(try integer(Int32.self))
            case .int8: return .int8(try integer(Int64.self))
            case .timeTT2000: return .timeTT2000(try integer(Int64.self))
            case .uint1: return .uint1(try integer(UInt8.self))
            case .uint2: return .uint2(try integer(UInt16.self))
            case .uint4: return .uint4(try integer(UInt32.self))
            case .real4: return .real4(try each(float))
            case .float: return .float(try each(float))
            case .real8: return .real8(try each(real))
            case .double: return .double(try each(real))
            case .epoch: return .epoch(try each(real))
            case .char, .uchar, .epoch16: throw error(path, "\(type.name) values are read above")
            }
        }
    }

    func real(_ value: JSONValue, _ path: String) throws -> Double {
        switch value {
        case let .number(text): if let number = Double(text) { return number }
        case .string("NaN"): return .nan
        case .string("Infinity"): return .infinity
        case .string("-Infinity"): return -.infinity
        default: break
        }
        throw error(path, "expected a number, \"NaN\", \"Infinity\" or \"-Infinity\"")
    }

    /// A 4-byte float read from its own digits (not through Double, which could round twice).
    func float(_ value: JSONValue, _ path: String) throws -> Float {
        if case let .number(text) = value, let number = Float(text) { return number }
        return Float(try real(value, path))
    }
}
