/// The kinds of Copernicus ground station Ferry stages from: the auxiliary-data station (AUXIP,
/// also called ADGS) and the CADIP stations that deliver raw chunks.
public enum StationKind: String, Sendable, Codable, CaseIterable {
    case auxip = "AUXIP", cadip = "CADIP", ins = "INS", mps = "MPS", mti = "MTI", nsg = "NSG", sgs = "SGS"
}

extension StationKind {
    /// The kind named `name`, ignoring case; "ADGS" is AUXIP's other name. Anything else throws
    /// ``StationError/unknownStation(_:)`` (so a typo fails before any request is sent).
    public init(name: String) throws {
        let upper = name.uppercased()
        if upper == "ADGS" {
            self = .auxip
        } else if let kind = StationKind(rawValue: upper) {
            self = kind
        } else {
            throw StationError.unknownStation(name)
        }
    }

    /// The catalog collection the station's files are published in: `{mission}_aux` for AUXIP,
    /// `{mission}_chunk` for every CADIP station.
    public func collectionName(mission: String) -> String {
        self == .auxip ? "\(mission)_aux" : "\(mission)_chunk"
    }

    /// True for the stations that serve `/Files` and `/Sessions` (every kind but AUXIP).
    public var servesChunks: Bool { self != .auxip }

    /// The OData entity set searched: `Products` on AUXIP, `Files` on CADIP stations.
    public var entitySet: String { servesChunks ? "Files" : "Products" }
}
