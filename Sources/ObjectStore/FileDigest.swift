import Crypto
import Foundation

/// Size and entity tag of a local file, read in blocks so a large file never sits in memory.
public enum FileDigest {
    /// The file as an object stored whole: its size and MD5.
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
        return StoredObject(size: size, etag: hex(hasher.finalize()))
    }

    /// The entity tags a store may report for the file, computed in one pass: the MD5 of the
    /// whole file (single PUTs; also what some S3-compatible servers report for multipart uploads)
    /// and AWS's multipart form for `partSize` parts (MD5 of the parts' MD5s, "-", part count).
    public static func etags(of path: String, partSize: Int) throws -> (size: Int64, whole: String, multipart: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ObjectStoreError(key: path, message: "cannot open \(path) for reading")
        }
        defer { try? handle.close() }
        var whole = Insecure.MD5()
        var digests = Data()
        var size: Int64 = 0, parts = 0
        while let block = try handle.read(upToCount: partSize), !block.isEmpty {
            whole.update(data: block)
            digests.append(contentsOf: Insecure.MD5.hash(data: block))
            size += Int64(block.count)
            parts += 1
        }
        return (size, hex(whole.finalize()), hex(Insecure.MD5.hash(data: digests)) + "-\(parts)")
    }

    /// Lower-case hexadecimal of `bytes`.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
