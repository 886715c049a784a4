/// A file-system call that failed while writing, renaming or locking a file.
public struct DurableFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the operation was about.
    public let path: String
    /// What was being done: "create", "write", "fsync", "rename", "lock", ...
    public let operation: String
    /// The system's reason (`strerror`).
    public let reason: String

    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    public var description: String { "\(path): \(operation) failed: \(reason)" }
}
