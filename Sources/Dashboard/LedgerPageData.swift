import Telemetry

/// The ledger a REACH page is about, read up to date: its digest, or why it could not be read.
struct LedgerPageData: Sendable {
    let source: LedgerSource
    let digest: LedgerDigest?
    /// What the archive answered, from the request log beside the ledger (empty when there is none).
    let requests: RequestLogDigest
    /// Why the ledger could not be read (the page says so; the server goes on serving the rest).
    let problem: String?

    /// Loads the ledger named by the `ledger` parameter; ``PageError/notFound(_:)`` for any other name.
    static func load(_ parameters: [String: String], from sources: DashboardSources) async throws -> LedgerPageData {
        let name = parameters["ledger"] ?? ""
        guard let source = sources.ledger(named: name) else { throw PageError.notFound("ledger \(name)") }
        let follower = source.follower, requestFollower = source.requests
        // The request log is the ledger's companion: when it cannot be read, the ledger's pages still are.
        let requests = (try? await offThePool { try requestFollower.refresh() }) ?? RequestLogDigest()
        do {
            let digest = try await offThePool { try follower.refresh() }
            return LedgerPageData(source: source, digest: digest, requests: requests, problem: nil)
        } catch let error as LedgerError {
            return LedgerPageData(source: source, digest: nil, requests: requests, problem: "The ledger cannot be read: \(error)")
        }
    }

    /// True when the ledger grew within the last two minutes: a run is probably writing to it.
    var isLive: Bool {
        guard let digest, digest.modifiedAt > 0 else { return false }
        return WallClock.secondsSince1970() - digest.modifiedAt < 120
    }
}
