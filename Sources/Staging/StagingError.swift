/// Why staging stopped or a file failed.
public enum StagingError: Error, Sendable, CustomStringConvertible {
    /// A setting that cannot work (exit 2, before any request).
    case configuration(String)
    /// The bytes stored are not what the station listed (size or checksum).
    case verification(String)
    /// The station could not be searched.
    case search(String)

    public var description: String {
        switch self {
        case .configuration(let message), .verification(let message), .search(let message): return message
        }
    }
}
