import Foundation

/// An ``ObjectStore`` onto a local directory: keys are relative paths, writes are atomic
/// (temporary name in the destination folder, fsync, rename).
public struct LocalDirectoryObjectStore: ObjectStore {
    public let root: String
    public var location: String { root }

    public init(root: String) {
        self.root = root
    }

    public func head(key: String) async throws -> StoredObject? {
        let path = try destination(for: key)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try FileDigest.md5(of: path)
    }

    public func put(file path: String, key: String, contentType: String) async throws -> PutResult {
        let source = try FileDigest.md5(of: path)
        if let existing = try await head(key: key), existing == source {
            return PutResult(location: root, key: key, object: existing, skipped: true)
        }
        let target = try destination(for: key)
        let folder = (target as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/.\((target as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        do {
            try FileManager.default.copyItem(atPath: path, toPath: temporary)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporary))
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, target) == 0 else {
                throw ObjectStoreError(key: key, message: "\(root): cannot move \(key) into place: \(String(cString: strerror(errno)))")
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        return PutResult(location: root, key: key, object: source, skipped: false)
    }

    /// The file for `key`; keys that would leave the root are refused.
    private func destination(for key: String) throws -> String {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, !key.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            throw ObjectStoreError(key: key, message: "\(root): key '\(key)' is not a relative path inside the store")
        }
        return root + "/" + key
    }
}
