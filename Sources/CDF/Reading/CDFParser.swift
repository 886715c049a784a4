/// Reads the internal records of a CDF: header, variable descriptors, index trees and attributes.
/// Every offset, count and size taken from the file is checked before it is used.
struct CDFParser {
    let path: String
    let source: any CDFByteSource
    let readLimit: Int
    /// Field widths: v3, or v2.6/2.7 (set from the magic number).
    var layout: CDFLayout = .v3
    /// Variable-scope entries found while reading attributes, per variable.
    var variableEntries: [VariableKey: [CDFVariableAttribute]] = [:]

    init(path: String, source: any CDFByteSource, readLimit: Int) {
        self.path = path
        self.source = source
        self.readLimit = readLimit
    }

    enum Magic { case plain, compressed }

    struct Header {
        var version, release, increment: Int
        var encodingCode: Int32
        var encoding: CDFEncoding
        var rowMajor: Bool
        var md5: Bool
        var rVDRHead, zVDRHead, adrHead, eof: Int64
        var rDimensions: [Int]
    }

    struct ParsedVariable {
        var info: CDFVariableInfo
        var index: [CDFIndexEntry]
        /// One value's bytes in the file's encoding, for records never written.
        var pad: [UInt8]
    }

    func error(at offset: Int64, _ kind: String, _ message: String) -> CDFError {
        CDFError(path: path, "offset \(offset) (\(kind)): \(message)")
    }

    /// Reads the magic number, choosing the layout (v3 or v2.6/2.7).
    mutating func magic() throws -> Magic {
        guard source.size >= 8 else { throw error(at: 0, "magic", "file is \(source.size) bytes, too short for a CDF") }
        let bytes = try source.read(at: 0, count: 8)
        if Array(bytes[0..<4]) == CDFLayout.v3.magic {
            layout = .v3
        } else if Array(bytes[0..<4]) == CDFLayout.v2.magic {
            layout = .v2
        } else if bytes[0..<4] == [0x00, 0x00, 0xFF, 0xFF] {
            throw error(at: 0, "magic", "a CDF before version 2.6 (not supported)")
        } else {
            throw error(at: 0, "magic", "not a CDF file (magic \(bytes[0..<4].map { hex($0) }.joined()))")
        }
        switch Array(bytes[4..<8]) {
        case [0x00, 0x00, 0xFF, 0xFF]: return .plain
        case [0xCC, 0xCC, 0x00, 0x01]: return .compressed
        default: throw error(at: 4, "magic", "unknown compression marker \(bytes[4..<8].map { hex($0) }.joined())")
        }
    }

    private func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    /// Reads the internal record at `offset`, checking its type and that it lies inside the file;
    /// reads at most `prefix` bytes of it (data records are read piecewise later).
    func record(at offset: Int64, _ kinds: [CDFRecordKind], prefix: Int = .max) throws -> CDFFieldReader {
        let expected = kinds.map(\.name).joined(separator: " or ")
        let headerSize = layout.headerSize
        guard offset >= 8, offset <= source.size - Int64(headerSize) else {
            throw error(at: offset, expected, "offset outside the file (size \(source.size))")
        }
        let head = try source.read(at: offset, count: headerSize)
        var reader = CDFFieldReader(path: path, layout: layout, kind: kinds[0], offset: offset, bytes: head, position: 0)
        let size = try reader.offsetOrSize()
        let code = try reader.int32()
        guard let kind = CDFRecordKind(rawValue: code), kinds.contains(kind) else {
            throw error(at: offset, expected, "record type \(code) where \(expected) was expected")
        }
        let minimum = kind.minimumSize(layout)
        guard size >= minimum, size <= source.size - offset else {
            throw error(at: offset, kind.name, "record size \(size) is outside \(minimum)…\(source.size - offset)")
        }
        let count = Int(min(size, Int64(max(prefix, headerSize))))
        return CDFFieldReader(path: path, layout: layout, kind: kind, offset: offset,
                              bytes: try source.read(at: offset, count: count), recordSize: size)
    }

    /// Inflates a whole-file-compressed CDF (CCR at 8) into the image of its uncompressed form.
    func inflateWholeFile() throws -> (CDFMemorySource, CDFCompression) {
        var ccr = try record(at: 8, [.ccr])
        let cprOffset = try ccr.offsetOrSize()
        let uncompressedSizeAt = ccr.position
        let uncompressedSize = try ccr.offsetOrSize()
        _ = try ccr.int32()   // rfuA
        let dataAt = ccr.position
        let compression = try self.compression(at: cprOffset)
        guard uncompressedSize >= 12, uncompressedSize <= Int64(readLimit) else {
            throw ccr.error("uncompressed size \(uncompressedSize) is outside 12…\(readLimit) (the read limit)", field: uncompressedSizeAt)
        }
        let inflated: [UInt8]
        do {
            if case .other = compression {
                let size = Int(uncompressedSize)
                var produced = 0
                inflated = try [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                    produced = try ccr.bytes[dataAt...].withUnsafeBytes { data in
                        try compression.decode(data, into: UnsafeMutableRawBufferPointer(buffer))
                    }
                    initialized = produced
                }
            } else {
                inflated = try GzipInflate.inflate(ccr.bytes[dataAt...], limit: Int(uncompressedSize))
            }
        } catch let failure as CDFDecodingError {
            throw ccr.error("\(compression.name) file data of \(ccr.bytes.count - dataAt) bytes: \(failure.message)", field: dataAt)
        }
        guard inflated.count == Int(uncompressedSize) else {
            throw ccr.error("file data inflates to \(inflated.count) bytes, the CCR says \(uncompressedSize)", field: uncompressedSizeAt)
        }
        return (CDFMemorySource(bytes: layout.magic + [0x00, 0x00, 0xFF, 0xFF] + inflated), compression)
    }

    func compression(at offset: Int64) throws -> CDFCompression {
        var cpr = try record(at: offset, [.cpr])
        let typeAt = cpr.position
        let type = try cpr.int32()
        _ = try cpr.int32()
        let count = try cpr.int32()
        let level = try cpr.int32()
        guard count == 1 else { throw cpr.error("parameter count \(count), expected 1", field: typeAt + 8) }
        if type == 5 {
            guard (0...9).contains(level) else { throw cpr.error("GZIP level \(level) is outside 0…9", field: typeAt + 12) }
            return .gzip(level: Int(level))
        }
        guard (1...3).contains(type) else { throw cpr.error("unknown compression type \(type)", field: typeAt) }
        return .other(code: type)
    }

    func header() throws -> Header {
        var cdr = try record(at: 8, [.cdr])
        let gdrOffset = try cdr.offsetOrSize()
        let versionAt = cdr.position
        let version = try cdr.int32()
        let release = try cdr.int32()
        let encodingCode = try cdr.int32()
        let flags = try cdr.int32()
        _ = try cdr.int32(); _ = try cdr.int32()
        let increment = try cdr.int32()
        guard version == (layout == .v3 ? 3 : 2) else {
            throw cdr.error("version \(version) in a file whose magic number says \(layout == .v3 ? 3 : 2)", field: versionAt)
        }
        guard let encoding = CDFFormat.byteOrder(ofEncoding: encodingCode) else {
            throw cdr.error("encoding \(encodingCode) is not an IEEE encoding this reader decodes", field: versionAt + 8)
        }
        guard flags & 2 != 0 else { throw cdr.error("a multi-file CDF (flags \(flags)) is not supported", field: versionAt + 12) }
        var gdr = try record(at: gdrOffset, [.gdr])
        let rVDRHead = try gdr.offsetOrSize()
        let zVDRHead = try gdr.offsetOrSize()
        let adrHead = try gdr.offsetOrSize()
        let eofAt = gdr.position
        let eof = try gdr.offsetOrSize()
        _ = try gdr.int32()   // NrVars: the chain is authoritative
        _ = try gdr.int32()   // NumAttr
        _ = try gdr.int32()   // rMaxRec
        let rNumDims = try gdr.count("rNumDims", limit: 10)
        _ = try gdr.int32()   // NzVars
        _ = try gdr.offsetOrSize()  // UIRhead: unused-space records hold nothing a reader needs
        _ = try gdr.int32(); _ = try gdr.int32(); _ = try gdr.int32()   // rfuC, leap-second date (v3) or rfuD, rfuE
        var rDimensions: [Int] = []
        for _ in 0..<rNumDims {
            let at = gdr.position
            let size = try gdr.int32()
            guard size >= 1 else { throw gdr.error("rDimSize \(size) is below 1", field: at) }
            rDimensions.append(Int(size))
        }
        guard eof >= 8, eof <= source.size else {
            throw gdr.error("eof \(eof) is outside the file (size \(source.size))", field: eofAt)
        }
        return Header(version: Int(version), release: Int(release), increment: Int(increment),
                      encodingCode: encodingCode, encoding: encoding, rowMajor: flags & 1 != 0,
                      md5: flags & 4 != 0, rVDRHead: rVDRHead, zVDRHead: zVDRHead, adrHead: adrHead, eof: eof,
                      rDimensions: rDimensions)
    }

    /// Follows a chain of records from `head` through the 8-byte next field at 12, refusing loops.
    func chain(from head: Int64, _ kind: CDFRecordKind, visit: (inout CDFFieldReader) throws -> Void) throws {
        var offset = head
        var seen: Set<Int64> = []
        while offset != 0 {
            guard seen.insert(offset).inserted else {
                throw error(at: offset, kind.name, "the \(kind.name) chain loops back to this record")
            }
            var reader = try record(at: offset, [kind])
            let next = try reader.offsetOrSize()
            try visit(&reader)
            offset = next
        }
    }

    func variables(_ header: Header) throws -> [ParsedVariable] {
        var result: [ParsedVariable] = []
        for (kind, head) in [(CDFRecordKind.rVDR, header.rVDRHead), (.zVDR, header.zVDRHead)] {
            var numbers: Set<Int> = []
            try chain(from: head, kind) { vdr in
                let variable = try self.variable(&vdr, header: header)
                guard numbers.insert(variable.info.number).inserted else {
                    throw vdr.error("variable number \(variable.info.number) appears twice")
                }
                result.append(variable)
            }
        }
        return result.sorted { ($0.info.kind == .r ? 0 : 1, $0.info.number) < ($1.info.kind == .r ? 0 : 1, $1.info.number) }
    }

    private func dataType(_ reader: inout CDFFieldReader) throws -> CDFDataType {
        let at = reader.position
        let code = try reader.int32()
        guard let type = CDFDataType(rawValue: code) else { throw reader.error("unknown data type \(code)", field: at) }
        return type
    }

    /// The product of `sizes`, or nil when it overflows or exceeds `limit`.
    static func boundedProduct(_ sizes: [Int], limit: Int) -> Int? {
        var product = 1
        for size in sizes {
            let (next, overflow) = product.multipliedReportingOverflow(by: size)
            guard !overflow, next <= limit else { return nil }
            product = next
        }
        return product
    }

    private func variable(_ vdr: inout CDFFieldReader, header: Header) throws -> ParsedVariable {
        let type = try dataType(&vdr)
        let maxRecAt = vdr.position
        let maxRec = try vdr.int32()
        guard maxRec >= -1 else { throw vdr.error("MaxRec \(maxRec) is below -1", field: maxRecAt) }
        let vxrHead = try vdr.offsetOrSize()
        _ = try vdr.offsetOrSize()  // VXRtail
        let flags = try vdr.int32()
        let sparseAt = vdr.position
        let sparse = try vdr.int32()
        guard (0...2).contains(sparse) else { throw vdr.error("unknown sparse-records type \(sparse)", field: sparseAt) }
        _ = try vdr.int32(); _ = try vdr.int32(); _ = try vdr.int32()
        let elementsAt = vdr.position
        let elements = try vdr.int32()
        guard elements >= 1, type.isString || elements == 1, Int(elements) <= readLimit / 16 else {
            throw vdr.error("NumElems \(elements) for \(type.name)", field: elementsAt)
        }
        let number = try vdr.count("variable number", limit: Int(Int32.max))
        let cprOffset = try vdr.offsetOrSize()
        let blocking = try vdr.int32()
        let nameAt = vdr.position
        let name = try vdr.name()
        guard !name.isEmpty else { throw vdr.error("empty variable name", field: nameAt) }
        let kind: CDFVariableKind = vdr.kind == .zVDR ? .z : .r
        var dimensions = header.rDimensions
        if kind == .z {
            let count = try vdr.count("zNumDims", limit: 10)
            dimensions = []
            for _ in 0..<count {
                let at = vdr.position
                let size = try vdr.int32()
                guard size >= 1 else { throw vdr.error("\(name): dimension size \(size) is below 1", field: at) }
                dimensions.append(Int(size))
            }
        }
        var varys: [Bool] = []
        for _ in dimensions { varys.append(try vdr.int32() != 0) }
        var info = CDFVariableInfo(name: name, kind: kind, number: number, type: type, elements: Int(elements),
                                   dimensions: dimensions, dimensionVarys: varys, recordVarying: flags & 1 != 0,
                                   maxRecord: Int(maxRec), pad: nil, compression: nil,
                                   blockingFactor: Int(max(blocking, 0)), sparseRecords: Int(sparse), attributes: [])
        // Record sizes are products of file fields: check them before anything multiplies them.
        let valueBytes = Int(elements) * type.size
        guard Self.boundedProduct(dimensions + [valueBytes], limit: readLimit) != nil else {
            throw vdr.error("\(name): a record of \(dimensions) × \(elements) \(type.name) exceeds the read limit \(readLimit)")
        }
        var pad = CDFDefaults.pad(type, elements: Int(elements)).encoded(header.encoding)
        if flags & 2 != 0 {
            pad = try vdr.raw(valueBytes)
            info.pad = CDFValues(decoding: pad, as: type, encoding: header.encoding)
        }
        if flags & 4 != 0 {
            info.compression = try compression(at: cprOffset)
        }
        let index = try self.index(from: vxrHead, variable: info)
        return ParsedVariable(info: info, index: index, pad: pad)
    }

    /// Flattens a variable's VXR tree into sorted leaves, clamped to MaxRec.
    func index(from head: Int64, variable: CDFVariableInfo) throws -> [CDFIndexEntry] {
        var leaves: [CDFIndexEntry] = []
        var seen: Set<Int64> = []
        try collect(head, depth: 0, into: &leaves, seen: &seen, variable: variable)
        leaves.sort { $0.first < $1.first }
        for (a, b) in zip(leaves, leaves.dropFirst()) where b.first <= a.last {
            throw error(at: b.offset, "VXR", "\(variable.name): records \(b.first)…\(b.last) overlap records \(a.first)…\(a.last)")
        }
        return leaves
    }

    private func collect(_ head: Int64, depth: Int, into leaves: inout [CDFIndexEntry], seen: inout Set<Int64>,
                         variable: CDFVariableInfo) throws {
        guard depth < 32 else { throw error(at: head, "VXR", "\(variable.name): index tree deeper than 32 levels") }
        var offset = head
        while offset != 0 {
            guard seen.insert(offset).inserted else {
                throw error(at: offset, "VXR", "\(variable.name): the index visits this VXR twice")
            }
            var vxr = try record(at: offset, [.vxr])
            let next = try vxr.offsetOrSize()
            let entriesAt = vxr.position + 8
            let capacity = try vxr.count("Nentries", limit: (vxr.bytes.count - entriesAt) / (8 + layout.offsetSize))
            let used = try vxr.count("NusedEntries", limit: capacity)
            var firsts: [Int32] = [], lasts: [Int32] = [], offsets: [Int64] = []
            for _ in 0..<capacity { firsts.append(try vxr.int32()) }
            for _ in 0..<capacity { lasts.append(try vxr.int32()) }
            for _ in 0..<capacity { offsets.append(try vxr.offsetOrSize()) }
            for slot in 0..<used {
                let first = Int(firsts[slot]), last = Int(lasts[slot]), target = offsets[slot]
                guard first >= 0, first <= last else {
                    throw vxr.error("\(variable.name): entry \(slot) covers records \(first)…\(last)", field: entriesAt + 4 * slot)
                }
                let child = try record(at: target, [.vvr, .cvvr, .vxr], prefix: 0)
                if child.kind == .vxr {
                    try collect(target, depth: depth + 1, into: &leaves, seen: &seen, variable: variable)
                    continue
                }
                // NASA's library preallocates records past MaxRec: readers see only 0…MaxRec.
                guard first <= variable.maxRecord else { continue }
                let visibleLast = min(last, variable.maxRecord)
                if child.kind == .vvr {
                    // The records a reader may ask for must lie inside the VVR.
                    let needed = (visibleLast - first + 1).multipliedReportingOverflow(by: variable.recordBytes)
                    guard !needed.overflow, Int64(needed.partialValue) <= child.recordSize - Int64(layout.headerSize) else {
                        throw error(at: target, "VVR", "\(variable.name): records \(first)…\(visibleLast) do not fit in a record of \(child.recordSize) bytes")
                    }
                }
                leaves.append(CDFIndexEntry(first: first, last: visibleLast, storedLast: last, offset: target,
                                            compressed: child.kind == .cvvr))
            }
            offset = next
        }
    }

    /// Reads every attribute and its entries; variable entries are kept in `variableEntries`.
    mutating func attributes(_ header: Header) throws -> [CDFAttributeInfo] {
        var result: [CDFAttributeInfo] = []
        var collected: [VariableKey: [(number: Int, attribute: CDFVariableAttribute)]] = [:]
        var numbers: Set<Int> = []
        try chain(from: header.adrHead, .adr) { adr in
            let grHead = try adr.offsetOrSize()
            let scopeAt = adr.position
            let scopeCode = try adr.int32()
            let number = try adr.count("attribute number", limit: Int(Int32.max))
            _ = try adr.int32(); _ = try adr.int32(); _ = try adr.int32()   // NgrEntries, MAXgrEntry, rfuA
            let zHead = try adr.offsetOrSize()
            _ = try adr.int32(); _ = try adr.int32(); _ = try adr.int32()   // NzEntries, MAXzEntry, rfuE
            let nameAt = adr.position
            let name = try adr.name()
            guard !name.isEmpty else { throw adr.error("empty attribute name", field: nameAt) }
            guard numbers.insert(number).inserted else {
                throw adr.error("attribute number \(number) appears twice", field: scopeAt + 4)
            }
            let scope: CDFAttributeScope
            switch scopeCode {
            case 1, 3: scope = .global
            case 2, 4: scope = .variable
            default: throw adr.error("\(name): scope \(scopeCode) is neither global nor variable", field: scopeAt)
            }
            var entries: [CDFAttributeEntry] = []
            for (kind, head) in [(CDFRecordKind.agrEDR, grHead), (.azEDR, zHead)] {
                try self.chain(from: head, kind) { aedr in
                    let entry = try self.entry(&aedr, encoding: header.encoding)
                    if scope == .global {
                        entries.append(entry)
                    } else {
                        let key = VariableKey(kind: kind == .azEDR ? .z : .r, number: entry.number)
                        collected[key, default: []].append((number, CDFVariableAttribute(name: name, entry: entry)))
                    }
                }
            }
            entries.sort { $0.number < $1.number }
            result.append(CDFAttributeInfo(name: name, number: number, scope: scope, entries: entries))
        }
        for (key, entries) in collected {
            variableEntries[key] = entries.sorted { $0.number < $1.number }.map(\.attribute)
        }
        return result.sorted { $0.number < $1.number }
    }

    private func entry(_ aedr: inout CDFFieldReader, encoding: CDFEncoding) throws -> CDFAttributeEntry {
        _ = try aedr.int32()   // AttrNum
        let type = try dataType(&aedr)
        let number = try aedr.count("entry number", limit: Int(Int32.max))
        let elementsAt = aedr.position
        let elements = try aedr.count("NumElems", limit: aedr.bytes.count)
        // NumStrings (v3) or rfuA, then rfuB…rfuE: the value follows.
        for _ in 0..<5 { _ = try aedr.int32() }
        let size = elements * type.size
        guard aedr.position + size <= aedr.bytes.count else {
            throw aedr.error("\(elements) \(type.name) elements run past the record's \(aedr.bytes.count) bytes", field: elementsAt)
        }
        return CDFAttributeEntry(number: number, value: CDFValues(decoding: try aedr.raw(size), as: type, encoding: encoding))
    }
}
