/// Typed values for an attribute entry or a pad value, encoded per the file's byte order.
public enum CDFValues: Sendable, Equatable {
    case int1([Int8]), int2([Int16]), int4([Int32]), int8([Int64])
    case uint1([UInt8]), uint2([UInt16]), uint4([UInt32])
    case real4([Float]), real8([Double]), float([Float]), double([Double])
    case epoch([Double]), timeTT2000([Int64]), byte([Int8])
    /// EPOCH16 values as (seconds, picoseconds) pairs, flattened.
    case epoch16([Double])
    case char(String)
    case uchar(String)

    /// The CDF type these values are written as.
    public var type: CDFDataType {
        switch self {
        case .int1: .int1
        case .int2: .int2
        case .int4: .int4
        case .int8: .int8
        case .uint1: .uint1
        case .uint2: .uint2
        case .uint4: .uint4
        case .real4: .real4
        case .real8: .real8
        case .float: .float
        case .double: .double
        case .epoch: .epoch
        case .timeTT2000: .timeTT2000
        case .byte: .byte
        case .epoch16: .epoch16
        case .char: .char
        case .uchar: .uchar
        }
    }

    /// Number of elements (string length in bytes for CHAR).
    public var count: Int {
        switch self {
        case let .int1(v), let .byte(v): v.count
        case let .int2(v): v.count
        case let .int4(v): v.count
        case let .int8(v), let .timeTT2000(v): v.count
        case let .uint1(v): v.count
        case let .uint2(v): v.count
        case let .uint4(v): v.count
        case let .real4(v), let .float(v): v.count
        case let .real8(v), let .double(v), let .epoch(v): v.count
        case let .epoch16(v): v.count / 2
        case let .char(s), let .uchar(s): s.utf8.count
        }
    }

    /// The values' bytes in `encoding`.
    public func encoded(_ encoding: CDFEncoding) -> [UInt8] {
        var out: [UInt8] = []
        func put<T: FixedWidthInteger>(_ values: [T]) {
            for value in values {
                withUnsafeBytes(of: encoding == .littleEndian ? value.littleEndian : value.bigEndian) { out += $0 }
            }
        }
        switch self {
        case let .int1(v), let .byte(v): put(v)
        case let .int2(v): put(v)
        case let .int4(v): put(v)
        case let .int8(v), let .timeTT2000(v): put(v)
        case let .uint1(v): out = v
        case let .uint2(v): put(v)
        case let .uint4(v): put(v)
        case let .real4(v), let .float(v): put(v.map(\.bitPattern))
        case let .real8(v), let .double(v), let .epoch(v), let .epoch16(v): put(v.map(\.bitPattern))
        case let .char(s), let .uchar(s): out = Array(s.utf8)
        }
        return out
    }
}
