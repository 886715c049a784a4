/// Reading variable records: only the VVR/CVVR blocks that hold the requested records are read.
extension CDFFile {
    /// The values of `records` (default: all) of `variable`, row-major over the varying dimensions
    /// (a dimension that does not vary holds one value, as cdflib and NASA's zMode 2 present it).
    /// String types give one `.char`/`.uchar` string of all values back to back; see ``strings(of:records:)``.
    public func values(of variable: CDFVariableInfo, records: Range<Int>? = nil) throws -> CDFValues {
        CDFValues(decoding: try valueBytes(of: variable, records: records), as: variable.type, encoding: format.encoding)
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
        guard let position = variables.firstIndex(where: { $0.kind == variable.kind && $0.number == variable.number }) else {
            throw CDFError(path: path, "no \(variable.kind.rawValue)Variable number \(variable.number) (\(variable.name))")
        }
        let info = variables[position]
        let range = records ?? 0..<info.recordCount
        guard range.lowerBound >= 0, range.upperBound <= info.recordCount else {
            throw CDFError(path: path, "\(info.name): records \(range.lowerBound)..<\(range.upperBound) are outside 0..<\(info.recordCount)")
        }
        if case let .other(code)? = info.compression {
            throw CDFError(path: path, "\(info.name): compression type \(code) is not supported (GZIP only)")
        }
        let (total, overflow) = range.count.multipliedReportingOverflow(by: info.recordBytes)
        guard !overflow, total <= readLimit else {
            throw CDFError(path: path, "\(info.name): \(range.count) records exceed the read limit of \(readLimit) bytes; read fewer at a time")
        }
        let stored = try storedBytes(position, range)
        return arrangedRowMajor(stored, info, records: range.count)
    }

    /// Records `range` of variable `position` as stored: varying dimensions only, file majority.
    private func storedBytes(_ position: Int, _ range: Range<Int>) throws -> [UInt8] {
        let info = variables[position]
        let leaves = indexes[position]
        let size = info.recordBytes
        var out: [UInt8] = []
        out.reserveCapacity(range.count * size)
        // The first leaf that may hold range.lowerBound: leaves are sorted and disjoint.
        var next = leaves.partitioningIndex { $0.last >= range.lowerBound }
        var record = range.lowerBound
        while record < range.upperBound {
            if next < leaves.count, leaves[next].first <= record {
                let leaf = leaves[next]
                let end = min(leaf.last, range.upperBound - 1)
                out += try read(leaf, records: record...end, info)
                record = end + 1
                next += 1
            } else {
                let gapEnd = min(next < leaves.count ? leaves[next].first : range.upperBound, range.upperBound)
                let fill = try missingRecord(record, position, before: out)
                for _ in record..<gapEnd { out += fill }
                record = gapEnd
            }
        }
        return out
    }

    /// What a reader sees for a record never written: the previous record for a variable with
    /// previous-record sparseness (when there is one), else the pad value in every slot.
    private func missingRecord(_ record: Int, _ position: Int, before readSoFar: [UInt8]) throws -> [UInt8] {
        let info = variables[position]
        if info.sparseRecords == 2, record > 0 {
            if readSoFar.count >= info.recordBytes { return Array(readSoFar.suffix(info.recordBytes)) }
            let leaves = indexes[position]
            let after = leaves.partitioningIndex { $0.first >= record }
            if after > 0 {
                let leaf = leaves[after - 1]
                let previous = min(leaf.last, record - 1)
                return try read(leaf, records: previous...previous, info)
            }
        }
        return Array([[UInt8]](repeating: pads[position], count: info.valuesPerRecord).joined())
    }

    /// Records `records` (inside `leaf`) from one VVR or CVVR.
    private func read(_ leaf: CDFIndexEntry, records: ClosedRange<Int>, _ info: CDFVariableInfo) throws -> [UInt8] {
        let size = info.recordBytes
        let skip = (records.lowerBound - leaf.first) * size
        let count = records.count * size
        guard leaf.compressed else {
            // The parser checked that the VVR holds records first…last.
            return try source.read(at: leaf.offset + Int64(layout.headerSize + skip), count: count)
        }
        let blockRecords = leaf.storedLast - leaf.first + 1
        let (inflatedSize, overflow) = blockRecords.multipliedReportingOverflow(by: size)
        guard !overflow, inflatedSize <= readLimit else {
            throw CDFError(path: path, "offset \(leaf.offset) (CVVR): \(info.name): \(blockRecords) records of \(size) bytes exceed the read limit \(readLimit)")
        }
        var parser = CDFParser(path: sourceLabel, source: source, readLimit: readLimit)
        parser.layout = layout
        var cvvr = try parser.record(at: leaf.offset, [.cvvr])
        _ = try cvvr.int32()   // rfuA
        let sizeAt = cvvr.position
        let compressedSize = try cvvr.offsetOrSize()
        let dataAt = cvvr.position
        guard compressedSize >= 0, compressedSize <= Int64(cvvr.bytes.count - dataAt) else {
            throw cvvr.error("\(info.name): compressed size \(compressedSize) is outside 0…\(cvvr.bytes.count - dataAt)", field: sizeAt)
        }
        let inflated: [UInt8]
        do {
            inflated = try GzipInflate.inflate(cvvr.bytes[dataAt..<dataAt + Int(compressedSize)], limit: inflatedSize)
        } catch let failure as GzipInflateError {
            throw cvvr.error("\(info.name): records \(leaf.first)…\(leaf.storedLast): \(failure.message)", field: dataAt)
        }
        guard inflated.count >= skip + count else {
            throw cvvr.error("\(info.name): records \(leaf.first)…\(leaf.storedLast) inflate to \(inflated.count) bytes, fewer than the \(skip + count) needed", field: dataAt)
        }
        return Array(inflated[skip..<skip + count])
    }

    /// Reorders stored records of a column-major file into row-major order (last dimension fastest).
    private func arrangedRowMajor(_ stored: [UInt8], _ info: CDFVariableInfo, records: Int) -> [UInt8] {
        let dims = info.storedDimensions
        if format.rowMajor || dims.filter({ $0 > 1 }).count <= 1 { return stored }
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

fileprivate extension Array {
    /// The index of the first element for which `belongs` holds, given that it holds for a suffix.
    func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if belongs(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
