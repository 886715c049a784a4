import Foundation
import Testing
import FerryTestSupport
@testable import ObjectStore

@Suite struct LocalDirectoryObjectStoreTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    @Test func putsHeadsAndSkipsTheSameBytes() async throws {
        let source = directory.path("a.cdf")
        try Data("first".utf8).write(to: URL(fileURLWithPath: source))
        let store = LocalDirectoryObjectStore(root: directory.path("store"))
        let key = "l1c/prelim/2025/09/01/a.cdf"
        #expect(try await store.head(key: key) == nil)
        let first = try await store.put(file: source, key: key, contentType: "application/x-cdf")
        #expect(!first.skipped && first.object.size == 5)
        #expect(try String(contentsOfFile: directory.path("store/\(key)"), encoding: .utf8) == "first")
        #expect(first.object.etag == "8b04d5e3775d298e78455efc5ca404d5")
        #expect(try await store.put(file: source, key: key, contentType: "application/x-cdf").skipped)
        try Data("second".utf8).write(to: URL(fileURLWithPath: source))
        let changed = try await store.put(file: source, key: key, contentType: "application/x-cdf")
        #expect(!changed.skipped)
        #expect(try String(contentsOfFile: directory.path("store/\(key)"), encoding: .utf8) == "second")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path("store/l1c/prelim/2025/09/01"))
        #expect(leftovers == ["a.cdf"], "no temporary files left")
    }

    @Test(arguments: ["../escape", "/absolute", "a//b", "a/./b", ""])
    func refusesKeysOutsideTheRoot(_ key: String) async throws {
        let source = directory.path("a")
        try Data("x".utf8).write(to: URL(fileURLWithPath: source))
        let store = LocalDirectoryObjectStore(root: directory.path("store"))
        await #expect(throws: ObjectStoreError.self) { try await store.put(file: source, key: key, contentType: "x") }
    }
}
