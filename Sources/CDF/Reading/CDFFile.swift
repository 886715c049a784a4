import Crypto

/// A CDF file (v3, or v2.6/2.7) opened for reading: the header, attributes and variable descriptions are read on
/// open; data records are read on demand, by record range, touching only the blocks that hold them.
///
/// Reads rVariables and zVariables, row- and column-major files (records come back row-major),
/// VXR trees, UIRs, sparse and preallocated records (clamped to MaxRec), GZIP-compressed variables
/// and whole-file compression. Corrupt input is a ``CDFError`` naming the offset and the record type.
public final class CDFFile: Sendable {
    /// The path given to `init` (a label for errors when the bytes came from memory).
    public let path: String
    /// Version, encoding, majority, compression and checksum of the file.
    public let format: CDFFormat
    /// Every attribute, in attribute-number order.
    public let attributes: [CDFAttributeInfo]
    /// rVariables then zVariables, each in number order.
    public let variables: [CDFVariableInfo]
    /// GDR.eof: end of the last internal record (of the inflated image for a compressed file).
    public let endOfFile: Int64
    /// Largest number of bytes one read may produce: bounds what corrupt sizes can make us allocate.
    public let readLimit: Int
    /// Bytes of the file as stored (compressed size for a compressed file).
    public let storedSize: Int64

    /// Where records are read: the file itself, or the inflated image of a compressed file.
    let source: any CDFByteSource
    /// The file as stored, for the checksum.
    let storedSource: any CDFByteSource
    /// Each variable's index leaves, parallel to `variables`.
    let indexes: [[CDFIndexEntry]]
    /// Each variable's pad value as bytes in the file's encoding, parallel to `variables`.
    let pads: [[UInt8]]
    /// Field widths of the file's version.
    let layout: CDFLayout
    /// How errors name `source`: the path, marked "(inflated)" for a whole-file-compressed file.
    let sourceLabel: String

    /// Opens the file at `path`; `readLimit` defaults to 16 MiB plus 1,100 times the file's size
    /// (GZIP cannot expand data more than about 1,032 times).
    public convenience init(path: String, readLimit: Int? = nil) throws {
        try self.init(source: try CDFFileSource(path: path), path: path, readLimit: readLimit)
    }

    /// Reads a CDF held in memory; `path` only labels errors.
    public convenience init(contentsOf bytes: [UInt8], path: String = "<memory>", readLimit: Int? = nil) throws {
        try self.init(source: CDFMemorySource(bytes: bytes), path: path, readLimit: readLimit)
    }

    init(source file: any CDFByteSource, path: String, readLimit: Int?) throws {
        self.path = path
        storedSource = file
        storedSize = file.size
        let limit = readLimit ?? (16 << 20) + Int(min(file.size, Int64(Int.max / 2048))) * 1100
        self.readLimit = limit
        var parser = CDFParser(path: path, source: file, readLimit: limit)
        var fileCompression: CDFCompression?
        if try parser.magic() == .compressed {
            let (image, compression) = try parser.inflateWholeFile()
            fileCompression = compression
            let layout = parser.layout
            // Offsets in later errors count in the inflated file, and say so.
            parser = CDFParser(path: path + " (inflated)", source: image, readLimit: limit)
            parser.layout = layout
        }
        let header = try parser.header()
        source = parser.source
        layout = parser.layout
        sourceLabel = parser.path
        format = CDFFormat(version: header.version, release: header.release, increment: header.increment,
                           encodingCode: header.encodingCode, encoding: header.encoding, rowMajor: header.rowMajor,
                           fileCompression: fileCompression, md5: header.md5)
        endOfFile = header.eof
        let parsed = try parser.variables(header)
        attributes = try parser.attributes(header)
        variables = parsed.map { variable in
            var info = variable.info
            info.attributes = parser.variableEntries[VariableKey(kind: info.kind, number: info.number)] ?? []
            return info
        }
        indexes = parsed.map(\.index)
        pads = parsed.map(\.pad)
    }

    /// The variable called `name`.
    public func variable(_ name: String) -> CDFVariableInfo? {
        variables.first { $0.name == name }
    }

    /// The global or variable attribute called `name`.
    public func attribute(_ name: String) -> CDFAttributeInfo? {
        attributes.first { $0.name == name }
    }

    /// Checks the MD5 in the file's last 16 bytes against the bytes before them.
    public func verifyChecksum() throws {
        guard format.md5 else { throw CDFError(path: path, "the file carries no MD5 checksum") }
        let end = storedSize - 16
        guard end >= 8 else { throw CDFError(path: path, "offset \(max(end, 0)) (MD5): file too short for a checksum") }
        var md5 = Insecure.MD5()
        var offset: Int64 = 0
        while offset < end {
            let count = Int(min(end - offset, 1 << 20))
            md5.update(data: try storedSource.read(at: offset, count: count))
            offset += Int64(count)
        }
        let stored = try storedSource.read(at: end, count: 16)
        let computed = Array(md5.finalize())
        guard stored == computed else {
            throw CDFError(path: path, "offset \(end) (MD5): checksum \(Self.hex(stored)) does not match the file's \(Self.hex(computed))")
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}

/// Identifies a variable across the r and z lists.
struct VariableKey: Hashable {
    var kind: CDFVariableKind
    var number: Int
}
