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
    /// Run-length, Huffman or adaptive Huffman (codes 1–3): recognised, not decoded.
    case other(code: Int32)

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

/// Whether an attribute describes the file or each variable.
public enum CDFAttributeScope: Sendable, Equatable {
    case global, variable
}

/// One attribute entry: its number (entry number, or the variable's number) and value.
public struct CDFAttributeEntry: Sendable, Equatable {
    public var number: Int
    public var type: CDFDataType
    /// Element count (string length in bytes for CHAR/UCHAR).
    public var elements: Int
    public var value: CDFValues

    public init(number: Int, value: CDFValues) {
        self.number = number
        self.type = value.type
        self.elements = value.count
        self.value = value
    }
}

/// An attribute as the file lists it; variable-scope entries are also on each ``CDFVariableInfo``.
public struct CDFAttributeInfo: Sendable, Equatable {
    public var name: String
    public var number: Int
    public var scope: CDFAttributeScope
    /// Global entries (g/r entries of a global attribute), by entry number.
    public var entries: [CDFAttributeEntry]
}

/// Whether a variable is a zVariable (own dimensions) or an rVariable (the file's rDimSizes).
public enum CDFVariableKind: String, Sendable, Equatable {
    case z, r
}

/// A variable's entry of a variable-scope attribute.
public struct CDFVariableAttribute: Sendable, Equatable {
    public var name: String
    public var entry: CDFAttributeEntry
}

/// What a variable is, as its VDR describes it.
public struct CDFVariableInfo: Sendable, Equatable {
    public var name: String
    public var kind: CDFVariableKind
    /// Number within its kind.
    public var number: Int
    public var type: CDFDataType
    /// Elements per value: 1 for numbers, the string length for CHAR/UCHAR.
    public var elements: Int
    public var dimensions: [Int]
    public var dimensionVarys: [Bool]
    public var recordVarying: Bool
    /// Highest record number (−1 when there are none); preallocated records beyond it are ignored.
    public var maxRecord: Int
    /// The VDR's pad value, if it has one.
    public var pad: CDFValues?
    public var compression: CDFCompression?
    public var blockingFactor: Int
    /// 0 none, 1 pad-filled, 2 previous-record sparse records.
    public var sparseRecords: Int
    /// The variable's entries of variable-scope attributes, in attribute order.
    public var attributes: [CDFVariableAttribute]

    /// Sizes of the dimensions that vary (the only ones stored).
    public var storedDimensions: [Int] { zip(dimensions, dimensionVarys).filter(\.1).map(\.0) }
    /// Values in one stored record.
    public var valuesPerRecord: Int { storedDimensions.reduce(1, *) }
    /// Bytes in one stored record.
    public var recordBytes: Int { valuesPerRecord * elements * type.size }
    /// Records a reader sees: maxRecord + 1.
    public var recordCount: Int { maxRecord + 1 }

    /// The entry of a variable attribute, by name.
    public func attribute(_ name: String) -> CDFAttributeEntry? {
        attributes.first { $0.name == name }?.entry
    }

    /// The value unwritten records read as: the VDR's pad, else the type's default pad.
    public var effectivePad: CDFValues { pad ?? CDFDefaults.pad(type, elements: elements) }
}
