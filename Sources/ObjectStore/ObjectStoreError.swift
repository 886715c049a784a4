public import FerryErrors

/// A store operation that failed; names the store and key, never credentials.
public struct ObjectStoreError: CodedError, CustomStringConvertible, Equatable, Sendable {
    /// `authentication` when the store refused the credential, else `objectStore`.
    public let code: ErrorCode
    public let key: String
    public let message: String

    public init(code: ErrorCode = .objectStore, key: String, message: String) {
        self.code = code
        self.key = key
        self.message = message
    }

    public var description: String { message }
}
