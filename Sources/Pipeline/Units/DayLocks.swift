public import DurableFiles
public import Telemetry
public import UTCDate

/// One lock per day and phase, in a folder beside the ledger: every run that decides from the
/// same ledger contends for the same locks, so a day is worked on by one process at a time.
///
/// A run holds a day's lock from before it re-reads the day's state until after it has written
/// the row that ends the attempt; a process killed meanwhile loses the lock with its descriptors.
public struct DayLocks: Sendable {
    /// The folder holding the lock files (`.<ledger name>.locks`).
    public let directory: String

    public init(ledgerPath: String) {
        let slash = ledgerPath.lastIndex(of: "/")
        let folder = slash.map { String(ledgerPath[..<$0]) } ?? "."
        let name = slash.map { String(ledgerPath[ledgerPath.index(after: $0)...]) } ?? ledgerPath
        directory = (folder.isEmpty ? "" : folder) + "/." + name + ".locks"
    }

    /// The lock file of `day` in `phase`.
    public func path(day: UTCDay, phase: LedgerPhase) -> String {
        "\(directory)/\(phase.rawValue)-\(day).lock"
    }

    /// Takes `day`'s lock for `phase`. When another process holds it: nil, or with `wait`, the
    /// lock once that process lets it go.
    public func acquire(day: UTCDay, phase: LedgerPhase, wait: Bool) async throws -> FileLock? {
        let path = path(day: day, phase: phase)
        return wait ? try await FileLock.acquire(path) : try FileLock.tryAcquire(path)
    }

    /// Claims a planned day for this run: when it needs work, takes its lock for `phase` and then
    /// decides it again from the ledger as it is now (another run may have finished it meanwhile).
    /// Returns the decision to act on and the lock to release after the day's last row; nil when
    /// another process holds the day and `wait` is false.
    func claim<Decision>(_ planned: Decision, day: UTCDay, phase: LedgerPhase, needsWork: Bool, wait: Bool,
                         decideAgain: () throws -> Decision) async throws -> (decision: Decision, lock: FileLock?)? {
        guard needsWork else { return (planned, nil) }
        guard let lock = try await acquire(day: day, phase: phase, wait: wait) else { return nil }
        do {
            return (try decideAgain(), lock)
        } catch {
            lock.release()
            throw error
        }
    }
}
