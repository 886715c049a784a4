import UDLRecordFormat
import Foundation
public import UTCDate

/// Names and places of REACH L1C products: `reach_{mode}_l1c_prelim_{firstEpoch}_v{X.Y.Z}.cdf`
/// under `l1c/prelim/YYYY/MM/DD/`, which is also the object-store key layout.
public struct REACHProductName: Sendable, Equatable {
    public static let level = "l1c"
    public static let dataType = "prelim"
    public static let version = "1.0.0"

    /// `all` for the whole constellation, else the sensor as `reach<n>`.
    public let mode: String
    /// The first observation time, in milliseconds since 1970-01-01 UTC.
    public let firstEpoch: Int64

    public init(sensorID: String, firstEpoch: Int64) {
        mode = sensorID == "ALL" ? "all" : sensorID.lowercased().replacingOccurrences(of: "-", with: "")
        self.firstEpoch = firstEpoch
    }

    /// The file name.
    public var fileName: String {
        let stamp = UDLTime.format(milliseconds: firstEpoch)   // YYYY-MM-DDTHH:MM:SS.mmmZ
        let compact = stamp.prefix(19).filter { $0 != "-" && $0 != ":" }
        return "reach_\(mode)_\(Self.level)_\(Self.dataType)_\(compact)_v\(Self.version).cdf"
    }

    /// `Logical_file_id`: the file name without its extension.
    public var logicalFileID: String { String(fileName.dropLast(4)) }

    /// `l1c/prelim/YYYY/MM/DD/<file>` for the product's day.
    public static func key(day: UTCDay, fileName: String) -> String {
        "\(directory(day: day))/\(fileName)"
    }

    /// `l1c/prelim/YYYY/MM/DD`: the folder (and key prefix) of the day's products.
    public static func directory(day: UTCDay) -> String {
        let pad = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return "\(level)/\(dataType)/\(day.year)/\(pad(day.month))/\(pad(day.day))"
    }
}
