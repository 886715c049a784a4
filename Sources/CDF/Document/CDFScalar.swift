/// One parsed element before it is packed into typed ``CDFValues``.
enum CDFScalar {
    case integer(Int64)
    case real(Double)
    case pair(Double, Double)
    case text(String)

    /// Packs elements of `type` (already range-checked) into values.
    static func values(_ scalars: [CDFScalar], type: CDFDataType) -> CDFValues {
        func integers() -> [Int64] { scalars.map { if case let .integer(v) = $0 { v } else { 0 } } }
        func reals() -> [Double] { scalars.map { if case let .real(v) = $0 { v } else { 0 } } }
        switch type {
        case .int1: return .int1(integers().map { Int8($0) })
        case .byte: return .byte(integers().map { Int8($0) })
        case .int2: return .int2(integers().map { Int16($0) })
        case .int4: return .int4(integers().map { Int32($0) })
        case .int8: return .int8(integers())
        case .timeTT2000: return .timeTT2000(integers())
        case .uint1: return .uint1(integers().map { UInt8($0) })
        case .uint2: return .uint2(integers().map { UInt16($0) })
        case .uint4: return .uint4(integers().map { UInt32($0) })
        case .real4: return .real4(reals().map { Float($0) })
        case .float: return .float(reals().map { Float($0) })
        case .real8: return .real8(reals())
        case .double: return .double(reals())
        case .epoch: return .epoch(reals())
        case .epoch16:
            var flat: [Double] = []
            for scalar in scalars { if case let .pair(s, p) = scalar { flat += [s, p] } else { flat += [0, 0] } }
            return .epoch16(flat)
        case .char, .uchar:
            let texts = scalars.map { if case let .text(t) = $0 { t } else { "" } }
            let joined = texts.joined()
            return type == .char ? .char(joined) : .uchar(joined)
        }
    }
}
