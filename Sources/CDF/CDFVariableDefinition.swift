/// What a zVariable is: set once, before its first record.
public struct CDFVariableDefinition: Sendable, Equatable {
    public var name: String
    public var type: CDFDataType
    /// Elements per value: 1 for numbers, the string length for CHAR/UCHAR.
    public var elements: Int
    /// Dimension sizes (0 to 4 of them in practice), row-major.
    public var dimensions: [Int]
    /// Which dimensions vary (nil: all); a non-varying dimension stores one value for its whole extent.
    public var dimensionVarys: [Bool]?
    /// Whether each record holds its own values (false: one record for the whole file).
    public var recordVarying: Bool
    /// Value used for records never written; its type must match `type`.
    public var pad: CDFValues?
    /// How the variable's data blocks are compressed (nil: not at all); the writer writes GZIP only.
    public var compression: CDFCompression?
    /// Records per compressed block (0: about 128 KiB of records); ignored when uncompressed.
    public var blockingFactor: Int

    public init(name: String, type: CDFDataType, elements: Int = 1, dimensions: [Int] = [],
                dimensionVarys: [Bool]? = nil, recordVarying: Bool = true, pad: CDFValues? = nil,
                compression: CDFCompression? = nil, blockingFactor: Int = 0) {
        self.name = name
        self.type = type
        self.elements = elements
        self.dimensions = dimensions
        self.dimensionVarys = dimensionVarys
        self.recordVarying = recordVarying
        self.pad = pad
        self.compression = compression
        self.blockingFactor = blockingFactor
    }

    /// Values in one record: the product of the varying dimensions' sizes.
    public var valuesPerRecord: Int {
        zip(dimensions, dimensionVarys ?? dimensions.map { _ in true }).reduce(1) { $0 * ($1.1 ? $1.0 : 1) }
    }
    /// Bytes in one record.
    public var recordBytes: Int { valuesPerRecord * elements * type.size }

    /// Records per compressed block: the requested factor, or enough records for about 128 KiB.
    public var effectiveBlockingFactor: Int {
        blockingFactor > 0 ? blockingFactor : max(1, (131_072 + recordBytes - 1) / recordBytes)
    }
}

/// A handle to a variable defined in a ``CDFWriter``.
public struct CDFVariable: Hashable, Sendable {
    /// The zVariable number (its order of definition).
    public let number: Int
}
