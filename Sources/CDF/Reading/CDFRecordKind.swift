/// The internal record types of a CDF v3 file, with the names the format documents use.
enum CDFRecordKind: Int32, Sendable {
    case cdr = 1, gdr = 2, rVDR = 3, adr = 4, agrEDR = 5, vxr = 6, vvr = 7, zVDR = 8, azEDR = 9
    case ccr = 10, cpr = 11, spr = 12, cvvr = 13, uir = -1

    var name: String {
        switch self {
        case .cdr: "CDR"
        case .gdr: "GDR"
        case .rVDR: "rVDR"
        case .adr: "ADR"
        case .agrEDR: "AgrEDR"
        case .vxr: "VXR"
        case .vvr: "VVR"
        case .zVDR: "zVDR"
        case .azEDR: "AzEDR"
        case .ccr: "CCR"
        case .cpr: "CPR"
        case .spr: "SPR"
        case .cvvr: "CVVR"
        case .uir: "UIR"
        }
    }

    /// The smallest size a well-formed record of this kind can have in `layout`.
    func minimumSize(_ layout: CDFLayout) -> Int64 {
        guard layout == .v3 else { return minimumSizeV2 }
        return switch self {
        case .cdr: 56 + 256
        case .gdr: 84
        case .rVDR: 340
        case .zVDR: 344
        case .adr: 324
        case .agrEDR, .azEDR: 56
        case .vxr: 28
        case .vvr: 12
        case .cvvr: 24
        case .ccr: 32
        case .cpr: 28
        case .spr: 28
        case .uir: 28
        }
    }

    /// Version 2 records: 4-byte sizes and offsets, 64-byte names.
    private var minimumSizeV2: Int64 {
        switch self {
        case .cdr: 48
        case .gdr: 60
        case .rVDR: 128
        case .zVDR: 132
        case .adr: 116
        case .agrEDR, .azEDR: 48
        case .vxr: 20
        case .vvr: 8
        case .cvvr: 16
        case .ccr: 20
        case .cpr: 24
        case .spr: 24
        case .uir: 16
        }
    }
}
