import Crypto
import Foundation

/// Size and MD5 of a local file, read in blocks so a large file never sits in memory.
public enum FileDigest {
    public static func md5(of path: String) throws -> StoredObject {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ObjectStoreError(key: path, message: "cannot open \(path) for reading")
        }
        defer { try? handle.close() }
        var hasher = Insecure.MD5()
        var size: Int64 = 0
        while let block = try handle.read(upToCount: 4 << 20), !block.isEmpty {
            hasher.update(data: block)
            size += Int64(block.count)
        }
        return StoredObject(size: size, md5: hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }
}

/// A store operation that failed; names the store and key, never credentials.
public struct ObjectStoreError: Error, CustomStringConvertible, Equatable, Sendable {
    public let key: String
    public let message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { message }
}
