/// ISTP conventions that do not depend on a particular file.
public enum ISTP {
    /// The ISTP standard FILLVAL of a type (the table spacepy's istp.fillval applies).
    public static func fillValue(for type: CDFDataType, elements: Int = 1) -> CDFValues {
        switch type {
        case .int1: .int1([Int8.min])
        case .byte: .byte([Int8.min])
        case .int2: .int2([Int16.min])
        case .int4: .int4([Int32.min])
        case .int8: .int8([Int64.min])
        case .timeTT2000: .timeTT2000([TT2000.fill])
        case .uint1: .uint1([UInt8.max])
        case .uint2: .uint2([UInt16.max])
        case .uint4: .uint4([UInt32.max])
        case .real4: .real4([-1.0e31])
        case .float: .float([-1.0e31])
        case .real8: .real8([-1.0e31])
        case .double: .double([-1.0e31])
        case .epoch: .epoch([-1.0e31])
        case .epoch16: .epoch16([-1.0e31, -1.0e31])
        case .char: .char(" ")
        case .uchar: .uchar(" ")
        }
    }

    /// Global attributes every ISTP file must carry.
    public static let requiredGlobalAttributes = [
        "Project", "Source_name", "Discipline", "Data_type", "Descriptor", "Data_version", "Logical_file_id",
        "PI_name", "PI_affiliation", "TEXT", "Instrument_type", "Mission_group", "Logical_source",
        "Logical_source_description",
    ]

    /// The values VAR_TYPE may take.
    public static let variableTypes: Set<String> = ["data", "support_data", "metadata", "ignore_data"]
}
