/// What a simulated station has served (a snapshot).
public struct StationStats: Sendable, Equatable {
    /// Every HTTP request, the token endpoint's included.
    public var requests = 0
    /// Requests whose Accept-Encoding asked for a compressed answer (gzip or deflate).
    public var compressionAsked = 0
    /// Token grants answered with a token.
    public var tokensIssued = 0
    /// Answers by status code ("200", "307", "401", "503", …).
    public var byStatus: [String: Int] = [:]
    /// Downloads whose bytes started to flow.
    public var downloadsStarted = 0
    /// Downloads that sent every byte.
    public var downloadsCompleted = 0
    /// Downloads that ended before their last byte: cut on purpose (``StationFaults/droppedDownloads``)
    /// or abandoned by the client.
    public var downloadsDropped = 0
    /// File bytes handed to connections (written or queued for the socket), every download together.
    public var bytesSent: Int64 = 0
    /// The raw request targets (path and query as received), the latest 1000.
    public var paths: [String] = []

    /// How many answers had `status`.
    public func count(_ status: Int) -> Int { byStatus["\(status)"] ?? 0 }
}
