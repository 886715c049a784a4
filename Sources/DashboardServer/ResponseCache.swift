import Synchronization

/// Answers kept for a moment, so that a page over a million-row ledger that a run keeps appending
/// to is built about once a second, not once a request.
///
/// An answer younger than ``lifetime`` is served as it is. An older one is still served at once
/// while one request's worth of work builds its successor in the background (stale-while-revalidate),
/// so no reader waits for a rebuild except the very first; a page is at most about
/// ``lifetime`` plus one build behind its sources. Concurrent misses share one build.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        let body: [UInt8]
        let contentType: String
        let bornAt: ContinuousClock.Instant
    }

    typealias Build = @Sendable () async throws -> (body: [UInt8], contentType: String)

    let lifetime: Duration
    private let state = Mutex(State())

    private struct State {
        var entries: [String: Entry] = [:]
        var building: [String: Task<Entry, any Error>] = [:]
    }

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The answer for `key`: cached, stale while a fresh one is built, or built now.
    func answer(for key: String, _ build: @escaping Build) async throws -> Entry {
        let now = ContinuousClock.now
        let (served, pending): (Entry?, Task<Entry, any Error>?) = state.withLock { state in
            let cached = state.entries[key]
            if let cached, now - cached.bornAt < lifetime { return (cached, nil) }
            if let running = state.building[key] { return (cached, cached == nil ? running : nil) }
            let task = Task { try await self.rebuild(key, build) }
            state.building[key] = task
            return (cached, cached == nil ? task : nil)
        }
        if let served { return served }
        return try await pending!.value
    }

    private func rebuild(_ key: String, _ build: Build) async throws -> Entry {
        do {
            let made = try await build()
            let entry = Entry(body: made.body, contentType: made.contentType, bornAt: .now)
            state.withLock { state in
                state.building[key] = nil
                // Forget stale answers now and then, so that many distinct URLs cannot grow the cache without bound.
                if state.entries.count > 512 { state.entries = state.entries.filter { entry.bornAt - $0.value.bornAt < lifetime } }
                state.entries[key] = entry
            }
            return entry
        } catch {
            // The stale answer goes too: a page whose sources fail must say so, not show old figures as current.
            state.withLock { state in
                state.building[key] = nil
                state.entries[key] = nil
            }
            throw error
        }
    }
}
