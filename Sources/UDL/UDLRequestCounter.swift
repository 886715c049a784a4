import Synchronization

/// Counts every request the UDL client sends by how it ended: the HTTP status ("200", "429",
/// "503", …) or "transport" when no answer came. Shared by a run's days; read for the request log
/// and the dashboard's request figures.
public final class UDLRequestCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    public init() {}

    func record(_ outcome: String) {
        counts.withLock { $0[outcome, default: 0] += 1 }
    }

    /// Requests so far by outcome.
    public var snapshot: [String: Int] { counts.withLock { $0 } }
}
