import Crypto
import Foundation
import NIOCore
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

    @Test(arguments: ["../escape", "/absolute", "a//b", "a/./b", "", "a/.hidden", ".b.tmp"])
    func refusesKeysOutsideTheRoot(_ key: String) async throws {
        let source = directory.path("a")
        try Data("x".utf8).write(to: URL(fileURLWithPath: source))
        let store = LocalDirectoryObjectStore(root: directory.path("store"))
        await #expect(throws: ObjectStoreError.self) { try await store.put(file: source, key: key, contentType: "x") }
    }

    func randomData(_ count: Int, seed: UInt64) -> Data {
        var rng = SeededGenerator(seed: seed)
        return Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    @Test func streamsInGetsBackListsAndDeletes() async throws {
        let store = LocalDirectoryObjectStore(root: directory.path("store"))
        let data = randomData((3 << 20) + 333, seed: 5)
        let key = "raw/2025/09/01/stream.bin"
        let put = try await store.put(stream: UnevenBuffers(data: data), key: key, contentType: "application/octet-stream")
        #expect(put.object == StoredObject(size: Int64(data.count), etag: FileDigest.hex(Insecure.MD5.hash(data: data))))
        #expect(FileManager.default.contents(atPath: directory.path("store/\(key)")) == data)
        #expect(try await store.get(key: key) { try await gathered($0) } == data)
        #expect(try await store.get(key: "raw/none") { try await gathered($0) } == nil)

        let copy = directory.path("copies/stream.bin")
        #expect(try await store.get(key: key, toFile: copy) == put.object)
        #expect(FileManager.default.contents(atPath: copy) == data)
        #expect(try await store.get(key: "raw/none", toFile: directory.path("copies/none")) == nil)
        #expect(!FileManager.default.fileExists(atPath: directory.path("copies/none")))

        for name in ["b", "a", "c/d", "a0", "a-/z"] {
            _ = try await store.put(stream: UnevenBuffers(data: Data(name.utf8)), key: "l1c/\(name)", contentType: "x")
        }
        // A temporary file of a write in progress is not an object.
        try Data("partial".utf8).write(to: URL(fileURLWithPath: directory.path("store/l1c/.b.1234.tmp")))
        #expect(try await store.list(prefix: "l1c/").map(\.key) == ["l1c/a", "l1c/a-/z", "l1c/a0", "l1c/b", "l1c/c/d"], "UTF-8 byte order")
        #expect(try await store.list(prefix: "l1c/a").map(\.key) == ["l1c/a", "l1c/a-/z", "l1c/a0"])
        #expect(try await store.list(prefix: "raw/").map(\.object) == [StoredObject(size: Int64(data.count), etag: nil)])
        #expect(try await store.list(prefix: "nothing/").isEmpty)

        try await store.delete(key: "l1c/a0")
        try await store.delete(key: "l1c/a0")   // deleting what is not there is no error
        #expect(try await store.head(key: "l1c/a0") == nil)
        #expect(try await store.list(prefix: "l1c/a").map(\.key) == ["l1c/a", "l1c/a-/z"])
    }

    @Test func aStreamThatFailsLeavesNothingBehind() async throws {
        let store = LocalDirectoryObjectStore(root: directory.path("store"))
        let data = randomData(2 << 20, seed: 6)
        await #expect(throws: UnevenBuffers.ProducerDied.self) {
            _ = try await store.put(stream: UnevenBuffers(data: data, failAfter: 1 << 20), key: "raw/x.bin", contentType: "x")
        }
        #expect(try await store.head(key: "raw/x.bin") == nil)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("store/raw")).isEmpty, "no temporary file left")
    }
}
