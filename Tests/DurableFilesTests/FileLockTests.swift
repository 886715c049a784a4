import DurableFiles
import FerryTestSupport
import Foundation
import Testing

/// Locks held by other processes: refused while the holder lives, free once it is killed.
@Suite struct FileLockTests {
    let directory: TemporaryDirectory
    let probe = BuiltProducts.path("durable-files-probe")
    init() throws { directory = try TemporaryDirectory() }

    func holder(_ lock: String) async throws -> ChildProcess {
        let ready = directory.path("ready-\(UUID().uuidString)")
        let child = try ChildProcess(probe, ["hold-lock", lock, ready], outputPrefix: ready)
        #expect(try await ChildProcess.eventually { FileManager.default.fileExists(atPath: ready) }, "\(child.stderrText)")
        return child
    }

    @Test func aLockHeldByAnotherProcessIsRefusedUntilThatProcessDies() async throws {
        let path = directory.path("locks/download-2025-09-01.lock")
        let other = try await holder(path)
        #expect(try FileLock.tryAcquire(path) == nil, "held by the probe")
        #expect(try FileLock.tryAcquire(directory.path("locks/download-2025-09-02.lock")) != nil, "another day is free")
        other.kill()
        _ = await other.wait()
        let mine = try #require(try FileLock.tryAcquire(path), "the kernel released the killed holder's lock")
        _ = mine
    }

    @Test func aWaiterGetsTheLockWhenTheHolderGoes() async throws {
        let path = directory.path("process-2025-09-01.lock")
        let other = try await holder(path)
        async let waited = FileLock.acquire(path, pollInterval: .milliseconds(10))
        try await Task.sleep(for: .milliseconds(100))
        other.kill()
        _ = await other.wait()
        let lock = try await waited
        #expect(lock.path == path)
    }

    @Test func twoHoldersInOneProcessExcludeEachOther() throws {
        let path = directory.path("same.lock")
        let first = try #require(try FileLock.tryAcquire(path))
        #expect(try FileLock.tryAcquire(path) == nil)
        first.release()
        #expect(try FileLock.tryAcquire(path) != nil)
    }

    @Test func aProcessThatCannotTakeTheLockSaysBusy() async throws {
        let path = directory.path("busy.lock")
        let mine = try #require(try FileLock.tryAcquire(path))
        let child = try ChildProcess(probe, ["hold-lock", path, directory.path("never")], outputPrefix: directory.path("second"))
        #expect(await child.wait() == 2)
        #expect(child.stderrText.contains("busy"))
        mine.release()
    }
}
