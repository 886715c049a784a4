/// File-wide facts from the CDR and the magic number.
public struct CDFFormat: Sendable, Equatable {
    /// The library version that wrote the file: version.release.increment, e.g. 3.9.0.
    public var version: Int
    /// Release of the version.
    public var release: Int
    /// Increment of the release.
    public var increment: Int
    /// The CDR's encoding code (6 IBMPC, 1 NETWORK, …).
    public var encodingCode: Int32
    /// Byte order of data values.
    public var encoding: CDFEncoding
    /// Row-major (last dimension fastest) or column-major storage; values are returned row-major.
    public var rowMajor: Bool
    /// Compression of the whole file (CCR), if any.
    public var fileCompression: CDFCompression?
    /// Whether the file ends in an MD5 checksum of everything before it.
    public var md5: Bool

    /// "version.release.increment", e.g. "3.9.0".
    public var versionString: String { "\(version).\(release).\(increment)" }

    /// NASA's name of the encoding code, e.g. "IBMPC" or "NETWORK".
    public var encodingName: String { Self.encodingNames[encodingCode] ?? "ENCODING_\(encodingCode)" }

    /// NASA's encoding names by code (the IEEE ones this reader decodes).
    public static let encodingNames: [Int32: String] = [
        1: "NETWORK", 2: "SUN", 4: "DECSTATION", 5: "SGi", 6: "IBMPC", 7: "IBMRS", 8: "HOST", 9: "PPC",
        11: "HP", 12: "NeXT", 13: "ALPHAOSF1", 16: "ALPHAVMSi", 17: "ARM_LITTLE", 18: "ARM_BIG",
    ]

    /// The code of an encoding called `name` (e.g. "NETWORK" → 1), as ``encodingName`` spells it.
    public static func encodingCode(named name: String) -> Int32? {
        encodingNames.first { $0.value == name }?.key
    }

    /// Byte order of an IEEE encoding code; nil for the VAX encodings, which this reader does not decode.
    public static func byteOrder(ofEncoding code: Int32) -> CDFEncoding? {
        switch code {
        case 1, 2, 5, 7, 9, 11, 12, 18: .bigEndian       // NETWORK, SUN, SGi, IBMRS, PPC, HP, NeXT, ARM_BIG
        case 4, 6, 13, 16, 17: .littleEndian             // DECSTATION, IBMPC, ALPHAOSF1, ALPHAVMSi, ARM_LITTLE
        case 8: 1.littleEndian == 1 ? .littleEndian : .bigEndian   // HOST
        default: nil
        }
    }
}

/// A compression method of a variable or a whole file.
public enum CDFCompression: Sendable, Equatable {
    /// GZIP at a level 1…9.
    case gzip(level: Int)
    /// Run-length (1), Huffman (2) or adaptive Huffman (3): read, not written.
    case other(code: Int32)

    /// GZIP at zlib's default level, as NASA's tools use it.
    public static let gzip = CDFCompression.gzip(level: 6)

    /// The method's short name: "gzip", "rle", "huff" or "ahuff".
    public var name: String {
        switch self {
        case .gzip: "gzip"
        case .other(code: 1): "rle"
        case .other(code: 2): "huff"
        case .other(code: 3): "ahuff"
        case let .other(code): "compression\(code)"
        }
    }
}
