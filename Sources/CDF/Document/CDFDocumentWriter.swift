/// Writes a ``CDFDocument`` as a CDF file through ``CDFWriter`` (temporary name, renamed when
/// complete), so that reading the file back gives the same document.
///
/// What a document can say but Ferry does not write is refused with the document path of the
/// field, not quietly changed: rVariables, RLE/Huffman compression, VAX encodings. The format's
/// `version` is informational; the file says 3.9.0, the version whose layout the writer follows.
public enum CDFDocumentWriter {
    /// Writes `document` to `path`; `source` names the document in errors. On failure nothing is left at `path`.
    public static func write(_ document: CDFDocument, to path: String, source: String = "<json>") throws {
        func refuse(_ at: String, _ message: String) -> CDFError { CDFError(path: source, "\(at): \(message)") }

        let format = document.format
        guard let code = CDFFormat.encodingCode(named: format.encoding),
              let byteOrder = CDFFormat.byteOrder(ofEncoding: code) else {
            throw refuse("format.encoding", "\(format.encoding) is not an IEEE encoding Ferry writes (IBMPC, NETWORK, ...)")
        }
        guard format.majority == "row" || format.majority == "column" else {
            throw refuse("format.majority", "expected \"row\" or \"column\"")
        }
        guard format.checksum == "none" || format.checksum == "md5" else {
            throw refuse("format.checksum", "expected \"none\" or \"md5\"")
        }
        let options = CDFFileOptions(compression: try compression(format.compression, at: "format.compression", refuse),
                                     md5: format.checksum == "md5", rowMajor: format.majority == "row",
                                     encodingCode: code)
        let definitions = try document.variables.enumerated().map { index, variable in
            try definition(of: variable, at: "variables[\(index)]", refuse)
        }

        let writer = try CDFWriter(path: path, encoding: byteOrder, options: options)
        for attribute in document.attributes {
            writer.declareAttribute(attribute.name, global: attribute.scope == .global)
            for entry in attribute.entries { writer.setGlobalAttributeEntry(attribute.name, number: entry.number, entry.value) }
        }
        for (index, variable) in document.variables.enumerated() {
            let at = "variables[\(index)]"
            let handle = try writer.define(definitions[index])
            for attribute in variable.attributes {
                if document.globalAttribute(attribute.name) != nil {
                    throw refuse("\(at).attributes.\(attribute.name)", "\(attribute.name) is a global attribute")
                }
                writer.setAttribute(attribute.name, of: handle, attribute.value)
            }
            try appendRecords(of: variable, to: handle, in: writer, rowMajor: options.rowMajor, byteOrder: byteOrder,
                              at: at, refuse)
        }
        try writer.close()
    }

    /// The writer's definition of a document variable, after the checks only the document can fail.
    static func definition(of variable: CDFDocument.Variable, at: String,
                           _ refuse: (String, String) -> CDFError) throws -> CDFVariableDefinition {
        guard variable.kind == .z else {
            throw refuse("\(at).kind", "Ferry writes zVariables only; make \(variable.name) \"z\"")
        }
        guard variable.type.isString || variable.numElems == 1 else {
            throw refuse("\(at).numElems", "\(variable.type.name) takes 1 element per value, not \(variable.numElems)")
        }
        guard variable.blockingFactor >= 0 else { throw refuse("\(at).blockingFactor", "must not be negative") }
        let valueCount: Int
        switch variable.records {
        case let .numbers(values): valueCount = values.count
        case let .strings(strings):
            valueCount = strings.count
            if let long = strings.firstIndex(where: { $0.utf8.count > variable.numElems }) {
                throw refuse("\(at).records", "value \(long) is longer than numElems (\(variable.numElems) bytes)")
            }
        }
        let records = valueCount / max(1, variable.valuesPerRecord)
        guard records * variable.valuesPerRecord == valueCount, records == variable.recordCount else {
            throw refuse("\(at).records", "\(records) records of \(variable.recordShape) where maxRec \(variable.maxRec) says \(variable.recordCount)")
        }
        guard variable.recVary || records <= 1 else {
            throw refuse("\(at).records", "a variable with recVary false holds at most one record, not \(records)")
        }
        return CDFVariableDefinition(
            name: variable.name, type: variable.type, elements: variable.numElems, dimensions: variable.dims,
            dimensionVarys: variable.dimVarys, recordVarying: variable.recVary, pad: variable.pad,
            compression: try compression(variable.compression, at: "\(at).compression", refuse),
            blockingFactor: variable.blockingFactor)
    }

    /// "none", "gzip" (level 6, as a dump does not carry the level) or "gzip:1" … "gzip:9".
    static func compression(_ name: String, at: String, _ refuse: (String, String) -> CDFError) throws -> CDFCompression? {
        if name == "none" { return nil }
        if name == "gzip" { return .gzip }
        if name.hasPrefix("gzip:"), let level = Int(name.dropFirst(5)), (1...9).contains(level) { return .gzip(level: level) }
        throw refuse(at, "Ferry writes \"none\", \"gzip\" or \"gzip:1\" … \"gzip:9\", not \"\(name)\"")
    }

    /// Appends the document's records (row-major) in the file's majority, one record per call.
    static func appendRecords(of variable: CDFDocument.Variable, to handle: CDFVariable, in writer: CDFWriter,
                              rowMajor: Bool, byteOrder: CDFEncoding, at: String,
                              _ refuse: (String, String) -> CDFError) throws {
        let perRecord = variable.valuesPerRecord
        let order = rowMajor ? nil : columnMajorOrder(variable.recordShape)
        switch variable.records {
        case let .strings(strings):
            for first in stride(from: 0, to: strings.count, by: max(1, perRecord)) {
                let record = Array(strings[first..<(first + perRecord)])
                try writer.append(strings: order.map { $0.map { record[$0] } } ?? record, to: handle)
            }
        case let .numbers(values):
            let bytes = values.encoded(byteOrder)
            let width = variable.type.size
            let recordBytes = perRecord * width
            for start in stride(from: 0, to: bytes.count, by: max(1, recordBytes)) {
                var record = Array(bytes[start..<(start + recordBytes)])
                if let order {
                    record = order.flatMap { bytes[(start + $0 * width)..<(start + $0 * width + width)] }
                }
                try record.withUnsafeBytes { try writer.append(encoded: $0, to: handle) }
            }
        }
    }

    /// For each column-major position in a record of `shape`, the row-major position of the same
    /// element; nil when the two orders agree (fewer than two dimensions).
    static func columnMajorOrder(_ shape: [Int]) -> [Int]? {
        guard shape.count >= 2 else { return nil }
        let count = shape.reduce(1, *)
        return (0..<count).map { columnPosition in
            var rest = columnPosition, rowPosition = 0
            var indices = [Int](repeating: 0, count: shape.count)
            for d in shape.indices { indices[d] = rest % shape[d]; rest /= shape[d] }
            for d in shape.indices { rowPosition = rowPosition * shape[d] + indices[d] }
            return rowPosition
        }
    }
}
