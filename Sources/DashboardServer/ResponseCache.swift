import Synchronization

/// Answers kept for a moment: while a run appends to a ledger, every request would otherwise
/// read and render anew. A page is at most ``lifetime`` old; pages refresh every few seconds anyway.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        let body: [UInt8]
        let contentType: String
        let bornAt: ContinuousClock.Instant
    }

    let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The cached answer for `key`, or a new one from `make` (kept when it succeeds).
    func answer(for key: String, _ make: () async throws -> (body: [UInt8], contentType: String)) async throws -> Entry {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[key] }), now - entry.bornAt < lifetime { return entry }
        let made = try await make()
        let entry = Entry(body: made.body, contentType: made.contentType, bornAt: now)
        entries.withLock { entries in
            // Forget stale answers now and then, so that many distinct URLs cannot grow the cache without bound.
            if entries.count > 512 { entries = entries.filter { now - $0.value.bornAt < lifetime } }
            entries[key] = entry
        }
        return entry
    }
}
