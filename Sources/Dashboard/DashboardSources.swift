public import Catalog
public import SQLDatabase
public import Telemetry

/// A ledger the dashboard follows, under the name its URLs use.
public struct LedgerSource: Sendable {
    /// The ledger's name in URLs: letters, digits, `.`, `_` and `-` only.
    public let name: String
    /// The ledger itself, read as it grows.
    public let follower: LedgerFollower
    /// The ledger's request log (`download_requests.csv` beside it), followed the same way.
    public let requests: RequestLogFollower
}

/// What the dashboard reads: the ledgers it was given, by name, and the database of the queue
/// flows when there is one. URLs only ever name what is here; no path in a URL reaches the file system.
public struct DashboardSources: Sendable {
    /// The ledgers given, in the order given.
    public let ledgers: [LedgerSource]
    /// The packaging and staging database, when one was given.
    public let database: (any SQLDatabase)?
    /// The STAC catalog staging publishes into, when one was given.
    public let catalog: (any Catalog)?

    /// Names each ledger after its folder (a ledger not called `download_telemetry.csv` after its
    /// file), made URL-safe and unique.
    public init(ledgerPaths: [String], database: (any SQLDatabase)?, catalog: (any Catalog)? = nil) {
        var taken: Set<String> = []
        ledgers = ledgerPaths.map { path in
            let parts = path.split(separator: "/").map(String.init)
            let file = parts.last ?? "ledger"
            var base = file == "download_telemetry.csv" && parts.count > 1 ? parts[parts.count - 2] : file
            if base.hasSuffix(".csv") { base.removeLast(4) }
            base = String(base.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
            if base.isEmpty || base.hasPrefix(".") { base = "ledger" + base }
            var name = base, counter = 2
            while taken.contains(name) {
                name = "\(base)-\(counter)"
                counter += 1
            }
            taken.insert(name)
            return LedgerSource(name: name, follower: LedgerFollower(path: path),
                                requests: RequestLogFollower(path: RequestLog.beside(ledgerPath: path).path))
        }
        self.database = database
        self.catalog = catalog
    }

    /// The ledger of that name; nil for any other name.
    public func ledger(named name: String) -> LedgerSource? {
        ledgers.first { $0.name == name }
    }
}
