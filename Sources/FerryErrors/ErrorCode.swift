/// What kind of failure an error is: the one key that decides the ledger's `error_type` and the
/// command's exit status (see ``ErrorCode/ledgerErrorType`` and ``ErrorCode/exitStatus``).
///
/// An extensible set of static values, as swift-nio's `FileSystemError.Code` and postgres-nio's
/// `PSQLError.Code`: new codes can be added without breaking callers, and codes compare by identity,
/// never by the name of an error's type.
public struct ErrorCode: Hashable, Sendable, CustomStringConvertible {
    private enum Base: String, CaseIterable, Sendable {
        case authentication, httpStatus, transport, resultCap, io, invalidArtifact, cdf
        case objectStore, ledger, configuration, cancelled, unclassified
    }

    private let base: Base

    private init(_ base: Base) {
        self.base = base
    }

    /// A credential was refused or lacks the right (UDL 401/403, S3 403 SignatureDoesNotMatch,
    /// InvalidAccessKeyId, AccessDenied): every further request would be refused too.
    public static let authentication = ErrorCode(.authentication)
    /// A server answered with a status that retrying did not or would not fix.
    public static let httpStatus = ErrorCode(.httpStatus)
    /// No whole answer arrived: connection errors, timeouts or malformed bodies until retries ran out.
    public static let transport = ErrorCode(.transport)
    /// A query window still hit the archive's result cap at its narrowest.
    public static let resultCap = ErrorCode(.resultCap)
    /// The local file system refused a read or write.
    public static let io = ErrorCode(.io)
    /// An input artifact cannot be read as the product it should be.
    public static let invalidArtifact = ErrorCode(.invalidArtifact)
    /// Reading or writing a CDF failed.
    public static let cdf = ErrorCode(.cdf)
    /// An object store refused or failed an operation (other than authentication).
    public static let objectStore = ErrorCode(.objectStore)
    /// The ledger cannot be read or appended to: no row can record anything, so the run stops.
    public static let ledger = ErrorCode(.ledger)
    /// Settings, flags or the environment are wrong: nothing can succeed until they are fixed.
    public static let configuration = ErrorCode(.configuration)
    /// The work was cancelled (the task or the run was stopped).
    public static let cancelled = ErrorCode(.cancelled)
    /// An error that carries no code (from a library that knows nothing of Ferry).
    public static let unclassified = ErrorCode(.unclassified)

    /// Every code, for tables and tests.
    public static var allCases: [ErrorCode] { Base.allCases.map(ErrorCode.init) }

    /// The code's name, for logs.
    public var description: String { base.rawValue }

    // The one table from a code to what the ledger and the command line make of it. `error_type`
    // strings the ledger held before codes existed keep their spelling ("AuthError", "HTTPError",
    // "REACHArtifactError", …), so old and new rows read alike.
    /// One row: the ledger's `error_type` and the command's exit status for the code.
    public var classification: (ledgerErrorType: String, exitStatus: CommandExitStatus) {
        switch base {  // exhaustive: a new code cannot be added without its row
        case .authentication: ("AuthError", .configuration)
        case .httpStatus: ("HTTPError", .unitFailed)
        case .transport: ("TransportError", .unitFailed)
        case .resultCap: ("ResultCapError", .unitFailed)
        case .io: ("IOError", .unitFailed)
        case .invalidArtifact: ("REACHArtifactError", .unitFailed)
        case .cdf: ("CDFError", .unitFailed)
        case .objectStore: ("ObjectStoreError", .unitFailed)
        case .ledger: ("LedgerError", .configuration)
        case .configuration: ("ConfigurationError", .configuration)
        case .cancelled: ("Cancelled", .unitFailed)
        case .unclassified: ("UnclassifiedError", .unitFailed)
        }
    }

    /// The ledger's `error_type` for a FAILED row with this code.
    public var ledgerErrorType: String { classification.ledgerErrorType }

    /// The command's exit status when a unit fails with this code.
    public var exitStatus: CommandExitStatus { classification.exitStatus }

    /// True when a failure with this code stops the run before more units are attempted
    /// (exit status 2: every further unit would fail the same way).
    public var stopsRun: Bool { exitStatus == .configuration }
}
