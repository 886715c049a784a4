#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a CDF v3 file (single-file, row-major, uncompressed) in a streaming fashion.
///
/// Records are appended in batches and go to disk in blocks as they arrive (a variable is never
/// held whole in memory); the descriptor records (variables, attributes, indexes) are written at
/// `close()`, after the data, and the file header is then patched to point at them. Everything is
/// written under a temporary name in the destination folder and renamed into place by `close()`,
/// so a reader never sees a partial file.
public final class CDFWriter {
    /// The final path.
    public let path: String
    public let encoding: CDFEncoding
    /// Bytes a variable buffers before they are written as one data record.
    public let blockBytes: Int

    private let temporaryPath: String
    private let fd: Int32
    private var end: Int64 = 0
    private var variables: [VariableState] = []
    private var globalAttributes: [(name: String, entries: [CDFValues])] = []
    private var variableAttributes: [(name: String, values: [Int: CDFValues])] = []
    private var closed = false

    /// One variable's definition and what has been written of it.
    private struct VariableState {
        let definition: CDFVariableDefinition
        var pending: [UInt8] = []
        var pendingFirstRecord = 0
        var recordsWritten = 0
        /// Data records on disk: first record, last record, file offset.
        var blocks: [(first: Int, last: Int, offset: Int64)] = []
    }

    /// Magic bytes for an uncompressed CDF v3 file.
    static let magic: [UInt8] = [0xCD, 0xF3, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF]
    static let cdrOffset: Int64 = 8, cdrSize = 312
    static let gdrOffset: Int64 = 320, gdrSize = 84
    /// VXR entries per index record, as NASA's library allocates them.
    static let entriesPerVXR = 10

    /// Starts a new file at `path` (replaced on `close()` if it exists).
    public init(path: String, encoding: CDFEncoding = .littleEndian, blockBytes: Int = 1 << 20) throws {
        self.path = path
        self.encoding = encoding
        self.blockBytes = blockBytes
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = (directory.isEmpty ? "" : directory + "/") + ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        fd = open(temporaryPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CDFError(path: path, "cannot create \(temporaryPath): \(String(cString: strerror(errno)))") }
        // Header space; filled in by close() once the descriptor records exist.
        try write(Self.magic + [UInt8](repeating: 0, count: Self.cdrSize + Self.gdrSize))
    }

    deinit {
        if !closed {
            Glibc.close(fd)
            unlink(temporaryPath)
        }
    }

    /// Defines a zVariable; call before appending records to it.
    public func define(_ definition: CDFVariableDefinition) throws -> CDFVariable {
        guard !definition.name.isEmpty, definition.name.utf8.count <= 256,
              definition.name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) else {
            throw CDFError(path: path, "variable name '\(definition.name)' must be 1–256 printable ASCII characters")
        }
        guard !variables.contains(where: { $0.definition.name == definition.name }) else {
            throw CDFError(path: path, "variable \(definition.name) is defined twice")
        }
        guard definition.elements >= 1, definition.type.isString || definition.elements == 1 else {
            throw CDFError(path: path, "variable \(definition.name): only CHAR and UCHAR take more than one element")
        }
        guard definition.dimensions.allSatisfy({ $0 >= 1 }) else {
            throw CDFError(path: path, "variable \(definition.name): dimension sizes must be at least 1")
        }
        if let pad = definition.pad {
            guard pad.type.size == definition.type.size, pad.count == definition.elements || pad.type.isString else {
                throw CDFError(path: path, "variable \(definition.name): pad value does not match \(definition.type.name)")
            }
        }
        variables.append(VariableState(definition: definition))
        return CDFVariable(number: variables.count - 1)
    }

    /// Sets a global attribute with one entry per value (entries numbered from 0).
    public func setGlobalAttribute(_ name: String, _ entries: [CDFValues]) {
        if let index = globalAttributes.firstIndex(where: { $0.name == name }) {
            globalAttributes[index].entries = entries
        } else {
            globalAttributes.append((name, entries))
        }
    }

    /// Sets a variable attribute's entry for `variable`.
    public func setAttribute(_ name: String, of variable: CDFVariable, _ value: CDFValues) {
        if let index = variableAttributes.firstIndex(where: { $0.name == name }) {
            variableAttributes[index].values[variable.number] = value
        } else {
            variableAttributes.append((name, [variable.number: value]))
        }
    }

    /// Appends whole records of raw values already in the file's encoding.
    public func append(encoded bytes: UnsafeRawBufferPointer, to variable: CDFVariable) throws {
        let definition = variables[variable.number].definition
        guard bytes.count % definition.recordBytes == 0 else {
            throw CDFError(path: path, "variable \(definition.name): \(bytes.count) bytes is not a whole number of \(definition.recordBytes)-byte records")
        }
        let records = bytes.count / definition.recordBytes
        guard definition.recordVarying || variables[variable.number].recordsWritten + records <= 1 else {
            throw CDFError(path: path, "variable \(definition.name) does not vary by record: it holds one record")
        }
        variables[variable.number].pending.append(contentsOf: bytes)
        variables[variable.number].recordsWritten += records
        if variables[variable.number].pending.count >= blockBytes { try flush(variable.number) }
    }

    /// Appends records of numbers; the count must fill whole records.
    public func append<T: FixedWidthInteger>(_ values: [T], to variable: CDFVariable) throws {
        try check(T.self, MemoryLayout<T>.size, variable)
        try appendSwappingIfNeeded(values, to: variable) { $0.byteSwapped }
    }

    /// Appends records of 4-byte floats (REAL4, FLOAT).
    public func append(_ values: [Float], to variable: CDFVariable) throws {
        try check(Float.self, 4, variable)
        try appendSwappingIfNeeded(values, to: variable) { Float(bitPattern: $0.bitPattern.byteSwapped) }
    }

    /// Appends records of 8-byte floats (REAL8, DOUBLE, EPOCH).
    public func append(_ values: [Double], to variable: CDFVariable) throws {
        try check(Double.self, 8, variable)
        try appendSwappingIfNeeded(values, to: variable) { Double(bitPattern: $0.bitPattern.byteSwapped) }
    }

    /// Appends records of strings (CHAR, UCHAR), each space-padded or cut to the variable's length.
    public func append(strings: [String], to variable: CDFVariable) throws {
        let definition = variables[variable.number].definition
        guard definition.type.isString else {
            throw CDFError(path: path, "variable \(definition.name) is \(definition.type.name), not a string type")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(strings.count * definition.elements)
        for string in strings {
            let utf8 = Array(string.utf8.prefix(definition.elements))
            bytes += utf8 + [UInt8](repeating: 0x20, count: definition.elements - utf8.count)
        }
        try bytes.withUnsafeBytes { try append(encoded: $0, to: variable) }
    }

    private func check<T>(_: T.Type, _ size: Int, _ variable: CDFVariable) throws {
        let definition = variables[variable.number].definition
        guard !definition.type.isString, definition.type.size == size else {
            throw CDFError(path: path, "variable \(definition.name) is \(definition.type.name), not \(T.self) values")
        }
    }

    private func appendSwappingIfNeeded<T>(_ values: [T], to variable: CDFVariable, swap: (T) -> T) throws {
        let hostIsLittle = 1.littleEndian == 1
        if (encoding == .littleEndian) == hostIsLittle {
            try values.withUnsafeBytes { try append(encoded: $0, to: variable) }
        } else {
            try values.map(swap).withUnsafeBytes { try append(encoded: $0, to: variable) }
        }
    }

    /// Writes a variable's pending records as one VVR.
    private func flush(_ number: Int) throws {
        let state = variables[number]
        guard !state.pending.isEmpty else { return }
        let records = state.pending.count / state.definition.recordBytes
        var header = RecordBytes(type: 7, size: 12 + state.pending.count)
        let offset = end
        header.raw(state.pending)
        try write(header.bytes)
        variables[number].blocks.append((state.pendingFirstRecord, state.pendingFirstRecord + records - 1, offset))
        variables[number].pendingFirstRecord += records
        variables[number].pending.removeAll(keepingCapacity: true)
    }

    /// Writes the descriptor records, the header, syncs and renames the file into place.
    public func close() throws {
        guard !closed else { return }
        for number in variables.indices { try flush(number) }
        let vdrOffsets = try writeVariableDescriptors()
        let adrHead = try writeAttributes()
        let eof = end
        try writeHeader(zVDRHead: vdrOffsets.first ?? 0, adrHead: adrHead, eof: eof)
        guard fsync(fd) == 0 else { throw CDFError(path: path, "fsync failed: \(String(cString: strerror(errno)))") }
        Glibc.close(fd)
        closed = true
        guard rename(temporaryPath, path) == 0 else {
            unlink(temporaryPath)
            throw CDFError(path: path, "cannot rename into place: \(String(cString: strerror(errno)))")
        }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let dirFD = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY)
        if dirFD >= 0 { fsync(dirFD); Glibc.close(dirFD) }
    }

    /// Writes each variable's VXRs then all zVDRs, chained in variable order; returns the VDR offsets.
    private func writeVariableDescriptors() throws -> [Int64] {
        var vxrHeads: [(head: Int64, tail: Int64)] = []
        for state in variables {
            vxrHeads.append(try writeIndex(state.blocks))
        }
        // VDR sizes are known up front, so each VDR can name the next before it is written.
        let sizes = variables.map { vdrSize($0.definition) }
        var offsets: [Int64] = []
        var offset = end
        for size in sizes { offsets.append(offset); offset += Int64(size) }
        for (number, state) in variables.enumerated() {
            let d = state.definition
            var r = RecordBytes(type: 8, size: sizes[number])
            r.int64(number + 1 < offsets.count ? offsets[number + 1] : 0)
            r.int32(d.type.rawValue)
            r.int32(Int32(state.recordsWritten - 1))
            r.int64(vxrHeads[number].head)
            r.int64(vxrHeads[number].tail)
            r.int32((d.recordVarying ? 1 : 0) | (d.pad != nil ? 2 : 0))
            r.int32(0)            // sRecords
            r.int32(0)            // rfuB
            r.int32(-1)           // rfuC
            r.int32(-1)           // rfuF
            r.int32(Int32(d.elements))
            r.int32(Int32(number))
            r.int64(-1)           // CPR/SPR offset: none
            r.int32(0)            // blocking factor
            r.name(d.name)
            r.int32(Int32(d.dimensions.count))
            for size in d.dimensions { r.int32(Int32(size)) }
            for _ in d.dimensions { r.int32(-1) }   // every dimension varies
            if let pad = d.pad { r.raw(padBytes(pad, d)) }
            try write(r.bytes)
        }
        return offsets
    }

    private func vdrSize(_ d: CDFVariableDefinition) -> Int {
        344 + 8 * d.dimensions.count + (d.pad != nil ? d.elements * d.type.size : 0)
    }

    private func padBytes(_ pad: CDFValues, _ d: CDFVariableDefinition) -> [UInt8] {
        var bytes = pad.encoded(encoding)
        if d.type.isString {
            bytes = Array(bytes.prefix(d.elements)) + [UInt8](repeating: 0x20, count: max(0, d.elements - bytes.count))
        }
        return bytes
    }

    /// Writes VXRs of up to ten entries, chained, for a variable's data records.
    private func writeIndex(_ blocks: [(first: Int, last: Int, offset: Int64)]) throws -> (head: Int64, tail: Int64) {
        guard !blocks.isEmpty else { return (0, 0) }
        let chunks = stride(from: 0, to: blocks.count, by: Self.entriesPerVXR).map {
            Array(blocks[$0..<min($0 + Self.entriesPerVXR, blocks.count)])
        }
        let size = 28 + 16 * Self.entriesPerVXR
        let head = end
        for (index, chunk) in chunks.enumerated() {
            var r = RecordBytes(type: 6, size: size)
            r.int64(index + 1 < chunks.count ? end + Int64(size) : 0)
            r.int32(Int32(Self.entriesPerVXR))
            r.int32(Int32(chunk.count))
            for slot in 0..<Self.entriesPerVXR { r.int32(slot < chunk.count ? Int32(chunk[slot].first) : -1) }
            for slot in 0..<Self.entriesPerVXR { r.int32(slot < chunk.count ? Int32(chunk[slot].last) : -1) }
            for slot in 0..<Self.entriesPerVXR { r.int64(slot < chunk.count ? chunk[slot].offset : -1) }
            try write(r.bytes)
        }
        return (head, end - Int64(size))
    }

    /// Writes every ADR with its entries, global attributes first; returns the first ADR's offset.
    private func writeAttributes() throws -> Int64 {
        let all: [(name: String, global: Bool, entries: [(number: Int, value: CDFValues)])] =
            globalAttributes.map { ($0.name, true, $0.entries.enumerated().map { ($0.offset, $0.element) }) }
            + variableAttributes.map { ($0.name, false, $0.values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) }
        guard !all.isEmpty else { return 0 }
        var head: Int64 = 0
        var previousADR: Int64 = -1
        for (number, attribute) in all.enumerated() {
            // Entries first, so the ADR can point at them.
            var entryOffsets: [Int64] = []
            var offset = end
            let sizes = attribute.entries.map { 56 + $0.value.encoded(encoding).count }
            for size in sizes { entryOffsets.append(offset); offset += Int64(size) }
            for (index, entry) in attribute.entries.enumerated() {
                let value = entry.value.encoded(encoding)
                var r = RecordBytes(type: attribute.global ? 5 : 9, size: sizes[index])
                r.int64(index + 1 < entryOffsets.count ? entryOffsets[index + 1] : 0)
                r.int32(Int32(number))
                r.int32(entry.value.type.rawValue)
                r.int32(Int32(entry.number))
                r.int32(Int32(entry.value.count))
                r.int32(entry.value.type.isString ? 1 : 0)
                r.int32(0); r.int32(0); r.int32(-1); r.int32(-1)
                r.raw(value)
                try write(r.bytes)
            }
            let adr = end
            var r = RecordBytes(type: 4, size: 324)
            r.int64(0)   // ADRnext, patched when the next ADR is written
            let count = Int32(attribute.entries.count)
            let maxEntry = Int32(attribute.entries.map(\.number).max() ?? -1)
            r.int64(attribute.global ? (entryOffsets.first ?? 0) : 0)
            r.int32(attribute.global ? 1 : 2)
            r.int32(Int32(number))
            r.int32(attribute.global ? count : 0)
            r.int32(attribute.global ? maxEntry : -1)
            r.int32(0)
            r.int64(attribute.global ? 0 : (entryOffsets.first ?? 0))
            r.int32(attribute.global ? 0 : count)
            r.int32(attribute.global ? -1 : maxEntry)
            r.int32(-1)
            r.name(attribute.name)
            try write(r.bytes)
            if previousADR >= 0 { try patch(int64: adr, at: previousADR + 12) } else { head = adr }
            previousADR = adr
        }
        return head
    }

    private func writeHeader(zVDRHead: Int64, adrHead: Int64, eof: Int64) throws {
        var cdr = RecordBytes(type: 1, size: Self.cdrSize)
        cdr.int64(Self.gdrOffset)
        cdr.int32(3)                       // version
        cdr.int32(9)                       // release
        cdr.int32(encoding.rawValue)
        cdr.int32(0b11)                    // row-major, single file
        cdr.int32(0); cdr.int32(0)
        cdr.int32(0)                       // increment
        cdr.int32(-1); cdr.int32(-1)
        cdr.name("Common Data Format (CDF)\nhttps://cdf.gsfc.nasa.gov\nWritten by Ferry")
        var gdr = RecordBytes(type: 2, size: Self.gdrSize)
        gdr.int64(0)                       // rVDR head: no rVariables
        gdr.int64(zVDRHead)
        gdr.int64(adrHead)
        gdr.int64(eof)
        gdr.int32(0)                       // NrVars
        gdr.int32(Int32(globalAttributes.count + variableAttributes.count))
        gdr.int32(-1)                      // rMaxRec
        gdr.int32(0)                       // rNumDims
        gdr.int32(Int32(variables.count))
        gdr.int64(0)                       // UIR head
        gdr.int32(0)
        gdr.int32(20170101)                // leap second table last updated
        gdr.int32(-1)
        try pwriteAll(Self.magic + cdr.bytes + gdr.bytes, at: 0)
    }

    private func patch(int64 value: Int64, at offset: Int64) throws {
        try withUnsafeBytes(of: value.bigEndian) { try pwriteAll(Array($0), at: offset) }
    }

    private func write(_ bytes: [UInt8]) throws {
        try pwriteAll(bytes, at: end)
        end += Int64(bytes.count)
    }

    private func pwriteAll(_ bytes: [UInt8], at offset: Int64) throws {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(offset) + off_t(done)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CDFError(path: path, "write failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
}
