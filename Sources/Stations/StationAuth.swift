/// How Ferry proves itself to a station. Its descriptions (and its mirror) never show a secret,
/// so printing or logging one is safe.
public enum StationAuth: Sendable {
    /// No credential (a test station).
    case none
    /// A fixed key sent in `header` on every request to the station's host.
    case apiKey(header: String, value: String)
    /// OAuth2 resource-owner password grant against `tokenURL`; the bearer token is cached and refreshed.
    case oauth2(tokenURL: String, username: String, password: String, clientID: String, clientSecret: String?)

    /// The credential the environment configures: `FERRY_STATION_API_KEY` (sent in
    /// `FERRY_STATION_API_KEY_HEADER`, default `x-api-key`), or `FERRY_STATION_TOKEN_URL`,
    /// `FERRY_STATION_USERNAME`, `FERRY_STATION_PASSWORD`, `FERRY_STATION_CLIENT_ID` and optionally
    /// `FERRY_STATION_CLIENT_SECRET`; none of them: ``none``. Partial OAuth2 settings throw
    /// ``StationError/configuration(_:)`` naming the first missing variable.
    public static func fromEnvironment(_ env: [String: String]) throws -> StationAuth {
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        let oauthNames = ["FERRY_STATION_TOKEN_URL", "FERRY_STATION_USERNAME", "FERRY_STATION_PASSWORD", "FERRY_STATION_CLIENT_ID"]
        let oauthGiven = oauthNames.filter { value($0) != nil }
        if let key = value("FERRY_STATION_API_KEY") {
            guard oauthGiven.isEmpty else {
                throw StationError.configuration("FERRY_STATION_API_KEY and OAuth2 settings (\(oauthGiven.joined(separator: ", "))) are both set; choose one")
            }
            return .apiKey(header: value("FERRY_STATION_API_KEY_HEADER") ?? "x-api-key", value: key)
        }
        guard !oauthGiven.isEmpty || value("FERRY_STATION_CLIENT_SECRET") != nil else { return .none }
        if let missing = oauthNames.first(where: { value($0) == nil }) {
            throw StationError.configuration("\(missing) is not set (OAuth2 needs \(oauthNames.joined(separator: ", ")))")
        }
        return .oauth2(tokenURL: value("FERRY_STATION_TOKEN_URL")!, username: value("FERRY_STATION_USERNAME")!,
                       password: value("FERRY_STATION_PASSWORD")!, clientID: value("FERRY_STATION_CLIENT_ID")!,
                       clientSecret: value("FERRY_STATION_CLIENT_SECRET"))
    }
}

extension StationAuth: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The kind of credential and its non-secret parts (header name, token URL, user, client id).
    public var description: String {
        switch self {
        case .none: "no credential"
        case let .apiKey(header, _): "API key in \(header) (redacted)"
        case let .oauth2(tokenURL, username, _, clientID, secret):
            "OAuth2 password grant at \(tokenURL) for \(username), client \(clientID)\(secret == nil ? "" : " with a client secret") (redacted)"
        }
    }

    public var debugDescription: String { "StationAuth(\(description))" }

    // dump() and the debugger read the mirror: show the description, never the payload.
    public var customMirror: Mirror { Mirror(self, children: ["description": description], displayStyle: .enum) }
}
