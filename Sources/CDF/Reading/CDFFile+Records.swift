/// Reading variable records: only the VVR/CVVR blocks that hold the requested records are read.
extension CDFFile {
    /// The values of `records` (default: all) of `variable`, row-major over the varying dimensions
    /// (a dimension that does not vary holds one value, as cdflib and NASA's zMode 2 present it).
    /// String types give one `.char`/`.uchar` string of all values back to back; see ``strings(of:records:)``.
    public func values(of variable: CDFVariableInfo, records: Range<Int>? = nil) throws -> CDFValues {
        let (position, range, total) = try checkedRead(of: variable, records: records)
        if needsRearranging(variables[position]) {
            return CDFValues(decoding: try valueBytes(of: variable, records: records), as: variable.type, encoding: format.encoding)
        }
        // Row-major as stored: the blocks go straight into the values' storage.
        return try CDFValues(type: variable.type, byteCount: total, encoding: format.encoding) { destination in
            try fillStoredBytes(position, range, into: destination)
        }
    }

    /// The values of `records` of the variable called `name` (see the overload taking a ``CDFVariableInfo``).
    public func values(of name: String, records: Range<Int>? = nil) throws -> CDFValues {
        guard let variable = variable(name) else { throw CDFError(path: path, "no variable called \(name)") }
        return try values(of: variable, records: records)
    }

    /// The values of a CHAR or UCHAR variable, one string of `elements` bytes per value.
    public func strings(of variable: CDFVariableInfo, records: Range<Int>? = nil) throws -> [String] {
        let bytes = try valueBytes(of: variable, records: records)
        let width = variable.elements
        return stride(from: 0, to: bytes.count, by: width).map {
            String(decoding: bytes[$0..<$0 + width], as: UTF8.self)
        }
    }

    /// The bytes of `records` of `variable` in the file's encoding, row-major over the varying dimensions.
    public func valueBytes(of variable: CDFVariableInfo, records: Range<Int>? = nil) throws -> [UInt8] {
        let (position, range, total) = try checkedRead(of: variable, records: records)
        let stored = try [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
            try fillStoredBytes(position, range, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = total
        }
        return needsRearranging(variables[position]) ? arrangedRowMajor(stored, variables[position], records: range.count) : stored
    }

    /// The variable's position, the records to read and their size in bytes, once checked against
    /// the variable and the read limit.
    private func checkedRead(of variable: CDFVariableInfo, records: Range<Int>?) throws -> (Int, Range<Int>, Int) {
        guard let position = variables.firstIndex(where: { $0.kind == variable.kind && $0.number == variable.number }) else {
            throw CDFError(path: path, "no \(variable.kind.rawValue)Variable number \(variable.number) (\(variable.name))")
        }
        let info = variables[position]
        let range = records ?? 0..<info.recordCount
        guard range.lowerBound >= 0, range.upperBound <= info.recordCount else {
            throw CDFError(path: path, "\(info.name): records \(range.lowerBound)..<\(range.upperBound) are outside 0..<\(info.recordCount)")
        }
        let (total, overflow) = range.count.multipliedReportingOverflow(by: info.recordBytes)
        guard !overflow, total <= readLimit else {
            throw CDFError(path: path, "\(info.name): \(range.count) records exceed the read limit of \(readLimit) bytes; read fewer at a time")
        }
        return (position, range, total)
    }

    /// Whether stored records differ from row-major order: column-major with two or more dimensions over 1.
    private func needsRearranging(_ info: CDFVariableInfo) -> Bool {
        !format.rowMajor && info.storedDimensions.filter({ $0 > 1 }).count > 1
    }

    /// Reorders stored records of a column-major file into row-major order (last dimension fastest).
    private func arrangedRowMajor(_ stored: [UInt8], _ info: CDFVariableInfo, records: Int) -> [UInt8] {
        let dims = info.storedDimensions
        let valueBytes = info.elements * info.type.size
        // Column-major: the first dimension steps fastest in the stored record.
        var strides = [Int](repeating: 0, count: dims.count)
        var step = 1
        for dim in dims.indices {
            strides[dim] = step
            step *= dims[dim]
        }
        let recordBytes = info.recordBytes
        var out: [UInt8] = []
        out.reserveCapacity(stored.count)
        var counter = [Int](repeating: 0, count: dims.count)
        for record in 0..<records {
            let base = record * recordBytes
            for i in counter.indices { counter[i] = 0 }
            var source = 0
            for _ in 0..<info.valuesPerRecord {
                let start = base + source * valueBytes
                out += stored[start..<start + valueBytes]
                // Odometer over the dimensions, last fastest (row-major output).
                var dim = dims.count - 1
                while dim >= 0 {
                    counter[dim] += 1
                    source += strides[dim]
                    if counter[dim] < dims[dim] { break }
                    source -= strides[dim] * counter[dim]
                    counter[dim] = 0
                    dim -= 1
                }
            }
        }
        return out
    }
}
