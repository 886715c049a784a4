extension CDFValues {
    /// The text of a CHAR/UCHAR value, nil for numbers.
    var text: String? {
        switch self {
        case let .char(s), let .uchar(s): s
        default: nil
        }
    }

    /// Every element as a Double (nil for strings; EPOCH16 gives its seconds halves).
    var doubles: [Double]? {
        switch self {
        case let .int1(v), let .byte(v): v.map(Double.init)
        case let .int2(v): v.map(Double.init)
        case let .int4(v): v.map(Double.init)
        case let .int8(v), let .timeTT2000(v): v.map(Double.init)
        case let .uint1(v): v.map(Double.init)
        case let .uint2(v): v.map(Double.init)
        case let .uint4(v): v.map(Double.init)
        case let .real4(v), let .float(v): v.map(Double.init)
        case let .real8(v), let .double(v), let .epoch(v): v
        case let .epoch16(v): stride(from: 0, to: v.count, by: 2).map { v[$0] }
        case .char, .uchar: nil
        }
    }

    /// Every element as an exact Int64 where the type is an integer type.
    var integers: [Int64]? {
        switch self {
        case let .int1(v), let .byte(v): v.map(Int64.init)
        case let .int2(v): v.map(Int64.init)
        case let .int4(v): v.map(Int64.init)
        case let .int8(v), let .timeTT2000(v): v
        case let .uint1(v): v.map(Int64.init)
        case let .uint2(v): v.map(Int64.init)
        case let .uint4(v): v.map(Int64.init)
        default: nil
        }
    }
}

extension CDFDataType {
    /// True for EPOCH, EPOCH16 and TIME_TT2000.
    var isTime: Bool { self == .epoch || self == .epoch16 || self == .timeTT2000 }
    /// True for the floating-point types (EPOCH included, as numpy sees it).
    var isFloatingPoint: Bool { [.real4, .real8, .float, .double, .epoch, .epoch16].contains(self) }
}
