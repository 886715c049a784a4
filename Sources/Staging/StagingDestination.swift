public import AsyncHTTPClient
import Foundation
public import ObjectStore
import ObjectStoreS3

/// Where staged files go (`--s3-path`): `s3://bucket/prefix`, or `file:///absolute/dir` for a
/// local directory (the demo's embedded default, and a disk mounted where the science runs).
public enum StagingDestination: Sendable, Hashable, Codable, CustomStringConvertible {
    case s3(bucket: String, prefix: String)
    case directory(String)

    /// Parses `s3://bucket[/prefix]` or `file:///dir`; anything else is a configuration error.
    public init(parsing text: String) throws {
        if text.hasPrefix("s3://") {
            let rest = text.dropFirst("s3://".count)
            let bucket = String(rest.prefix { $0 != "/" })
            guard !bucket.isEmpty else { throw StagingError.configuration("--s3-path \(text): no bucket after s3://") }
            let prefix = rest.dropFirst(bucket.count).split(separator: "/").joined(separator: "/")
            self = .s3(bucket: bucket, prefix: prefix)
        } else if text.hasPrefix("file://") {
            let path = String(text.dropFirst("file://".count))
            guard path.hasPrefix("/") else { throw StagingError.configuration("--s3-path \(text): a file:// path must be absolute (file:///dir)") }
            self = .directory(path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path)
        } else {
            throw StagingError.configuration("--s3-path \(text): expected s3://bucket/prefix or file:///directory")
        }
    }

    public var description: String {
        switch self {
        case .s3(let bucket, let prefix): return "s3://\(bucket)" + (prefix.isEmpty ? "" : "/\(prefix)")
        case .directory(let path): return "file://\(path)"
        }
    }

    /// The object key of the file `name` in the store `makeStore()` opens.
    public func key(for name: String) -> String {
        switch self {
        case .s3(_, let prefix): return prefix.isEmpty ? name : prefix + "/" + name
        case .directory: return name
        }
    }

    /// The asset href the seed writes: `<s3 path>/<id>`, the key as it is (S3 clients take the
    /// text after the bucket as the key); a local file as a `file://` URL, escaped where a URL must be.
    public func href(for name: String) -> String {
        switch self {
        case .s3: return description + "/" + name
        case .directory(let path): return URL(fileURLWithPath: path + "/" + name).absoluteString
        }
    }

    /// The store to write into: S3 with the AWS settings of the environment (DESIGN.md), or the directory.
    public func makeStore(httpClient: HTTPClient) throws -> any ObjectStore {
        switch self {
        case .s3(let bucket, _):
            return S3ObjectStore(configuration: try S3Configuration.fromEnvironment(bucket: bucket), client: httpClient)
        case .directory(let path):
            return LocalDirectoryObjectStore(root: path)
        }
    }
}
