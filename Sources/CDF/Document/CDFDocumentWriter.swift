/// Writes a ``CDFDocument`` as a CDF file through ``CDFWriter`` (temporary name, renamed when complete).
public enum CDFDocumentWriter {
    /// Writes `document` to `path`; on failure nothing is left at `path`.
    public static func write(_ document: CDFDocument, to path: String) throws {
        let writer = try CDFWriter(path: path, encoding: document.format.encoding,
                                   options: CDFFileOptions(compression: document.format.compression, md5: document.format.md5,
                                                           rowMajor: document.format.rowMajor))
        for attribute in document.attributes {
            writer.declareAttribute(attribute.name, global: attribute.global)
            for entry in attribute.entries { writer.setGlobalAttributeEntry(attribute.name, number: entry.number, entry.value) }
        }
        for (index, variable) in document.variables.enumerated() {
            let handle: CDFVariable
            do { handle = try writer.define(variable.definition) } catch let error as CDFError {
                throw CDFDocumentError("variables[\(index)]", error.message)
            }
            for attribute in variable.attributes {
                if let declared = document.attributes.first(where: { $0.name == attribute.name }), declared.global {
                    throw CDFDocumentError("variables[\(index)].attributes.\(attribute.name)", "\(attribute.name) is a global attribute")
                }
                writer.setAttribute(attribute.name, of: handle, attribute.value)
            }
            let dimensions = zip(variable.definition.dimensions, variable.definition.dimensionVarys ?? variable.definition.dimensions.map { _ in true })
                .filter(\.1).map(\.0)
            for record in variable.records {
                let values = document.format.rowMajor || dimensions.count < 2 ? record : columnMajor(record, dimensions: dimensions)
                try writer.append(values: values, to: handle)
            }
        }
        try writer.close()
    }

    /// Reorders one record's row-major values (last index fastest) to column-major (first index fastest).
    static func columnMajor(_ values: CDFValues, dimensions: [Int]) -> CDFValues {
        let count = dimensions.reduce(1, *)
        var order = [Int](repeating: 0, count: count)
        // Column-major position p holds the row-major element with the same multi-index.
        for p in 0..<count {
            var rest = p, rowIndex = 0
            var indices = [Int](repeating: 0, count: dimensions.count)
            for d in 0..<dimensions.count { indices[d] = rest % dimensions[d]; rest /= dimensions[d] }
            for d in 0..<dimensions.count { rowIndex = rowIndex * dimensions[d] + indices[d] }
            order[p] = rowIndex
        }
        func pick<T>(_ v: [T]) -> [T] {
            guard v.count % count == 0 else { return v }
            let width = v.count / count
            return order.flatMap { v[($0 * width)..<($0 * width + width)] }
        }
        switch values {
        case let .int1(v): return .int1(pick(v))
        case let .byte(v): return .byte(pick(v))
        case let .int2(v): return .int2(pick(v))
        case let .int4(v): return .int4(pick(v))
        case let .int8(v): return .int8(pick(v))
        case let .timeTT2000(v): return .timeTT2000(pick(v))
        case let .uint1(v): return .uint1(pick(v))
        case let .uint2(v): return .uint2(pick(v))
        case let .uint4(v): return .uint4(pick(v))
        case let .real4(v): return .real4(pick(v))
        case let .float(v): return .float(pick(v))
        case let .real8(v): return .real8(pick(v))
        case let .double(v): return .double(pick(v))
        case let .epoch(v): return .epoch(pick(v))
        case let .epoch16(v): return .epoch16(pick(v))
        case let .char(s): return .char(String(decoding: pick(Array(s.utf8)), as: UTF8.self))
        case let .uchar(s): return .uchar(String(decoding: pick(Array(s.utf8)), as: UTF8.self))
        }
    }
}
