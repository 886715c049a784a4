public import DurableFiles
public import FerryErrors

// DurableFiles depends on nothing, so its error learns its code here, where the ledger records it.
extension DurableFileError: CodedError {
    /// Writing, syncing, renaming or locking a file failed: the ledger's `IOError`.
    public var code: ErrorCode { .io }
}
