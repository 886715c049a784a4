public import DurableFiles
import Foundation
import OffPool

extension DurableFile {
    /// Puts `target` in place whole or not at all, with what `fill` writes to the open descriptor
    /// it is given (an object's bytes as they stream in); the file-system calls run off the
    /// cooperative pool, and any failure leaves the destination as it was.
    public static func write(to target: String, _ fill: (_ fd: Int32) async throws -> Void) async throws {
        let file = try await OffPool.run { try OwnedDurableFile(DurableFile(destination: target)) }.file
        do {
            try await fill(file.descriptor)
            try await OffPool.run { [owned = OwnedDurableFile(file)] in try owned.file.commit() }
        } catch let error as DurableFileError {
            file.discard()
            throw ObjectStoreError(key: target, message: error.description)
        } catch {
            file.discard()
            throw error
        }
    }
}

/// Hands a ``DurableFile`` to the thread that creates or commits it. Unchecked because a
/// DurableFile has one owner at a time: the task above never touches it while the thread does.
private struct OwnedDurableFile: @unchecked Sendable {
    let file: DurableFile
    init(_ file: DurableFile) { self.file = file }
}
