import AsyncHTTPClient
import Crypto
import DurableFiles
import Foundation
public import NIOCore
public import ObjectStore
import NIOHTTP1

/// Reading the bucket back: GET (streamed, or into a local file), ListObjectsV2 page by page, DELETE.
extension S3ObjectStore {
    public func get<Result: Sendable>(key: String,
                                      _ consume: @Sendable (any AsyncSequence<ByteBuffer, any Error>) async throws -> Result)
        async throws -> Result? {
        // Retried until the answer's head arrives; once `consume` has seen bytes, a failure is its own.
        try await perform(S3Call(method: .GET, key: key), allowing: [404], retryingReads: false) { response in
            guard response.status == .ok else { return nil }
            return try await consume(response.body)
        }
    }

    public func get(key: String, toFile path: String) async throws -> StoredObject? {
        try await perform(S3Call(method: .GET, key: key), allowing: [404], retryingReads: false) { response in
            guard response.status == .ok else { return nil }
            var size: Int64 = 0
            try await DurableFile.write(to: path) { fd in
                for try await buffer in response.body {
                    size += Int64(buffer.readableBytes)
                    try await BlockingIO.writeAll(buffer, to: fd, path: path)
                }
            }
            return StoredObject(size: size, etag: response.headers.first(name: "etag").map(S3XML.unquotedETag))
        }
    }

    public func list(prefix: String) async throws -> [ListedObject] {
        var listed: [ListedObject] = []
        var continuation: String?
        repeat {
            var query = [("list-type", "2"), ("max-keys", String(configuration.listPageSize)), ("prefix", prefix)]
            if let continuation { query.append(("continuation-token", continuation)) }
            let page = try await send(S3Call(method: .GET, key: nil, query: query))
            let text = Substring(String(buffer: page.body))
            for entry in S3XML.elements("Contents", in: text) {
                guard let key = S3XML.firstValue(of: "Key", in: entry) else { continue }
                let size = S3XML.firstValue(of: "Size", in: entry).flatMap { Int64($0) } ?? -1
                listed.append(ListedObject(key: key, object: StoredObject(size: size,
                                                                         etag: S3XML.firstValue(of: "ETag", in: entry).map(S3XML.unquotedETag))))
            }
            let truncated = S3XML.firstValue(of: "IsTruncated", in: text) == "true"
            continuation = truncated ? S3XML.firstValue(of: "NextContinuationToken", in: text) : nil
            if truncated && continuation == nil {
                throw ObjectStoreError(key: prefix, message: "s3://\(configuration.bucket)/\(prefix): a truncated listing without a continuation token")
            }
        } while continuation != nil
        // S3 lists in UTF-8 byte order already; sorting makes that a promise for every server.
        return listed.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    public func delete(key: String) async throws {
        _ = try await send(S3Call(method: .DELETE, key: key), allowing: [404])
    }
}
