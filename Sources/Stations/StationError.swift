/// Why a station request failed. Never carries a credential: URLs are stripped of user info and
/// query secrets, bodies are truncated.
public enum StationError: Error, Sendable, CustomStringConvertible {
    /// A station kind Ferry does not know (refused before any request).
    case unknownStation(String)
    /// Settings are missing or inconsistent (names the setting, never its value).
    case configuration(String)
    /// The station or its token endpoint refused the credential (401/403).
    case unauthorized(String)
    /// A non-2xx answer that retrying did not fix: the status, the URL without credentials, the start of the body.
    case http(status: Int, url: String, body: String)
    /// An answer that is not the OData the station promised.
    case malformedAnswer(String)
    /// No whole answer: the connection failed, timed out or broke off (also mid-download).
    case transport(String)

    public var description: String {
        switch self {
        case let .unknownStation(name):
            "unknown station '\(name)' (known: \(StationKind.allCases.map(\.rawValue).joined(separator: ", ")), ADGS)"
        case let .configuration(message): "station configuration: \(message)"
        case let .unauthorized(message): "station refused the credentials: \(message)"
        case let .http(status, url, body): "station answered HTTP \(status) for \(url): \(body)"
        case let .malformedAnswer(message): "station answer malformed: \(message)"
        case let .transport(message): "station transport failure: \(message)"
        }
    }

    /// At most this many characters of an error body are kept.
    static let bodyLimit = 300

    /// `.http` with the body cut to ``bodyLimit`` characters.
    static func http(status: Int, url: String, fullBody: String) -> StationError {
        .http(status: status, url: url, body: String(fullBody.prefix(bodyLimit)))
    }
}
