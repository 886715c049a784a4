import AWS
public import AsyncHTTPClient
import Crypto
public import HTTPRetry
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import ObjectStore
import OffPool

/// An ``ObjectStore`` onto an S3 bucket: SigV4-signed requests, a HEAD that skips uploading bytes
/// already there, single PUTs for small bodies and multipart uploads (aborted on failure) for
/// large files and streams, ListObjectsV2, GET and DELETE, every request retried under the shared
/// ``RetryPolicy`` (5xx, throttling, dropped connections, Retry-After).
///
/// Errors name the bucket and key; credentials never appear in them. A refused credential
/// (401, 403) is an ``ObjectStoreError`` with the `authentication` code.
public struct S3ObjectStore: ObjectStore {
    public let configuration: S3Configuration
    let client: HTTPClient
    let logger: Logger

    public var location: String { configuration.bucket }

    public init(configuration: S3Configuration, client: HTTPClient = .transfers,
                logger: Logger = Logger(label: "ferry.s3")) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
    }

    public func head(key: String) async throws -> StoredObject? {
        let response = try await send(S3Call(method: .HEAD, key: key), allowing: [404])
        guard response.status == .ok else { return nil }
        return Self.storedObject(response.headers)
    }

    public func put(file path: String, key: String, contentType: String) async throws -> PutResult {
        let size = try await OffPool.run {
            ((try FileManager.default.attributesOfItem(atPath: path))[.size] as? NSNumber)?.int64Value ?? 0
        }
        if let existing = try await head(key: key), existing.size == size {
            let partSize = configuration.partSize
            let local = try await OffPool.run { try FileDigest.etags(of: path, partSize: partSize) }
            if existing.etag == local.whole || existing.etag == local.multipart {
                logger.info("same bytes already stored", metadata: ["bucket": "\(configuration.bucket)", "key": "\(key)"])
                return PutResult(location: configuration.bucket, key: key, object: existing, skipped: true)
            }
        }
        let object: StoredObject
        if size > configuration.multipartThreshold {
            object = try await putInParts(file: path, size: size, key: key, contentType: contentType)
        } else {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw ObjectStoreError(key: key, message: "cannot read \(path): \(String(cString: strerror(errno)))") }
            defer { close(fd) }
            let body = try await BlockingIO.read(upTo: Int(size), from: fd, at: 0, path: path)
            guard body.readableBytes == size else {
                throw ObjectStoreError(key: key, message: "\(path) changed while it was being uploaded")
            }
            object = try await putWhole(body, key: key, contentType: contentType)
        }
        return PutResult(location: configuration.bucket, key: key, object: object, skipped: false)
    }

    /// One PUT of the whole body, guarded by Content-MD5.
    func putWhole(_ body: ByteBuffer, key: String, contentType: String) async throws -> StoredObject {
        let md5 = body.withUnsafeReadableBytes { Insecure.MD5.hash(data: $0) }
        let call = S3Call(method: .PUT, key: key, headers: [("content-type", contentType),
                                                             ("content-md5", Data(md5).base64EncodedString())],
                          body: body)
        _ = try await send(call)
        return StoredObject(size: Int64(body.readableBytes), etag: FileDigest.hex(md5))
    }

    /// Size and entity tag from an answer's headers.
    static func storedObject(_ headers: HTTPHeaders) -> StoredObject {
        let size = Int64(headers.first(name: "content-length") ?? "") ?? -1
        return StoredObject(size: size, etag: headers.first(name: "etag").map(S3XML.unquotedETag))
    }
}
