#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import REACHMission
public import UTCDate

/// Finds the download phase's artifact for a day: `{REACH-ALL|sensor}_{YYYYMMDD}T000000_*.{csv|json}`
/// in the input directory, whoever wrote it (Ferry or the reference tool).
public struct REACHDayArtifactLocator: Sendable {
    public let directory: String
    public let sensorID: String
    public let format: String

    public init(directory: String, sensorID: String, format: String) {
        self.directory = directory
        self.sensorID = sensorID
        self.format = format
    }

    /// The prefix every artifact of the day starts with.
    public func prefix(for day: UTCDay) -> String {
        REACHDayArtifactName.prefix(sensorID: sensorID, day: day)
    }

    /// The artifact's path, or nil when the directory holds none for the day. Temporary spool files
    /// (names starting with ".") are never picked up. With several matches the last by name wins.
    public func artifact(for day: UTCDay) -> String? {
        let prefix = prefix(for: day), suffix = "." + format
        guard let dir = opendir(directory) else { return nil }
        defer { closedir(dir) }
        var best: String?
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { continue }
            if best == nil || name > best! { best = name }
        }
        return best.map { directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0 }
    }
}
