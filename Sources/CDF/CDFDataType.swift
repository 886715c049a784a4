/// CDF data types with their file codes and element sizes (CDF v3).
public enum CDFDataType: Int32, Sendable, CaseIterable {
    case int1 = 1, int2 = 2, int4 = 4, int8 = 8
    case uint1 = 11, uint2 = 12, uint4 = 14
    case real4 = 21, real8 = 22
    case epoch = 31, epoch16 = 32, timeTT2000 = 33
    case byte = 41, float = 44, double = 45
    case char = 51, uchar = 52

    /// Bytes per element.
    public var size: Int {
        switch self {
        case .int1, .uint1, .byte, .char, .uchar: 1
        case .int2, .uint2: 2
        case .int4, .uint4, .real4, .float: 4
        case .int8, .real8, .double, .epoch, .timeTT2000: 8
        case .epoch16: 16
        }
    }

    /// The name NASA's tools print, e.g. `CDF_TIME_TT2000`.
    public var name: String {
        switch self {
        case .int1: "CDF_INT1"
        case .int2: "CDF_INT2"
        case .int4: "CDF_INT4"
        case .int8: "CDF_INT8"
        case .uint1: "CDF_UINT1"
        case .uint2: "CDF_UINT2"
        case .uint4: "CDF_UINT4"
        case .real4: "CDF_REAL4"
        case .real8: "CDF_REAL8"
        case .epoch: "CDF_EPOCH"
        case .epoch16: "CDF_EPOCH16"
        case .timeTT2000: "CDF_TIME_TT2000"
        case .byte: "CDF_BYTE"
        case .float: "CDF_FLOAT"
        case .double: "CDF_DOUBLE"
        case .char: "CDF_CHAR"
        case .uchar: "CDF_UCHAR"
        }
    }

    /// True for the string types, whose element count is the string's length.
    public var isString: Bool { self == .char || self == .uchar }
}

/// Byte order of data values (record fields are always big-endian).
public enum CDFEncoding: Int32, Sendable {
    /// IBMPC encoding (6): little-endian.
    case littleEndian = 6
    /// NETWORK encoding (1): big-endian.
    case bigEndian = 1
}
