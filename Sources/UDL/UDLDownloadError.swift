public import FerryErrors

/// Why a day's download failed; never carries the credential.
public enum UDLDownloadError: CodedError, CustomStringConvertible, Equatable, Sendable {
    /// 401: the credential was refused.
    case unauthorized(url: String)
    /// A status that retrying does not fix, or retries ran out.
    case http(status: Int, window: String, attempts: Int)
    /// Connection errors, timeouts or malformed bodies until retries ran out.
    case transport(window: String, attempts: Int, reason: String)
    /// A status that says the request itself is wrong (400, 404, …): not retried.
    case refused(status: Int, window: String, message: String)
    /// The window still hit the result cap at millisecond width.
    case unsplittable(window: String)
    /// Writing the artifact failed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unauthorized(url): "the UDL at \(url) refused the credential (401 Unauthorized)"
        case let .http(status, window, attempts): "UDL answered \(status) for obTime=\(window) (after \(attempts) attempts)"
        case let .transport(window, attempts, reason): "no valid answer for obTime=\(window) after \(attempts) attempts: \(reason)"
        case let .refused(status, window, message): "UDL refused obTime=\(window) with \(status)\(message.isEmpty ? "" : ": " + message)"
        case let .unsplittable(window): "obTime=\(window) holds more records than one query may return"
        case let .io(path, reason): "\(path): \(reason)"
        }
    }

    /// The kind of failure (the ledger's error_type and the exit status follow from it).
    public var code: ErrorCode {
        switch self {
        case .unauthorized: .authentication
        case .http, .refused: .httpStatus
        case .transport: .transport
        case .unsplittable: .resultCap
        case .io: .io
        }
    }
}
