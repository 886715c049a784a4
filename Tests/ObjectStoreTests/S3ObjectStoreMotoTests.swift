import AWS
import Foundation
import HTTPRetry
import NIOCore
import Testing
import FerryTestSupport
@testable import ObjectStore
@testable import ObjectStoreS3

/// The S3 backend against moto's server, a second S3 implementation beside rclone's: moto checks
/// Content-MD5 on single PUTs, computes S3's multipart ETags and enforces S3's 5 MiB minimum part
/// size, which lets a test make CompleteMultipartUpload fail for real and watch the abort.
@Suite struct S3ObjectStoreMotoTests {
    static let bucket = "ferry-moto-bucket"
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func store(_ server: MotoServer, threshold: Int = 64 << 20, part: Int = 8 << 20) -> S3ObjectStore {
        var configuration = S3Configuration(bucket: Self.bucket, region: "us-east-1", endpoint: URL(string: server.endpoint)!,
                                            credentials: AWSCredentials(accessKeyID: server.accessKey,
                                                                        secretAccessKey: server.secretKey))
        configuration.multipartThreshold = threshold
        configuration.partSize = part
        configuration.concurrency = 3
        configuration.retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))
        return S3ObjectStore(configuration: configuration)
    }

    func file(_ name: String, bytes: Int, seed: UInt64) throws -> (String, Data) {
        var rng = SeededGenerator(seed: seed)
        var data = Data(count: bytes)
        data.withUnsafeMutableBytes { raw in
            for index in raw.indices { raw[index] = UInt8.random(in: 0...255, using: &rng) }
        }
        let path = directory.path(name)
        try data.write(to: URL(fileURLWithPath: path))
        return (path, data)
    }

    @Test func putThenHeadThenSkipThenReplaceChangedBytes() async throws {
        try await MotoServer.withRunning(buckets: [Self.bucket]) { server in
            let s3 = store(server)
            let key = "l1c/prelim/2025/09/01/reach_all_l1c_prelim_20250901T000000_v1.0.0.cdf"
            let (path, data) = try file("a.cdf", bytes: 300_000, seed: 7)
            #expect(try await s3.head(key: key) == nil)

            let first = try await s3.put(file: path, key: key, contentType: "application/x-cdf")
            #expect(!first.skipped && first.key == key && first.location == Self.bucket)
            #expect(first.object == StoredObject(size: 300_000, etag: try FileDigest.md5(of: path).etag))
            #expect(try await server.contents(bucket: Self.bucket, key: key) == data)
            #expect(try await s3.head(key: key) == first.object, "moto's HEAD reports the size and MD5 ETag of what was put")

            let again = try await s3.put(file: path, key: key, contentType: "application/x-cdf")
            #expect(again.skipped && again.object == first.object)

            // Same size, different bytes: the HEAD must not be fooled into skipping.
            let (changedPath, changed) = try file("b.cdf", bytes: 300_000, seed: 8)
            let replaced = try await s3.put(file: changedPath, key: key, contentType: "application/x-cdf")
            #expect(!replaced.skipped)
            #expect(try await server.contents(bucket: Self.bucket, key: key) == changed)
        }
    }

    @Test func largeFilesGoUpInPartsWithS3sMultipartETag() async throws {
        try await MotoServer.withRunning(buckets: [Self.bucket]) { server in
            let s3 = store(server, threshold: 5 << 20, part: 5 << 20)
            let key = "raw/2025/09/01/REACH-ALL_20250901T000000_20250902T000000.csv"
            let (path, data) = try file("day.csv", bytes: (11 << 20) + 4_321, seed: 9)
            let result = try await s3.put(file: path, key: key, contentType: "text/csv")
            #expect(!result.skipped)
            let local = try FileDigest.etags(of: path, partSize: 5 << 20)
            #expect(result.object.etag == local.multipart && local.multipart.hasSuffix("-3"))
            #expect(try await server.contents(bucket: Self.bucket, key: key) == data)
            #expect(try await s3.head(key: key) == StoredObject(size: Int64(data.count), etag: local.multipart),
                          "moto computes the same multipart ETag as Ferry")
            #expect(try await server.pendingMultipartUploads(bucket: Self.bucket).isEmpty)

            let again = try await s3.put(file: path, key: key, contentType: "text/csv")
            #expect(again.skipped, "a rerun finds the multipart object already there")
        }
    }

    @Test func aFailedMultipartUploadIsAbortedAndLeavesNoObject() async throws {
        try await MotoServer.withRunning(buckets: [Self.bucket]) { server in
            // 1 MiB parts break S3's 5 MiB minimum: moto refuses CompleteMultipartUpload with EntityTooSmall.
            let s3 = store(server, threshold: 1 << 20, part: 1 << 20)
            let key = "l1c/prelim/2025/09/02/too-small-parts.cdf"
            let (path, _) = try file("parts.cdf", bytes: (3 << 20) + 17, seed: 10)
            do {
                _ = try await s3.put(file: path, key: key, contentType: "application/x-cdf")
                Issue.record("CompleteMultipartUpload should have failed")
            } catch {
                let text = "\(error)"
                #expect(text.contains("s3://\(Self.bucket)/\(key)") && text.contains("EntityTooSmall"), "\(text)")
                #expect(!text.contains(server.secretKey))
            }
            #expect(try await server.pendingMultipartUploads(bucket: Self.bucket).isEmpty, "the upload was aborted")
            #expect(try await s3.head(key: key) == nil)
            #expect(try await server.contents(bucket: Self.bucket, key: key) == nil)
        }
    }

    @Test func aStreamThatFailsMidwayIsAbortedAndLeavesNoParts() async throws {
        try await MotoServer.withRunning(buckets: [Self.bucket]) { server in
            let s3 = store(server, part: 5 << 20)
            let key = "raw/2025/09/03/dies-midway.bin"
            let (_, data) = try file("midway.bin", bytes: 14 << 20, seed: 11)
            // Two whole parts are sent before the producer dies.
            await #expect(throws: UnevenBuffers.ProducerDied.self) {
                _ = try await s3.put(stream: UnevenBuffers(data: data, failAfter: 11 << 20), key: key, contentType: "x")
            }
            #expect(try await server.pendingMultipartUploads(bucket: Self.bucket).isEmpty, "the upload was aborted")
            #expect(try await s3.head(key: key) == nil)

            // The same stream whole: moto computes the same multipart ETag as Ferry.
            let put = try await s3.put(stream: UnevenBuffers(data: data), key: key, contentType: "x")
            #expect(try await s3.head(key: key) == put.object && put.object.etag?.hasSuffix("-3") == true)
            #expect(try await server.contents(bucket: Self.bucket, key: key) == data)
            #expect(try await server.pendingMultipartUploads(bucket: Self.bucket).isEmpty)
        }
    }

    @Test func listingPagesWithContinuationTokens() async throws {
        try await MotoServer.withRunning(buckets: [Self.bucket]) { server in
            var configuration = store(server).configuration
            configuration.listPageSize = 3
            let s3 = S3ObjectStore(configuration: configuration)
            let keys = (0..<8).map { "l1c/2025/09/\(String(format: "%02d", 8 - $0))/x.cdf" }
            for key in keys { _ = try await s3.put(stream: UnevenBuffers(data: Data(key.utf8)), key: key, contentType: "x") }
            _ = try await s3.put(stream: UnevenBuffers(data: Data("y".utf8)), key: "raw/y", contentType: "x")
            #expect(try await s3.list(prefix: "l1c/").map(\.key) == keys.sorted())
            try await s3.delete(key: keys[0])
            #expect(try await s3.list(prefix: "l1c/").count == 7)
            #expect(try await server.contents(bucket: Self.bucket, key: keys[0]) == nil)
        }
    }
}
