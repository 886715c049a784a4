public import FerryErrors
public import Foundation

// FerryErrors links no Foundation (the ledger depends on it, and the ledger's tools stay small), so
// the operating system's file errors, as Foundation reports them, learn their code here.
extension CocoaError: CodedError {
    /// A file operation failed: the ledger's `IOError`.
    public var code: ErrorCode { .io }
}

extension POSIXError: CodedError {
    /// A system call failed: the ledger's `IOError`.
    public var code: ErrorCode { .io }
}
