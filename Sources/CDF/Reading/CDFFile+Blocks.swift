import Dispatch

/// Where a variable's stored bytes come from: each block is read (or inflated) straight into the
/// caller's buffer, several blocks in parallel, since they are independent.
extension CDFFile {
    /// One piece of a read: records of one index leaf, or a gap no leaf covers, and where their
    /// bytes start in the output.
    enum BlockRead {
        case leaf(CDFIndexEntry, records: ClosedRange<Int>, at: Int)
        case gap(Range<Int>, at: Int)
    }

    /// The pieces that make up records `range` of variable `position`, in record order.
    func blockReads(_ position: Int, _ range: Range<Int>) -> [BlockRead] {
        let leaves = indexes[position]
        let size = variables[position].recordBytes
        var reads: [BlockRead] = []
        // The first leaf that may hold range.lowerBound: leaves are sorted and disjoint.
        var next = leaves.partitioningIndex { $0.last >= range.lowerBound }
        var record = range.lowerBound
        while record < range.upperBound {
            let at = (record - range.lowerBound) * size
            if next < leaves.count, leaves[next].first <= record {
                let end = min(leaves[next].last, range.upperBound - 1)
                reads.append(.leaf(leaves[next], records: record...end, at: at))
                record = end + 1
                next += 1
            } else {
                let gapEnd = min(next < leaves.count ? leaves[next].first : range.upperBound, range.upperBound)
                reads.append(.gap(record..<gapEnd, at: at))
                record = gapEnd
            }
        }
        return reads
    }

    /// Fills `output` (exactly `range.count` records) with records `range` of variable `position` as stored:
    /// varying dimensions only, in the file's majority and encoding.
    func fillStoredBytes(_ position: Int, _ range: Range<Int>, into output: UnsafeMutableRawBufferPointer) throws {
        let info = variables[position]
        let reads = blockReads(position, range)
        let leaves = reads.compactMap { read -> (CDFIndexEntry, ClosedRange<Int>, Int)? in
            if case let .leaf(leaf, records, at) = read { (leaf, records, at) } else { nil }
        }
        // Blocks are independent: inflating them, or copying megabytes of them out of the page
        // cache (where most of the time is first touches of the output's pages), uses every core.
        let compressed = leaves.contains { $0.0.compressed }
        if leaves.count > 1, compressed || output.count >= 1 << 20 {
            // Each block writes only its own part of `output` and its own failure slot; the
            // addresses cross into the workers as integers, and both buffers outlive the call.
            // Errors are thrown in record order, as a sequential read would throw them.
            let failures = UnsafeMutableBufferPointer<(any Error)?>.allocate(capacity: leaves.count)
            failures.initialize(repeating: nil)
            defer { failures.deinitialize(); failures.deallocate() }
            let outputAddress = UInt(bitPattern: output.baseAddress), outputCount = output.count
            let failuresAddress = UInt(bitPattern: failures.baseAddress)
            DispatchQueue.concurrentPerform(iterations: leaves.count) { index in
                let (leaf, records, at) = leaves[index]
                let whole = UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(bitPattern: outputAddress), count: outputCount)
                do {
                    try read(leaf, records: records, info, into: slice(of: whole, at: at, records.count * info.recordBytes))
                } catch {
                    (UnsafeMutablePointer<(any Error)?>(bitPattern: failuresAddress)! + index).pointee = error
                }
            }
            if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
        } else {
            for (leaf, records, at) in leaves {
                try read(leaf, records: records, info, into: slice(of: output, at: at, records.count * info.recordBytes))
            }
        }
        // Gaps last and in order: a previous-record gap copies the record just before it.
        for case let .gap(records, at) in reads {
            try fillMissing(records, position, range: range, at: at, in: output)
        }
    }

    private func slice(of buffer: UnsafeMutableRawBufferPointer, at offset: Int, _ count: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: buffer[offset..<offset + count])
    }

    /// Records never written: the previous record for a variable with previous-record sparseness
    /// (when there is one), else the pad value in every slot.
    private func fillMissing(_ records: Range<Int>, _ position: Int, range: Range<Int>, at: Int,
                             in output: UnsafeMutableRawBufferPointer) throws {
        let info = variables[position]
        let size = info.recordBytes
        var fill: [UInt8]
        let first = records.lowerBound
        if info.sparseRecords == 2, first > 0, first > range.lowerBound {
            fill = Array(output[(at - size)..<at])
        } else if info.sparseRecords == 2, first > 0, let previous = try previousStoredRecord(before: first, position) {
            fill = previous
        } else {
            fill = Array([[UInt8]](repeating: pads[position], count: info.valuesPerRecord).joined())
        }
        fill.withUnsafeBytes { record in
            for index in 0..<records.count {
                slice(of: output, at: at + index * size, size).copyMemory(from: record)
            }
        }
    }

    /// The stored bytes of the last written record before `record`, if any.
    private func previousStoredRecord(before record: Int, _ position: Int) throws -> [UInt8]? {
        let leaves = indexes[position]
        let after = leaves.partitioningIndex { $0.first >= record }
        guard after > 0 else { return nil }
        let leaf = leaves[after - 1]
        let previous = min(leaf.last, record - 1)
        let info = variables[position]
        return try [UInt8](unsafeUninitializedCapacity: info.recordBytes) { buffer, initialized in
            try read(leaf, records: previous...previous, info, into: UnsafeMutableRawBufferPointer(buffer))
            initialized = info.recordBytes
        }
    }

    /// Records `records` (inside `leaf`) from one VVR or CVVR into `output`.
    private func read(_ leaf: CDFIndexEntry, records: ClosedRange<Int>, _ info: CDFVariableInfo,
                      into output: UnsafeMutableRawBufferPointer) throws {
        let size = info.recordBytes
        let skip = (records.lowerBound - leaf.first) * size
        guard leaf.compressed else {
            // The parser checked that the VVR holds records first…last.
            try source.read(at: leaf.offset + Int64(layout.headerSize + skip), into: output)
            return
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
        let fail = { (message: String) in
            cvvr.error("\(info.name): records \(leaf.first)…\(leaf.storedLast): \(message)", field: dataAt)
        }
        try cvvr.bytes.withUnsafeBytes { bytes in
            let compressedData = UnsafeRawBufferPointer(rebasing: bytes[dataAt..<dataAt + Int(compressedSize)])
            func decompress(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
                try (info.compression ?? .gzip).decode(compressedData, into: destination)
            }
            do {
                if skip == 0, output.count == inflatedSize {
                    // The whole block is wanted: decompress it where it belongs.
                    let produced = try decompress(into: output)
                    guard produced == output.count else {
                        throw fail("inflates to \(produced) bytes, fewer than the \(output.count) needed")
                    }
                    return
                }
                let block = UnsafeMutableRawBufferPointer.allocate(byteCount: inflatedSize, alignment: 16)
                defer { block.deallocate() }
                let produced = try decompress(into: block)
                guard produced >= skip + output.count else {
                    throw fail("inflates to \(produced) bytes, fewer than the \(skip + output.count) needed")
                }
                output.copyMemory(from: UnsafeRawBufferPointer(rebasing: block[skip..<skip + output.count]))
            } catch let failure as CDFDecodingError {
                throw fail(failure.message)
            }
        }
    }
}

extension Array {
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
