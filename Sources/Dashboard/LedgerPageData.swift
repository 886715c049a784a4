import Telemetry

/// The ledger a REACH page is about, read up to date: its digest, or why it could not be read.
struct LedgerPageData: Sendable {
    let source: LedgerSource
    let digest: LedgerDigest?
    /// Why the ledger could not be read (the page says so; the server goes on serving the rest).
    let problem: String?

    /// Loads the ledger named by the `ledger` parameter; ``PageError/notFound(_:)`` for any other name.
    static func load(_ parameters: [String: String], from sources: DashboardSources) async throws -> LedgerPageData {
        let name = parameters["ledger"] ?? ""
        guard let source = sources.ledger(named: name) else { throw PageError.notFound("ledger \(name)") }
        let follower = source.follower
        do {
            let digest = try await offThePool { try follower.refresh() }
            return LedgerPageData(source: source, digest: digest, problem: nil)
        } catch let error as LedgerError {
            return LedgerPageData(source: source, digest: nil, problem: "The ledger cannot be read: \(error)")
        }
    }

    /// What the archive answered, from the request log beside the ledger; read only by the pages
    /// that show it. When it cannot be read, the ledger's pages still are (it counts as empty).
    func requests() async -> RequestLogDigest {
        let follower = source.requests
        return (try? await offThePool { try follower.refresh() }) ?? RequestLogDigest()
    }

    /// True when the ledger grew within the last two minutes: a run is probably writing to it.
    var isLive: Bool {
        guard let digest, digest.modifiedAt > 0 else { return false }
        return WallClock.secondsSince1970() - digest.modifiedAt < 120
    }
}
