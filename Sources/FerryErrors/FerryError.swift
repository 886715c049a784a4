/// A failure with its code, a message fit for a ledger row and log context; never holds secrets.
///
/// Errors from Ferry's modules carry their own codes (``CodedError``); this is the common form
/// every error takes when it is recorded, and the type for failures that need no richer one.
public struct FerryError: CodedError, CustomStringConvertible, Equatable, Sendable {
    public let code: ErrorCode
    /// What happened, naming the file, key or window it is about.
    public let message: String
    /// Extra facts for logs (bucket, key, status…); never credentials.
    public let context: [String: String]

    public init(code: ErrorCode, message: String, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// Any error in its recorded form: its own code when it has one (Foundation's file errors get
    /// `io` where Foundation is linked, see Pipeline), `cancelled` for cancellation, `unclassified`
    /// otherwise. This module links no Foundation, so a tool that only appends to the ledger stays small.
    public init(classifying error: any Error) {
        switch error {
        case let error as FerryError:
            self = error
        case let error as any CodedError:
            self.init(code: error.code, message: "\(error)")
        case is CancellationError:
            self.init(code: .cancelled, message: "the run was cancelled")
        default:
            self.init(code: .unclassified, message: "\(error)")
        }
    }

    public var description: String { message }
}
