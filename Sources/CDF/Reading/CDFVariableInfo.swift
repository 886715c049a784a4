/// Whether a variable is a zVariable (own dimensions) or an rVariable (the file's rDimSizes).
public enum CDFVariableKind: String, Sendable, Equatable {
    case z, r
}

/// A variable's entry of a variable-scope attribute.
public struct CDFVariableAttribute: Sendable, Equatable {
    /// The attribute name.
    public var name: String
    /// The variable's entry (its number is the variable's number).
    public var entry: CDFAttributeEntry
}

/// What a variable is, as its VDR describes it.
public struct CDFVariableInfo: Sendable, Equatable {
    /// The variable name.
    public var name: String
    /// z or r.
    public var kind: CDFVariableKind
    /// Number within its kind.
    public var number: Int
    /// The CDF type of each element.
    public var type: CDFDataType
    /// Elements per value: 1 for numbers, the string length for CHAR/UCHAR.
    public var elements: Int
    /// Dimension sizes (for an rVariable, the file's rDimSizes).
    public var dimensions: [Int]
    /// Whether each dimension varies; a dimension that does not is stored (and returned) once.
    public var dimensionVarys: [Bool]
    /// Whether each record holds its own values (false: one record for the whole file).
    public var recordVarying: Bool
    /// Highest record number (−1 when there are none); preallocated records beyond it are ignored.
    public var maxRecord: Int
    /// The VDR's pad value, if it has one.
    public var pad: CDFValues?
    /// GZIP (or another method) when the variable's records are compressed.
    public var compression: CDFCompression?
    /// Records per compressed block (0 when the writer left it to the library).
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
