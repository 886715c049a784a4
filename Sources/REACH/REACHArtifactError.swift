public import FerryErrors

/// A day artifact that cannot be read; names the file and, where it applies, the line and field.
public struct REACHArtifactError: CodedError, CustomStringConvertible, Equatable {
    public let path: String
    /// 1-based line of a CSV row, or element number of a JSON array; nil for the whole file.
    public let line: Int?
    public let field: String?
    public let reason: String

    public init(path: String, line: Int? = nil, field: String? = nil, reason: String) {
        self.path = path
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// Always `invalidArtifact` (the ledger's "REACHArtifactError").
    public var code: ErrorCode { .invalidArtifact }

    public var description: String {
        var place = path
        if let line { place += ":\(line)" }
        if let field { place += " field \(field)" }
        return "\(place): \(reason)"
    }
}
