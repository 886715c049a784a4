/// One page of the operator's view. Its HTML lives at ``route``, the same data as JSON at
/// `/api` + ``route``, and the report holds one section per instance. Adding a page is one file:
/// a type conforming here, listed in ``DashboardPages/all``.
public protocol DashboardPage: Sendable, Encodable {
    /// The path, with `:name` parameters: `/reach/:ledger/days/:day`.
    static var route: String { get }
    /// The Mustache template of the page's body; it reads the page's own properties.
    static var template: String { get }
    /// Whether the page exists at all for these sources (database pages need a database).
    static func isShown(for sources: DashboardSources) -> Bool
    /// Every parameter set the page has, for the report and the overview's links.
    static func instances(in sources: DashboardSources) async throws -> [[String: String]]
    /// The page for these parameters; ``PageError/notFound(_:)`` for a name the sources lack.
    static func load(_ parameters: [String: String], from sources: DashboardSources, links: PageLinks) async throws -> Self

    /// The page's heading and tab title.
    var title: String { get }
    /// Whether work is going on that the page shows, so that it should refresh itself.
    var isLive: Bool { get }
}

extension DashboardPage {
    public static func isShown(for sources: DashboardSources) -> Bool { true }
    public static func instances(in sources: DashboardSources) async throws -> [[String: String]] { [[:]] }
}

/// Why a page cannot be shown.
public enum PageError: Error, Equatable, CustomStringConvertible {
    /// The URL names something the server was not given (answered 404).
    case notFound(String)

    public var description: String {
        switch self {
        case let .notFound(what): "not found: \(what)"
        }
    }
}
