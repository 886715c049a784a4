import AWS
import Crypto
import Foundation
import HTTPRetry
import NIOCore
import Testing
import FerryTestSupport
import ObjectStore
import ObjectStoreS3

/// A put of bytes whose size and MD5 are known in advance stores them only when they are those
/// bytes: on S3 (`rclone serve s3`, which checks Content-MD5) without hashing them in the client,
/// on a local directory by hashing them on the way.
@Suite struct CheckedPutTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    static let data: Data = {
        var generator = SeededGenerator(seed: 21)
        return Data((0..<(3 << 20) + 77).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }()
    static var md5: String { FileDigest.hex(Insecure.MD5.hash(data: data)) }

    /// Every way the bytes can differ from what was promised, with what the caller must see.
    enum Fault: String, CaseIterable, CustomTestStringConvertible {
        case wrongMD5, fewerBytes, moreBytes, sourceDies
        var testDescription: String { rawValue }

        var expected: ExpectedContent {
            switch self {
            case .wrongMD5: ExpectedContent(size: Int64(data.count), md5: String(repeating: "0", count: 32))!
            case .fewerBytes: ExpectedContent(size: Int64(data.count) + 10, md5: md5)!
            case .moreBytes: ExpectedContent(size: Int64(data.count) - 10, md5: md5)!
            case .sourceDies: ExpectedContent(size: Int64(data.count), md5: md5)!
            }
        }
        var body: UnevenBuffers { UnevenBuffers(data: data, failAfter: self == .sourceDies ? 1 << 20 : nil) }
    }

    func s3(_ server: RcloneS3Server, part: Int = 16 << 20) -> S3ObjectStore {
        var configuration = S3Configuration(bucket: "ferry-bucket", region: "us-east-1", endpoint: URL(string: server.endpoint)!,
                                            credentials: AWSCredentials(accessKeyID: server.accessKey, secretAccessKey: server.secretKey))
        configuration.partSize = part
        configuration.retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10))
        return S3ObjectStore(configuration: configuration)
    }

    /// Runs one faulty put and checks the error says what went wrong and that nothing was stored.
    func expectRefused(_ fault: Fault, by store: some ObjectStore, key: String) async throws {
        do {
            _ = try await store.put(stream: fault.body, key: key, contentType: "application/octet-stream", expecting: fault.expected)
            Issue.record("\(fault): the put succeeded")
        } catch let mismatch as ContentMismatch {
            #expect(fault != .sourceDies, "\(mismatch)")
            #expect(mismatch.key == key)
            switch fault {
            case .wrongMD5: #expect(mismatch.detail.contains("MD5"), "\(mismatch)")
            case .fewerBytes: #expect(mismatch.detail.contains("\(Self.data.count) bytes where"), "\(mismatch)")
            case .moreBytes: #expect(mismatch.detail.contains("more than"), "\(mismatch)")
            case .sourceDies: break
            }
        } catch is UnevenBuffers.ProducerDied {
            #expect(fault == .sourceDies, "the source's own error comes back, not the HTTP client's")
        }
        #expect(try await store.head(key: key) == nil, "\(fault): nothing stored")
    }

    @Test func onS3TheServerChecksTheBytesAndKeepsThem() async throws {
        try await RcloneS3Server.withRunning(buckets: ["ferry-bucket"]) { server in
            let store = s3(server)
            let expected = try #require(ExpectedContent(size: Int64(Self.data.count), md5: Self.md5.uppercased()))
            let put = try await store.put(stream: UnevenBuffers(data: Self.data), key: "aux/one.bin",
                                          contentType: "application/octet-stream", expecting: expected)
            #expect(put.object == StoredObject(size: Int64(Self.data.count), etag: Self.md5))
            #expect(server.contents(bucket: "ferry-bucket", key: "aux/one.bin") == Self.data)
            #expect(try await store.head(key: "aux/one.bin")?.etag == Self.md5)
        }
    }

    @Test(arguments: Fault.allCases)
    func onS3BytesThatDifferAreNotStored(_ fault: Fault) async throws {
        try await RcloneS3Server.withRunning(buckets: ["ferry-bucket"]) { server in
            try await expectRefused(fault, by: s3(server), key: "aux/\(fault.rawValue).bin")
        }
    }

    @Test(arguments: [Fault.wrongMD5, Fault.sourceDies])
    func largerThanAPartTheBytesAreCheckedHereAndSentInParts(_ fault: Fault) async throws {
        try await RcloneS3Server.withRunning(buckets: ["ferry-bucket"]) { server in
            let store = s3(server, part: 1 << 20)
            let expected = try #require(ExpectedContent(size: Int64(Self.data.count), md5: Self.md5))
            let put = try await store.put(stream: UnevenBuffers(data: Self.data), key: "aux/parts.bin",
                                          contentType: "application/octet-stream", expecting: expected)
            #expect(put.object.etag?.hasSuffix("-4") == true, "four parts of 1 MiB: \(put.object)")
            #expect(server.contents(bucket: "ferry-bucket", key: "aux/parts.bin") == Self.data)
            try await expectRefused(fault, by: store, key: "aux/parts-\(fault.rawValue).bin")
        }
    }

    @Test(arguments: Fault.allCases)
    func onADirectoryTheBytesAreCheckedOnTheWay(_ fault: Fault) async throws {
        let store = LocalDirectoryObjectStore(root: directory.path("store"))
        let expected = try #require(ExpectedContent(size: Int64(Self.data.count), md5: Self.md5))
        _ = try await store.put(stream: UnevenBuffers(data: Self.data), key: "aux/good.bin", contentType: "x", expecting: expected)
        #expect(FileManager.default.contents(atPath: directory.path("store/aux/good.bin")) == Self.data)
        try await expectRefused(fault, by: store, key: "aux/\(fault.rawValue).bin")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("store/aux")) == ["good.bin"], "no temporary left")
    }

    @Test func onlyASizeAndA32DigitMD5MakeAnExpectation() {
        #expect(ExpectedContent(size: 1, md5: nil) == nil)
        #expect(ExpectedContent(size: nil, md5: Self.md5) == nil)
        #expect(ExpectedContent(size: -1, md5: Self.md5) == nil)
        #expect(ExpectedContent(size: 1, md5: "abc") == nil)
        #expect(ExpectedContent(size: 1, md5: String(repeating: "g", count: 32)) == nil)
        #expect(ExpectedContent(size: 0, md5: "D41D8CD98F00B204E9800998ECF8427E")?.md5Base64 == "1B2M2Y8AsgTpgAmY7PhCfg==")
    }
}
