public import Stations

/// What a simulated station holds and how it misbehaves.
public struct StationSimulatorConfiguration: Sendable {
    /// AUXIP serves `/Products`; every other kind behaves as CADIP (`/Files`, `/Sessions`, 307 downloads).
    public var kind: StationKind
    /// How many files the station offers, all published on 2024-01-01 (UTC).
    public var fileCount = 10
    /// The size of every file in bytes.
    public var fileSize: Int64 = 1_000_000
    /// The mission the file names belong to (`s1` → `S1A_…` products and `DCS_…_S1A_…` chunks).
    public var mission = "s1"
    /// The credential every endpoint demands.
    public var auth: SimulatedAuth = .none
    /// Injected failures.
    public var faults = StationFaults()
    /// Where CADIP downloads are redirected (`<downloadBaseURL>/download/<Id>`), e.g. another
    /// simulator standing in for a storage host; nil: this simulator itself.
    public var downloadBaseURL: String?
    /// Lifetime the token endpoint announces (`expires_in`).
    public var tokenLifetimeSeconds = 3600

    /// A station of `kind` with the defaults above.
    public init(kind: StationKind) {
        self.kind = kind
    }
}

/// The credential a simulated station demands.
public enum SimulatedAuth: Sendable {
    case none
    /// This value in this header (name compared without case).
    case apiKey(header: String, value: String)
    /// A password grant at the simulator's `/oauth2/token`; bearer tokens on every other endpoint.
    case oauth2(username: String, password: String, clientID: String, clientSecret: String? = nil)
}

/// Failures a simulated station injects, each deterministic (counted, not random).
public struct StationFaults: Sendable {
    /// The first N requests (the token endpoint's aside) answer 503.
    public var serviceUnavailableFirst = 0
    /// The Retry-After those 503 answers carry, in seconds.
    public var serviceUnavailableRetryAfterSeconds = 0
    /// Every answer waits this long first.
    public var slowAnswers: Duration?
    /// The first `downloads` downloads of each file close the connection after `afterBytes` bytes.
    public var droppedDownloads: (afterBytes: Int, downloads: Int)?
    /// These files are listed with a wrong MD5 (their contents are unchanged).
    public var wrongChecksumNames: Set<String> = []
    /// So are the first N files in publication order (for callers that do not know the names).
    public var wrongChecksumFirst = 0
    /// Pages hold at most this many entities whatever `$top` asks (some stations cap them).
    public var pageSizeCap: Int?
    /// A page cut short by `pageSizeCap` carries `@odata.nextLink` (OData's server-driven paging).
    public var nextLinks = false
    /// `@odata.count` is never answered, even when `$count=true` asks for it.
    public var countOmitted = false
    /// An OAuth2 token is refused (401) after this many requests carried it.
    public var tokenExpiresAfterRequests: Int?
    /// Files listed under these names instead of their own (index in publication order → name):
    /// a station that names files `../x` or `a/b`, which a client must refuse to write.
    public var renamedFiles: [Int: String] = [:]

    public init() {}
}
