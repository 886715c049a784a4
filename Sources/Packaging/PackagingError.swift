/// What stops a packaging command, with the file, line or field it is about.
public enum PackagingError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The configuration (sites.yaml, the database's sites and locations) is wrong: exit 2.
    case configuration(String)
    /// Input to register is wrong; each message names its line or path: exit 2.
    case invalidInput([String])
    /// A package or location that does not exist.
    case notFound(String)
    /// A source file's bytes differ from the sha256 it was registered with: the tar is not kept.
    case registeredChecksumMismatch(String)

    public var description: String {
        switch self {
        case .configuration(let message): return message
        case .invalidInput(let messages): return messages.joined(separator: "\n")
        case .notFound(let message): return message
        case .registeredChecksumMismatch(let message): return message
        }
    }
}
