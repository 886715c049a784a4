/// What one attempt's outcome says about the server and about trying again.
public enum RetryClassification: String, Sendable, CaseIterable {
    /// 2xx: the answer arrived.
    case success
    /// 429, 408, a dropped connection, a timeout, a body that broke off: the server or the path
    /// to it is overloaded. Retried, and a paced client slows down.
    case congestion
    /// 500, 502, 503, 504 and other 5xx (but 501 and 505): the server failed this once. Retried
    /// at the same pace.
    case serverError
    /// 401, 403: the credential is refused or lacks the right. Never retried.
    case unauthorized
    /// Any other status (400, 404, 501, …): the request itself is wrong. Never retried.
    case refused

    /// The classification of an answer with HTTP status `status`.
    public init(status: Int) {
        switch status {
        case 200..<300: self = .success
        case 408, 429: self = .congestion
        case 401, 403: self = .unauthorized
        case 501, 505: self = .refused   // not implemented / version not supported: permanent
        case 500..<600: self = .serverError
        default: self = .refused
        }
    }

    /// A request that got no whole answer: the connection failed or dropped, it timed out, or
    /// the body broke off or was malformed.
    public static let transportFailure = RetryClassification.congestion

    /// True when another attempt may succeed.
    public var isRetryable: Bool { self == .congestion || self == .serverError }
}
