/// Default pad values and ISTP fill values per data type.
public enum CDFDefaults {
    /// The pad NASA's library gives a variable without its own: unwritten records read as this.
    public static func pad(_ type: CDFDataType, elements: Int = 1) -> CDFValues {
        switch type {
        case .int1: .int1([-127])
        case .byte: .byte([-127])
        case .int2: .int2([-32767])
        case .int4: .int4([-2_147_483_647])
        case .int8: .int8([-9_223_372_036_854_775_807])
        case .timeTT2000: .timeTT2000([TT2000.pad])
        case .uint1: .uint1([254])
        case .uint2: .uint2([65534])
        case .uint4: .uint4([4_294_967_294])
        case .real4: .real4([-1.0e30])
        case .float: .float([-1.0e30])
        case .real8: .real8([-1.0e30])
        case .double: .double([-1.0e30])
        case .epoch: .epoch([0])
        case .epoch16: .epoch16([0, 0])
        case .char: .char(String(repeating: " ", count: elements))
        case .uchar: .uchar(String(repeating: " ", count: elements))
        }
    }

    /// The ISTP FILLVAL of a type.
    public static func fill(_ type: CDFDataType, elements: Int = 1) -> CDFValues {
        switch type {
        case .int1: .int1([-128])
        case .byte: .byte([-128])
        case .int2: .int2([-32768])
        case .int4: .int4([Int32.min])
        case .int8: .int8([Int64.min])
        case .timeTT2000: .timeTT2000([TT2000.fill])
        case .uint1: .uint1([255])
        case .uint2: .uint2([65535])
        case .uint4: .uint4([UInt32.max])
        case .real4: .real4([-1.0e31])
        case .float: .float([-1.0e31])
        case .real8: .real8([-1.0e31])
        case .double: .double([-1.0e31])
        case .epoch: .epoch([-1.0e31])
        case .epoch16: .epoch16([-1.0e31, -1.0e31])
        case .char: .char(String(repeating: " ", count: elements))
        case .uchar: .uchar(String(repeating: " ", count: elements))
        }
    }
}
