extension CDFValues {
    /// Decodes `bytes` (whole elements of `type`, in `encoding`) into typed values; string types
    /// keep every byte, NULs included, so that writing the values back reproduces the bytes.
    public init(decoding bytes: some Collection<UInt8>, as type: CDFDataType, encoding: CDFEncoding) {
        let bytes = Array(bytes)
        let big = encoding == .bigEndian
        func ints<T: FixedWidthInteger>(_: T.Type) -> [T] {
            let size = MemoryLayout<T>.size
            let n = bytes.count / size
            return bytes.withUnsafeBytes { raw in
                (0..<n).map { i in
                    let v = raw.loadUnaligned(fromByteOffset: i * size, as: T.self)
                    return big ? T(bigEndian: v) : T(littleEndian: v)
                }
            }
        }
        switch type {
        case .int1: self = .int1(ints(Int8.self))
        case .byte: self = .byte(ints(Int8.self))
        case .int2: self = .int2(ints(Int16.self))
        case .int4: self = .int4(ints(Int32.self))
        case .int8: self = .int8(ints(Int64.self))
        case .timeTT2000: self = .timeTT2000(ints(Int64.self))
        case .uint1: self = .uint1(bytes)
        case .uint2: self = .uint2(ints(UInt16.self))
        case .uint4: self = .uint4(ints(UInt32.self))
        case .real4: self = .real4(ints(UInt32.self).map(Float.init(bitPattern:)))
        case .float: self = .float(ints(UInt32.self).map(Float.init(bitPattern:)))
        case .real8: self = .real8(ints(UInt64.self).map(Double.init(bitPattern:)))
        case .double: self = .double(ints(UInt64.self).map(Double.init(bitPattern:)))
        case .epoch: self = .epoch(ints(UInt64.self).map(Double.init(bitPattern:)))
        case .epoch16: self = .epoch16(ints(UInt64.self).map(Double.init(bitPattern:)))
        case .char: self = .char(String(decoding: bytes, as: UTF8.self))
        case .uchar: self = .uchar(String(decoding: bytes, as: UTF8.self))
        }
    }
}
