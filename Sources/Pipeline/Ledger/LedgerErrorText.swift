/// An error that names its own ledger `error_type` (e.g. `AuthError`).
public protocol LedgerErrorDescribing: Error {
    var errorType: String { get }
}

/// What a FAILED row says about an error: its `error_type` and `error_message` columns.
enum LedgerErrorText {
    static func of(_ error: any Error) -> (type: String, message: String) {
        if let typed = error as? any LedgerErrorDescribing { return (typed.errorType, "\(error)") }
        if error is CancellationError { return ("Cancelled", "the run was cancelled") }
        return (String(describing: type(of: error)), "\(error)")
    }
}
