public import FerryErrors

/// A store operation that failed; names the store and key, never credentials.
public struct ObjectStoreError: CodedError, CustomStringConvertible, Equatable, Sendable {
    /// `authentication` when the store refused the credential, else `objectStore`.
    public let code: ErrorCode
    public let key: String
    public let message: String
    /// The store's own name for the error (S3's `Code`, e.g. "BadDigest"), when it gave one.
    public let serviceCode: String?

    public init(code: ErrorCode = .objectStore, key: String, message: String, serviceCode: String? = nil) {
        self.code = code
        self.key = key
        self.message = message
        self.serviceCode = serviceCode
    }

    public var description: String { message }
}
