#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Dispatch
import DurableFiles

/// Writes a CDF v3 file (single-file; row-major unless the options say otherwise) in a streaming fashion.
///
/// Records are appended in batches and go to disk in blocks as they arrive (a variable is never
/// held whole in memory); the descriptor records (variables, attributes, indexes) are written at
/// `close()`, after the data, and the file header is then patched to point at them. Everything is
/// written under a temporary name in the destination folder and renamed into place by `close()`,
/// so a reader never sees a partial file. Variables may be GZIP-compressed block by block (blocks are
/// compressed in parallel, a bounded batch at a time); the whole file may be compressed and checksummed.
///
/// This type decides what goes where in the file; how each internal record is encoded (CDR, GDR,
/// zVDR, VXR, VVR and CVVR headers, ADR, AgrEDR/AzEDR, CPR, CCR) lives in `Writing/`, one record
/// kind per file.
public final class CDFWriter {
    /// The final path.
    public let path: String
    public let encoding: CDFEncoding
    /// Bytes a variable buffers before they are written as one data record.
    public let blockBytes: Int
    /// Whole-file compression and checksum.
    public let options: CDFFileOptions

    /// The file being written; it appears under `path` only when `close()` commits it.
    private let image: DurableFile
    private var fd: Int32 { image.descriptor }
    private var end: Int64 = 0
    private var variables: [VariableState] = []
    /// Attributes in the order they were first named (their attribute numbers): global ones with
    /// entries keyed by entry number, variable ones keyed by variable number.
    private var attributes: [(name: String, global: Bool, entries: [Int: CDFValues])] = []
    private var closed = false
    /// Why `close()` failed, if it did.
    private var failure: (any Error)?
    /// Compresses GZIP variables' blocks on every core while appends go on.
    private let compressor = BlockCompressor(capacity: 4 * max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    /// One variable's definition and what has been written of it.
    private struct VariableState {
        let definition: CDFVariableDefinition
        /// Bytes of one record, and of one compressed block (nil when uncompressed), computed once:
        /// every append needs them, and an append may be a single record.
        let recordBytes: Int
        let compressedBlockBytes: Int?
        var pending: [UInt8] = []
        var pendingFirstRecord = 0
        var recordsWritten = 0
        /// Data records on disk, in record order: the entries of the variable's index.
        var blocks: [CDFBlockEntry] = []

        init(definition: CDFVariableDefinition) {
            self.definition = definition
            recordBytes = definition.recordBytes
            if case .gzip = definition.compression {
                compressedBlockBytes = definition.effectiveBlockingFactor * definition.recordBytes
            } else {
                compressedBlockBytes = nil
            }
        }
    }

    /// Compressed blocks gathered before one parallel compression pass: enough to keep every core
    /// busy, few enough to bound memory.
    static let blocksPerBatch = max(2, 2 * Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Magic bytes for an uncompressed CDF v3 file.
    static let magic: [UInt8] = [0xCD, 0xF3, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF]
    /// Magic bytes for a whole-file-compressed CDF v3 file.
    static let compressedMagic: [UInt8] = [0xCD, 0xF3, 0x00, 0x01, 0xCC, 0xCC, 0x00, 0x01]

    /// Starts a new file at `path` (replaced on `close()` if it exists).
    public init(path: String, encoding: CDFEncoding = .littleEndian, blockBytes: Int = 1 << 20,
                options: CDFFileOptions = .init()) throws {
        self.path = path
        self.encoding = encoding
        self.blockBytes = blockBytes
        self.options = options
        switch options.compression {
        case nil: break
        case let .gzip(level)?:
            guard (1...9).contains(level) else { throw CDFError(path: path, "file GZIP level \(level) is not 1–9") }
        case let other?:
            throw CDFError(path: path, "\(other.name) file compression is read, not written; use gzip")
        }
        guard CDFDeflateEngine.isAvailable(options.deflateEngine) else {
            throw CDFError(path: path, "\(options.deflateEngine) is not installed on this machine; use zlib")
        }
        if let code = options.encodingCode, CDFFormat.byteOrder(ofEncoding: code) != encoding {
            throw CDFError(path: path, "encoding code \(code) is not a \(encoding) IEEE encoding")
        }
        image = try Self.durableFile(path)
        // Header space; filled in by close() once the descriptor records exist.
        try write(Self.magic + [UInt8](repeating: 0, count: CDRRecord.size + GDRRecord.size))
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
        guard definition.dimensions.allSatisfy({ $0 >= 1 }), definition.dimensions.count <= 10 else {
            throw CDFError(path: path, "variable \(definition.name): dimension sizes must be at least 1 (at most 10 dimensions)")
        }
        if let varys = definition.dimensionVarys, varys.count != definition.dimensions.count {
            throw CDFError(path: path, "variable \(definition.name): \(varys.count) dimension variances for \(definition.dimensions.count) dimensions")
        }
        switch definition.compression {
        case nil: break
        case let .gzip(level)?:
            guard (1...9).contains(level) else {
                throw CDFError(path: path, "variable \(definition.name): GZIP level \(level) is not 1–9")
            }
        case let other?:
            throw CDFError(path: path, "variable \(definition.name): \(other.name) compression is read, not written; use gzip")
        }
        guard definition.blockingFactor >= 0 else {
            throw CDFError(path: path, "variable \(definition.name): blocking factor must not be negative")
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
        let index = attributeIndex(name, global: true)
        attributes[index].entries = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($0.offset, $0.element) })
    }

    /// Sets one entry of a global attribute (entry numbers need not be contiguous).
    public func setGlobalAttributeEntry(_ name: String, number: Int, _ value: CDFValues) {
        attributes[attributeIndex(name, global: true)].entries[number] = value
    }

    /// Declares an attribute (fixing its number) before or without any entry.
    public func declareAttribute(_ name: String, global: Bool) {
        _ = attributeIndex(name, global: global)
    }

    /// Sets a variable attribute's entry for `variable`.
    public func setAttribute(_ name: String, of variable: CDFVariable, _ value: CDFValues) {
        attributes[attributeIndex(name, global: false)].entries[variable.number] = value
    }

    private func attributeIndex(_ name: String, global: Bool) -> Int {
        if let index = attributes.firstIndex(where: { $0.name == name }) { return index }
        attributes.append((name, global, [:]))
        return attributes.count - 1
    }

    /// Appends whole records of raw values already in the file's encoding.
    public func append(encoded bytes: UnsafeRawBufferPointer, to variable: CDFVariable) throws {
        let recordBytes = variables[variable.number].recordBytes
        guard bytes.count % recordBytes == 0 else {
            throw CDFError(path: path, "variable \(variables[variable.number].definition.name): \(bytes.count) bytes is not a whole number of \(recordBytes)-byte records")
        }
        let records = bytes.count / recordBytes
        guard variables[variable.number].definition.recordVarying || variables[variable.number].recordsWritten + records <= 1 else {
            throw CDFError(path: path, "variable \(variables[variable.number].definition.name) does not vary by record: it holds one record")
        }
        if variables[variable.number].compressedBlockBytes == nil, variables[variable.number].pending.isEmpty, bytes.count >= blockBytes {
            // A batch of a block or more goes straight to disk, without a copy through the buffer.
            try writeVVR(variable.number, bytes)
            variables[variable.number].recordsWritten += records
            return
        }
        variables[variable.number].recordsWritten += records
        if let block = variables[variable.number].compressedBlockBytes {
            try appendCompressed(variable.number, bytes, blockSize: block)
            return
        }
        variables[variable.number].pending.append(contentsOf: bytes)
        if variables[variable.number].pending.count >= blockBytes { try flush(variable.number) }
    }

    /// Buffers a compressed variable's bytes up to whole blocks; whole blocks of a large batch are
    /// compressed straight from the caller's memory, small appends gather until a batch of blocks
    /// is ready, so that every core has a block to compress.
    private func appendCompressed(_ number: Int, _ input: UnsafeRawBufferPointer, blockSize: Int) throws {
        var rest = input
        if !variables[number].pending.isEmpty {
            if rest.count < blockSize {
                // A small append: gather until a batch of whole blocks is ready.
                variables[number].pending.append(contentsOf: rest)
                let whole = variables[number].pending.count / blockSize
                if whole >= Self.blocksPerBatch { try writePendingBlocks(number, whole: whole, blockSize: blockSize) }
                return
            }
            // A large append: complete the pending block, write what is pending, then go direct.
            let partial = variables[number].pending.count % blockSize
            let take = partial == 0 ? 0 : blockSize - partial
            variables[number].pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[0..<take]))
            rest = UnsafeRawBufferPointer(rebasing: rest[take...])
            try writePendingBlocks(number, whole: variables[number].pending.count / blockSize, blockSize: blockSize)
        }
        let whole = rest.count / blockSize
        if whole > 0 { try writeCompressedBlocks(number, UnsafeRawBufferPointer(rebasing: rest[0..<whole * blockSize]), blockSize: blockSize) }
        variables[number].pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[(whole * blockSize)...]))
    }

    /// Writes the first `whole` blocks of a variable's pending bytes and drops them from the buffer.
    private func writePendingBlocks(_ number: Int, whole: Int, blockSize: Int) throws {
        guard whole > 0 else { return }
        do {
            // A copy of the array value (no bytes copied) keeps the buffer alive while blocks are indexed.
            let pending = variables[number].pending
            try pending.withUnsafeBytes { try writeCompressedBlocks(number, UnsafeRawBufferPointer(rebasing: $0[0..<whole * blockSize]), blockSize: blockSize) }
        }
        variables[number].pending.removeFirst(whole * blockSize)
    }

    /// Appends records given as typed values (any type, EPOCH16 and UCHAR included).
    public func append(values: CDFValues, to variable: CDFVariable) throws {
        let definition = variables[variable.number].definition
        guard values.type.size == definition.type.size, values.type.isString == definition.type.isString else {
            throw CDFError(path: path, "variable \(definition.name) is \(definition.type.name), not \(values.type.name) values")
        }
        try values.encoded(encoding).withUnsafeBytes { try append(encoded: $0, to: variable) }
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
        let type = variables[variable.number].definition.type
        guard !type.isString, type.size == size else {
            throw CDFError(path: path, "variable \(variables[variable.number].definition.name) is \(type.name), not \(T.self) values")
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

    /// Hands `source` (whole blocks, the last one possibly short) to the compressor block by block,
    /// writing the blocks it has finished in between.
    private func writeCompressedBlocks(_ number: Int, _ source: UnsafeRawBufferPointer, blockSize: Int) throws {
        guard case let .gzip(level) = variables[number].definition.compression else { return }
        let recordBytes = variables[number].recordBytes
        var start = 0
        while start < source.count {
            let raw = Array(source[start..<min(start + blockSize, source.count)])
            let records = raw.count / recordBytes
            let first = variables[number].pendingFirstRecord
            variables[number].pendingFirstRecord += records
            compressor.submit(variable: number, first: first, records: records, raw: raw, level: level,
                              engine: options.deflateEngine)
            try writeFinishedBlocks()
            start += blockSize
        }
    }

    /// Writes the blocks the compressor has finished, in the order they were given to it, as
    /// CVVRs (or as VVRs where GZIP did not shrink a block), indexing each.
    private func writeFinishedBlocks() throws {
        for block in compressor.takeFinished() {
            let compressed = try block.compressed.get()
            let offset = end
            if compressed.count < block.raw.count {
                try write(CVVRHeader(compressedCount: compressed.count).bytes)
                try pwriteAll(compressed, at: end)
                end += Int64(compressed.count)
            } else {
                try write(VVRHeader(bodyCount: block.raw.count).bytes)
                try pwriteAll(block.raw, at: end)
                end += Int64(block.raw.count)
            }
            variables[block.variable].blocks.append(CDFBlockEntry(first: block.first, last: block.first + block.records - 1,
                                                                  offset: offset))
        }
    }

    /// Writes a variable's pending records as one VVR.
    private func flush(_ number: Int) throws {
        let state = variables[number]
        guard !state.pending.isEmpty else { return }
        if let blockSize = state.compressedBlockBytes {
            try state.pending.withUnsafeBytes { try writeCompressedBlocks(number, $0, blockSize: blockSize) }
            variables[number].pending.removeAll()
            return
        }
        try state.pending.withUnsafeBytes { try writeVVR(number, $0) }
        variables[number].pending.removeAll(keepingCapacity: true)
    }

    /// Writes whole records as one VVR (header, then the bytes as they are) and indexes it.
    private func writeVVR(_ number: Int, _ body: UnsafeRawBufferPointer) throws {
        let records = body.count / variables[number].recordBytes
        let first = variables[number].pendingFirstRecord
        let offset = end
        try write(VVRHeader(bodyCount: body.count).bytes)
        try pwriteAll(body, at: end)
        end += Int64(body.count)
        variables[number].blocks.append(CDFBlockEntry(first: first, last: first + records - 1, offset: offset))
        variables[number].pendingFirstRecord += records
    }

    /// Writes the descriptor records, the header (and with the options, the compressed image and
    /// the MD5), syncs and renames the file into place. Once it has failed, the file is abandoned
    /// and every later call throws the same error.
    public func close() throws {
        if let failure { throw failure }
        guard !closed else { return }
        do {
            try finish()
        } catch {
            failure = error
            image.discard()
            throw error
        }
        closed = true
    }

    private func finish() throws {
        for number in variables.indices { try flush(number) }
        compressor.waitForAll()
        try writeFinishedBlocks()
        let vdrOffsets = try writeVariableDescriptors()
        let adrHead = try writeAttributes()
        let eof = end
        try writeHeader(zVDRHead: vdrOffsets.first ?? 0, adrHead: adrHead, eof: eof)
        if case let .gzip(level) = options.compression {
            // The whole file compressed is a second durable file; the uncompressed image is scratch.
            let compressed = try Self.durableFile(path)
            try writeCompressedImage(to: compressed.descriptor, level: level, imageLength: eof)
            try Self.commit(compressed, path)
            image.discard()
        } else {
            if options.md5 { try pwriteAll(try md5(of: fd, length: eof), at: eof) }
            try Self.commit(image, path)
        }
    }

    /// A ``DurableFile`` for `path`, its failure as a ``CDFError``.
    private static func durableFile(_ path: String) throws -> DurableFile {
        do {
            return try DurableFile(destination: path)
        } catch {
            throw CDFError(path: path, "cannot create \(error.path): \(error.reason)")
        }
    }

    /// Syncs and renames `file` into place, its failure as a ``CDFError``.
    private static func commit(_ file: DurableFile, _ path: String) throws {
        do {
            try file.commit()
        } catch {
            throw CDFError(path: path, "\(error.operation) failed: \(error.reason)")
        }
    }

    /// The MD5 of the first `length` bytes of `file`, read back in 1 MiB chunks.
    private func md5(of file: Int32, length: Int64) throws -> [UInt8] {
        var digest = Insecure.MD5()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: Int64 = 0
        while offset < length {
            let want = Int(min(Int64(buffer.count), length - offset))
            let n = buffer.withUnsafeMutableBytes { pread(file, $0.baseAddress!, want, off_t(offset)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw CDFError(path: path, "read back failed at \(offset): \(String(cString: strerror(errno)))") }
            buffer.withUnsafeBytes { digest.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            offset += Int64(n)
        }
        return Array(digest.finalize())
    }

    /// Writes the compressed form of the finished image: magic, a CCR holding the gzip of every byte
    /// after the magic, a CPR, and optionally the MD5 of all that.
    private func writeCompressedImage(to out: Int32, level: Int, imageLength: Int64) throws {
        var outEnd: Int64 = 0
        func put(_ bytes: [UInt8]) throws {
            try pwriteAll(bytes, at: outEnd, fd: out)
            outEnd += Int64(bytes.count)
        }
        try put(Self.compressedMagic)
        try put([UInt8](repeating: 0, count: CCRRecord.headerSize))   // filled in below
        let gzip = try GzipStream(level: level)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: Int64 = 8
        while offset < imageLength {
            let want = Int(min(Int64(buffer.count), imageLength - offset))
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, want, off_t(offset)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw CDFError(path: path, "read back failed at \(offset)") }
            offset += Int64(n)
            try buffer.withUnsafeBytes { try gzip.feed(UnsafeRawBufferPointer(rebasing: $0[0..<n]), finish: offset >= imageLength, sink: put) }
        }
        if imageLength <= 8 { try gzip.feed(UnsafeRawBufferPointer(start: nil, count: 0), finish: true, sink: put) }
        let cprOffset = outEnd
        try put(CPRRecord(level: level).bytes)
        try pwriteAll(CCRRecord(cprOffset: cprOffset, uncompressedSize: imageLength - 8).headerBytes, at: 8, fd: out)
        if options.md5 { try put(try md5(of: out, length: outEnd)) }
    }

    /// Writes each variable's CPR and VXRs then all zVDRs, chained in variable order; returns the VDR offsets.
    private func writeVariableDescriptors() throws -> [Int64] {
        var vxrHeads: [(head: Int64, tail: Int64)] = []
        var cprOffsets: [Int64?] = []
        for state in variables {
            if case let .gzip(level) = state.definition.compression {
                cprOffsets.append(end)
                try write(CPRRecord(level: level).bytes)
            } else {
                cprOffsets.append(nil)
            }
            let index = VXRTree(indexing: state.blocks, at: end)
            try write(index.bytes)
            vxrHeads.append((index.head, index.tail))
        }
        // VDR sizes are known up front, so each VDR can name the next before it is written.
        var offsets: [Int64] = []
        var offset = end
        for state in variables { offsets.append(offset); offset += Int64(ZVDRRecord.size(of: state.definition)) }
        for (number, state) in variables.enumerated() {
            try write(ZVDRRecord(definition: state.definition, number: number,
                                 next: number + 1 < offsets.count ? offsets[number + 1] : 0,
                                 recordsWritten: state.recordsWritten, vxrHead: vxrHeads[number].head,
                                 vxrTail: vxrHeads[number].tail, cprOffset: cprOffsets[number], encoding: encoding).bytes)
        }
        return offsets
    }

    /// Writes every ADR with its entries, global attributes first; returns the first ADR's offset.
    private func writeAttributes() throws -> Int64 {
        let all: [(name: String, global: Bool, entries: [(number: Int, value: CDFValues)])] =
            attributes.map { ($0.name, $0.global, $0.entries.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }) }
        guard !all.isEmpty else { return 0 }
        var head: Int64 = 0
        var previousADR: Int64 = -1
        for (number, attribute) in all.enumerated() {
            // Entries first, so the ADR can point at them; their sizes are known up front, so each
            // entry can name the next before it is written.
            let encodedValues = attribute.entries.map { AEDRRecord.encodedValue($0.value, encoding) }
            var entryOffsets: [Int64] = []
            var offset = end
            for value in encodedValues {
                entryOffsets.append(offset)
                offset += Int64(AEDRRecord.size(encodedCount: value.count))
            }
            for (index, entry) in attribute.entries.enumerated() {
                try write(AEDRRecord(global: attribute.global, attributeNumber: number, entryNumber: entry.number,
                                     value: entry.value, encoded: encodedValues[index],
                                     next: index + 1 < entryOffsets.count ? entryOffsets[index + 1] : 0).bytes)
            }
            let adr = end
            try write(ADRRecord(name: attribute.name, number: number, global: attribute.global,
                                entryHead: entryOffsets.first ?? 0, entryCount: attribute.entries.count,
                                maxEntry: attribute.entries.map(\.number).max() ?? -1).bytes)
            if previousADR >= 0 { try patch(int64: adr, at: previousADR + ADRRecord.nextFieldOffset) } else { head = adr }
            previousADR = adr
        }
        return head
    }

    private func writeHeader(zVDRHead: Int64, adrHead: Int64, eof: Int64) throws {
        let cdr = CDRRecord(encodingCode: options.encodingCode ?? encoding.rawValue, rowMajor: options.rowMajor, md5: options.md5)
        let gdr = GDRRecord(zVDRHead: zVDRHead, adrHead: adrHead, eof: eof, attributeCount: attributes.count,
                            zVariableCount: variables.count)
        try pwriteAll(Self.magic + cdr.bytes + gdr.bytes, at: 0)
    }

    private func patch(int64 value: Int64, at offset: Int64) throws {
        try withUnsafeBytes(of: value.bigEndian) { try pwriteAll(Array($0), at: offset) }
    }

    private func write(_ bytes: [UInt8]) throws {
        try pwriteAll(bytes, at: end)
        end += Int64(bytes.count)
    }

    private func pwriteAll(_ bytes: [UInt8], at offset: Int64, fd: Int32? = nil) throws {
        try bytes.withUnsafeBytes { try pwriteAll($0, at: offset, fd: fd) }
    }

    private func pwriteAll(_ bytes: UnsafeRawBufferPointer, at offset: Int64, fd: Int32? = nil) throws {
        let target = fd ?? self.fd
        var done = 0
        while done < bytes.count {
            let n = pwrite(target, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw CDFError(path: path, "write failed: \(String(cString: strerror(errno)))")
            }
            done += n
        }
    }
}
