/// What a zVariable is: set once, before its first record.
public struct CDFVariableDefinition: Sendable {
    public var name: String
    public var type: CDFDataType
    /// Elements per value: 1 for numbers, the string length for CHAR/UCHAR.
    public var elements: Int
    /// Dimension sizes (0 to 4 of them in practice), row-major.
    public var dimensions: [Int]
    /// Whether each record holds its own values (false: one record for the whole file).
    public var recordVarying: Bool
    /// Value used for records never written; its type must match `type`.
    public var pad: CDFValues?

    public init(name: String, type: CDFDataType, elements: Int = 1, dimensions: [Int] = [],
                recordVarying: Bool = true, pad: CDFValues? = nil) {
        self.name = name
        self.type = type
        self.elements = elements
        self.dimensions = dimensions
        self.recordVarying = recordVarying
        self.pad = pad
    }

    /// Values in one record.
    public var valuesPerRecord: Int { dimensions.reduce(1, *) }
    /// Bytes in one record.
    public var recordBytes: Int { valuesPerRecord * elements * type.size }
}

/// A handle to a variable defined in a ``CDFWriter``.
public struct CDFVariable: Hashable, Sendable {
    /// The zVariable number (its order of definition).
    public let number: Int
}
