import Synchronization

/// Item links waiting to be written into their `collection.json`, shared by every publisher of this
/// process into one static catalog: whoever holds the catalog's lock writes the links of all the
/// publishers queued meanwhile in one rewrite (a group commit), instead of one rewrite, fsync and
/// lock turn each.
///
/// Publishers in other processes take their own turns under the same lock file; the group is only
/// ever this process's.
final class PendingItemLinks: Sendable {
    /// One publisher's link: settled by whichever publisher wrote it, with that write's outcome.
    final class Entry: Sendable {
        let id: String
        /// The item's time (start...end, normalised RFC 3339 text), which the collection's extent must cover.
        let timeRange: ClosedRange<String>?
        private let outcome = Mutex<Result<Void, CatalogError>?>(nil)

        init(id: String, timeRange: ClosedRange<String>?) {
            self.id = id
            self.timeRange = timeRange
        }

        var result: Result<Void, CatalogError>? { outcome.withLock { $0 } }
        func settle(_ result: Result<Void, CatalogError>) { outcome.withLock { $0 = result } }
    }

    private let waiting = Mutex<[String: [Entry]]>([:])

    /// The queue of the catalog rooted at `root` (one per directory for the whole process).
    static func forCatalog(root: String) -> PendingItemLinks {
        registry.withLock { queues in
            if let queue = queues[root] { return queue }
            let queue = PendingItemLinks()
            queues[root] = queue
            return queue
        }
    }
    private static let registry = Mutex<[String: PendingItemLinks]>([:])

    /// Queues the link to item `id` of `collection`.
    func add(collection: String, id: String, timeRange: ClosedRange<String>?) -> Entry {
        let entry = Entry(id: id, timeRange: timeRange)
        waiting.withLock { $0[collection, default: []].append(entry) }
        return entry
    }

    /// Takes every link queued for `collection`; the caller must settle each.
    func take(collection: String) -> [Entry] {
        waiting.withLock { $0.removeValue(forKey: collection) ?? [] }
    }
}
