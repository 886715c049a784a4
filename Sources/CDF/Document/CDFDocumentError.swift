/// A document field that cannot become part of a CDF, named by its JSON path (`variables[2].records[17]`).
public struct CDFDocumentError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Where in the document, e.g. `variables[2].records[17]`; empty for the document itself.
    public let path: String
    public let message: String

    public init(_ path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
