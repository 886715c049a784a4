import Foundation

/// Runs blocking file-system work on a Dispatch thread, so the two threads of Swift's cooperative
/// pool never wait on a disk or on another process's lock.
enum OffPool {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
