#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CDFValues {
    /// Decodes `bytes` (whole elements of `type`, in `encoding`) into typed values; string types
    /// keep every byte, NULs included, so that writing the values back reproduces the bytes.
    public init(decoding bytes: some Collection<UInt8>, as type: CDFDataType, encoding: CDFEncoding) {
        let bytes = Array(bytes)
        self = CDFValues(type: type, byteCount: bytes.count, encoding: encoding) { destination in
            bytes.withUnsafeBytes { destination.copyMemory(from: $0) }
        }
    }

    /// Values of `type` whose `byteCount` bytes (in `encoding`) `fill` writes straight into the
    /// typed storage: reading a variable costs one copy, as in NASA's library. Values in the other
    /// byte order are swapped in place afterwards.
    init(type: CDFDataType, byteCount: Int, encoding: CDFEncoding,
         fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        let swapped = (encoding == .bigEndian) == (1.littleEndian == 1)
        func filled<T>(_: T.Type, swap: (T) -> T) throws -> [T] {
            let n = byteCount / MemoryLayout<T>.stride
            return try [T](unsafeUninitializedCapacity: n) { buffer, initialized in
                adviseHugePages(UnsafeMutableRawPointer(buffer.baseAddress), n * MemoryLayout<T>.stride)
                try fill(UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: n * MemoryLayout<T>.stride))
                if swapped {
                    for i in 0..<n { buffer[i] = swap(buffer[i]) }
                }
                initialized = n
            }
        }
        func ints<T: FixedWidthInteger>(_: T.Type) throws -> [T] { try filled(T.self) { $0.byteSwapped } }
        func floats() throws -> [Float] { try filled(Float.self) { Float(bitPattern: $0.bitPattern.byteSwapped) } }
        func doubles() throws -> [Double] { try filled(Double.self) { Double(bitPattern: $0.bitPattern.byteSwapped) } }
        func text() throws -> String { String(decoding: try filled(UInt8.self) { $0 }, as: UTF8.self) }
        switch type {
        case .int1: self = .int1(try ints(Int8.self))
        case .byte: self = .byte(try ints(Int8.self))
        case .int2: self = .int2(try ints(Int16.self))
        case .int4: self = .int4(try ints(Int32.self))
        case .int8: self = .int8(try ints(Int64.self))
        case .timeTT2000: self = .timeTT2000(try ints(Int64.self))
        case .uint1: self = .uint1(try ints(UInt8.self))
        case .uint2: self = .uint2(try ints(UInt16.self))
        case .uint4: self = .uint4(try ints(UInt32.self))
        case .real4: self = .real4(try floats())
        case .float: self = .float(try floats())
        case .real8: self = .real8(try doubles())
        case .double: self = .double(try doubles())
        case .epoch: self = .epoch(try doubles())
        case .epoch16: self = .epoch16(try doubles())
        case .char: self = .char(try text())
        case .uchar: self = .uchar(try text())
        }
    }
}

/// Asks the kernel to back a large, fresh buffer with 2 MiB pages (as numpy does for its arrays):
/// the first touch of each page is most of the cost of reading megabytes out of the page cache.
private func adviseHugePages(_ start: UnsafeMutableRawPointer?, _ count: Int) {
    #if os(Linux)
    let huge = 2 << 20
    guard let start, count >= 2 * huge else { return }
    let first = (UInt(bitPattern: start) + UInt(huge - 1)) & ~UInt(huge - 1)
    let end = (UInt(bitPattern: start) + UInt(count)) & ~UInt(huge - 1)
    guard end > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
    _ = madvise(aligned, Int(end - first), MADV_HUGEPAGE)
    #endif
}

