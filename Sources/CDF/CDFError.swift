/// Errors reading or writing a CDF; each names the file and, where it applies, the offset and record
/// type (reading) or the variable or attribute (writing).
public struct CDFError: Error, CustomStringConvertible, Equatable, Sendable {
    public let path: String
    public let message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
