import Dispatch

/// Runs blocking work (file I/O, fsync, waiting for a file lock) on a Dispatch thread, so the two
/// threads of Swift's cooperative pool never wait on a disk or on another process.
///
/// Dispatch's global queue adds threads while its threads block, so work waiting on a lock held
/// elsewhere never starves the rest (unlike a fixed pool of threads).
public enum OffPool {
    /// The result of `work`, run off the cooperative pool.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
