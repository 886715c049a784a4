import Crypto
import DurableFiles
import Foundation
public import NIOCore
import OffPool

/// An ``ObjectStore`` onto a local directory: keys are relative paths, objects are files put
/// into place whole (a ``DurableFile``), and names starting with "." are the store's own. As in
/// any file system, a key cannot also be the folder of other keys (`a` and `a/b`).
public struct LocalDirectoryObjectStore: ObjectStore {
    public let root: String
    public var location: String { root }
    /// Bytes read or copied at a time.
    static let blockSize = 1 << 20

    public init(root: String) {
        self.root = root
    }

    public func head(key: String) async throws -> StoredObject? {
        let path = try destination(for: key)
        return try await OffPool.run {
            guard FileManager.default.fileExists(atPath: path) else { return nil }
            return try FileDigest.md5(of: path)
        }
    }

    public func put(file path: String, key: String, contentType: String) async throws -> PutResult {
        let source = try await OffPool.run { try FileDigest.md5(of: path) }
        if let existing = try await head(key: key), existing == source {
            return PutResult(location: root, key: key, object: existing, skipped: true)
        }
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw ObjectStoreError(key: key, message: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(input) }
        try await DurableFile.write(to: try destination(for: key)) { fd in
            var offset: Int64 = 0
            while true {
                let block = try await BlockingIO.read(upTo: Self.blockSize, from: input, at: offset, path: path)
                if block.readableBytes == 0 { break }
                try await BlockingIO.writeAll(block, to: fd, path: path)
                offset += Int64(block.readableBytes)
            }
        }
        return PutResult(location: root, key: key, object: source, skipped: false)
    }

    public func put<Body: AsyncSequence>(stream body: Body, key: String, contentType: String) async throws -> PutResult
        where Body.Element == ByteBuffer {
        var hasher = Insecure.MD5()
        var size: Int64 = 0
        let path = try destination(for: key)
        // A writer of this key killed mid-stream left its temporary: gone with the process that wrote it.
        let slash = path.lastIndex(of: "/")!
        let (folder, name) = (String(path[..<slash]), String(path[path.index(after: slash)...]))
        _ = try await OffPool.run { StaleTemporaries.remove(in: folder, finalNamePrefix: name) }
        try await DurableFile.write(to: path) { fd in
            for try await buffer in body {
                buffer.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
                size += Int64(buffer.readableBytes)
                try await BlockingIO.writeAll(buffer, to: fd, path: key)
            }
        }
        return PutResult(location: root, key: key, object: StoredObject(size: size, etag: FileDigest.hex(hasher.finalize())),
                         skipped: false)
    }

    public func get<Result: Sendable>(key: String,
                                      _ consume: @Sendable (any AsyncSequence<ByteBuffer, any Error>) async throws -> Result)
        async throws -> Result? {
        let path = try destination(for: key)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw ObjectStoreError(key: key, message: "\(root): cannot read \(key): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        return try await consume(FileBlocks(fd: fd, path: path, blockSize: Self.blockSize))
    }

    public func get(key: String, toFile path: String) async throws -> StoredObject? {
        guard let object = try await head(key: key) else { return nil }
        let source = try destination(for: key)
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return nil }   // deleted since the head
        defer { close(input) }
        try await DurableFile.write(to: path) { fd in
            for try await block in FileBlocks(fd: input, path: source, blockSize: Self.blockSize) {
                try await BlockingIO.writeAll(block, to: fd, path: path)
            }
        }
        return object
    }

    /// Keys with their sizes; entity tags are left out (nil), since computing them would read
    /// every byte of every file listed: ``head(key:)`` gives one.
    public func list(prefix: String) async throws -> [ListedObject] {
        let root = self.root
        // Walk only the folder the prefix's complete components name; the rest filters keys.
        let folder = prefix.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let listed: [ListedObject] = try await OffPool.run {
            let start = folder.isEmpty ? root : root + "/" + folder
            guard let walker = FileManager.default.enumerator(atPath: start) else { return [] }
            var listed: [ListedObject] = []
            while let relative = walker.nextObject() as? String {
                let key = folder.isEmpty ? relative : folder + "/" + relative
                guard !(relative as NSString).lastPathComponent.hasPrefix("."), key.utf8.starts(with: prefix.utf8),
                      let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + key),
                      attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
                listed.append(ListedObject(key: key, object: StoredObject(size: size, etag: nil)))
            }
            return listed
        }
        return listed.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    public func delete(key: String) async throws {
        let path = try destination(for: key)
        guard unlink(path) == 0 || errno == ENOENT else {
            throw ObjectStoreError(key: key, message: "\(root): cannot delete \(key): \(String(cString: strerror(errno)))")
        }
    }

    /// The file for `key`; keys that would leave the root or name the store's own files are refused.
    private func destination(for key: String) throws -> String {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !parts.contains(where: { $0.isEmpty || $0.hasPrefix(".") }) else {
            throw ObjectStoreError(key: key, message: "\(root): key '\(key)' is not a relative path inside the store")
        }
        return root + "/" + key
    }
}
