/// An error that says what kind of failure it is.
public protocol CodedError: Error {
    /// The kind of failure, which decides the ledger's `error_type` and the exit status.
    var code: ErrorCode { get }
}
