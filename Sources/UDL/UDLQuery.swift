import UDLRecordFormat

/// What is asked of the UDL for every window: the endpoint, descriptor, sensor and result cap.
public struct UDLQuery: Sendable {
    /// Base URL without the path, e.g. `https://unifieddatalibrary.com`.
    public var baseURL: String
    public var descriptor: String
    /// `ALL` or `REACH-<n>`.
    public var sensorID: String
    /// Sent as `maxResults`; an answer holding this many records may have been cut and is split.
    public var maxResults: Int?

    public init(baseURL: String, descriptor: String = "QUICKLOOK", sensorID: String = "ALL", maxResults: Int? = nil) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.descriptor = descriptor
        self.sensorID = sensorID
        self.maxResults = maxResults
    }

    /// The request URL for one window, with the reference's parameters.
    public func url(for window: UDLWindow) -> String {
        var url = baseURL + "/udl/spaceenvobservation?obTime=" + window.obTimeParameter
            + "&source=Aerospace&dataMode=REAL&descriptor=" + descriptor + "&sort=obTime"
        if sensorID != "ALL" { url += "&idSensor=" + sensorID }
        if let maxResults { url += "&maxResults=\(maxResults)" }
        return url
    }
}

extension UDLWindow {
    /// `<start>..<end>` as the `obTime` parameter takes it (inclusive at both ends).
    public var obTimeParameter: String {
        UDLTime.format(milliseconds: start) + ".." + UDLTime.format(milliseconds: end)
    }
}
