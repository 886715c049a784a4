import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a tar archive pushed in as chunks of bytes and lists its entries with the SHA-256 of each
/// one's data and of the whole input: to verify an archive against the summary its writer gave.
///
/// Understands ustar, pax extended headers (`path`, `size`) and GNU long names (`L`); refuses a header
/// whose checksum does not match and an input that ends before the end-of-archive marker (two zero
/// blocks). After an error the reader is spent. Not thread-safe: feed it from one thread.
public final class TarArchiveReader {
    /// What the bytes at the current position are.
    private enum State {
        case header
        case data(remaining: Int)
        case padding(remaining: Int)
        case afterEndMarker
    }

    /// What the data of the current entry is for.
    private enum Payload {
        case member(path: String, typeflag: UInt8)
        case paxRecords([UInt8])
        case longName([UInt8])
        case skipped
    }

    /// Extended headers larger than this are refused rather than held in memory.
    private static let largestExtendedHeader = 1 << 20

    private var state = State.header
    private var dataSize = 0
    private var memberHasher = SHA256()
    private var payload = Payload.skipped
    private var header: [UInt8] = []
    private var headerOffset = 0
    private var zeroBlocks = 0
    private var pendingPath: [UInt8]?
    private var pendingSize: Int?
    private var offset = 0
    private var hasher = SHA256()
    private var entries: [TarArchiveListing.Entry] = []
    private var failure: TarArchiveError?

    /// A reader at the start of an archive.
    public init() { header.reserveCapacity(UstarHeader.blockSize) }

    /// Reads the next bytes of the archive; after an error, every call throws that error again.
    public func consume(_ bytes: UnsafeRawBufferPointer) throws {
        if let failure { throw failure }
        do {
            try advance(through: bytes)
        } catch {
            failure = error
            throw error
        }
    }

    private func advance(through bytes: UnsafeRawBufferPointer) throws(TarArchiveError) {
        hasher.update(bufferPointer: bytes)
        var index = 0
        while index < bytes.count {
            let available = bytes.count - index
            switch state {
            case .header:
                let take = min(UstarHeader.blockSize - header.count, available)
                header.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                offset += take
                if header.count == UstarHeader.blockSize {
                    try readHeader(HeaderFields(block: header))
                    header.removeAll(keepingCapacity: true)
                }
            case let .data(remaining):
                let take = min(remaining, available)
                try absorb(UnsafeRawBufferPointer(rebasing: bytes[index..<(index + take)]))
                index += take
                offset += take
                if take == remaining { try endData() } else { state = .data(remaining: remaining - take) }
            case let .padding(remaining):
                let take = min(remaining, available)
                index += take
                offset += take
                state = take == remaining ? .header : .padding(remaining: remaining - take)
            case .afterEndMarker:
                // Record padding (GNU tar's and ours are zeros); counted in the archive's digest only.
                offset += available
                index = bytes.count
            }
        }
    }

    /// The listing, once the whole archive has been consumed; throws when it ended early.
    public func finish() throws -> TarArchiveListing {
        if let failure { throw failure }
        guard case .afterEndMarker = state else { throw TarArchiveError.truncated(offset: offset) }
        return TarArchiveListing(entries: entries, size: offset, sha256: hasher.finalize().lowercaseHex)
    }

    /// Reads a whole archive from `fileDescriptor` (to its end) in `chunkSize` reads and lists it.
    public static func read(fileDescriptor: Int32, chunkSize: Int = TarArchiveWriter.defaultChunkSize) throws -> TarArchiveListing {
        let reader = TarArchiveReader()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        while true {
            let count = systemRead(fileDescriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw TarArchiveError.readFailed(path: "(archive)", errno: errno)
            }
            if count == 0 { return try reader.finish() }
            try reader.consume(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    private func readHeader(_ fields: HeaderFields) throws(TarArchiveError) {
        headerOffset = offset - UstarHeader.blockSize
        if fields.isZero {
            zeroBlocks += 1
            if zeroBlocks == 2 { state = .afterEndMarker }
            return
        }
        if zeroBlocks > 0 {
            throw TarArchiveError.corruptHeader(offset: headerOffset - UstarHeader.blockSize,
                                                detail: "a single zero block inside the archive")
        }
        try fields.verifyChecksum(offset: headerOffset)
        guard let headerSize = fields.size else {
            throw TarArchiveError.corruptHeader(offset: headerOffset, detail: "the size field is not a number")
        }
        let typeflag = fields.typeflag
        var size = headerSize
        switch typeflag {
        case UInt8(ascii: "x"), UInt8(ascii: "L"):
            guard size <= Self.largestExtendedHeader else {
                throw TarArchiveError.corruptHeader(offset: headerOffset, detail: "an extended header of \(size) bytes")
            }
            payload = typeflag == UInt8(ascii: "x") ? .paxRecords([]) : .longName([])
        case UInt8(ascii: "g"), UInt8(ascii: "K"):
            // Global pax headers and GNU long link names do not change what a member's data is.
            payload = .skipped
        default:
            size = pendingSize ?? headerSize
            // Links, directories, devices and FIFOs have no data, whatever the size field says.
            if (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(typeflag) { size = 0 }
            let path = String(decoding: pendingPath ?? fields.path, as: UTF8.self)
            payload = .member(path: path, typeflag: typeflag)
            memberHasher = SHA256()
            pendingPath = nil
            pendingSize = nil
        }
        dataSize = size
        state = .data(remaining: size)
        if size == 0 { try endData() }
    }

    private func absorb(_ bytes: UnsafeRawBufferPointer) throws(TarArchiveError) {
        switch payload {
        case .member:
            memberHasher.update(bufferPointer: bytes)
        case .paxRecords(var collected):
            payload = .skipped // let go of the array, so the append does not copy it
            collected.append(contentsOf: bytes)
            payload = .paxRecords(collected)
        case .longName(var collected):
            payload = .skipped
            collected.append(contentsOf: bytes)
            payload = .longName(collected)
        case .skipped:
            break
        }
    }

    /// Applies or records the entry whose data just ended, and moves past the block padding.
    private func endData() throws(TarArchiveError) {
        switch payload {
        case let .member(path, typeflag):
            entries.append(.init(path: path, size: dataSize, typeflag: typeflag,
                                 sha256: memberHasher.finalize().lowercaseHex))
        case let .paxRecords(data):
            guard let records = PaxRecords.decode(data) else {
                throw TarArchiveError.corruptHeader(offset: headerOffset, detail: "malformed pax extended header records")
            }
            if let path = records["path"] { pendingPath = path }
            if let value = records["size"] {
                guard let parsed = Int(String(decoding: value, as: UTF8.self)), parsed >= 0 else {
                    throw TarArchiveError.corruptHeader(offset: headerOffset, detail: "a pax size that is not a number")
                }
                pendingSize = parsed
            }
        case let .longName(data):
            pendingPath = Array(HeaderFields.terminated(data[...]))
        case .skipped:
            break
        }
        payload = .skipped
        let padding = TarArchiveWriter.padding(dataSize, to: UstarHeader.blockSize)
        state = padding > 0 ? .padding(remaining: padding) : .header
    }
}

/// The reader takes an archive from a writer directly, to verify while writing.
extension TarArchiveReader: TarArchiveSink {
    public func write(_ bytes: UnsafeRawBufferPointer) throws { try consume(bytes) }
}

/// read(2), under a name the reader's own `read` does not shadow.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}
