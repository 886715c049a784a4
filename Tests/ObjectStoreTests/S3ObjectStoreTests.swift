import AWS
import Crypto
import FerryErrors
import Foundation
import HTTPRetry
import NIOCore
import Testing
import FerryTestSupport
@testable import ObjectStore
@testable import ObjectStoreS3

/// The S3 backend against `rclone serve s3`, which checks every request's SigV4 signature.
@Suite struct S3ObjectStoreTests {
    let directory: TemporaryDirectory
    init() throws { directory = try TemporaryDirectory() }

    func store(_ server: RcloneS3Server, secret: String? = nil, threshold: Int = 64 << 20, part: Int = 16 << 20) -> S3ObjectStore {
        var configuration = S3Configuration(bucket: "ferry-bucket", region: "us-east-1", endpoint: URL(string: server.endpoint)!,
                                            credentials: AWSCredentials(accessKeyID: server.accessKey,
                                                                        secretAccessKey: secret ?? server.secretKey))
        configuration.multipartThreshold = threshold
        configuration.partSize = part
        configuration.retry = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10))
        return S3ObjectStore(configuration: configuration)
    }

    func file(_ name: String, bytes: Int, seed: UInt8 = 1) throws -> (String, Data) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &rng) })
        let path = directory.path(name)
        try data.write(to: URL(fileURLWithPath: path))
        return (path, data)
    }

    @Test func putsHeadsAndSkipsWhatIsAlreadyThere() async throws {
        try await RcloneS3Server.withRunning(buckets: ["ferry-bucket"]) { server in
            let (path, data) = try file("a.cdf", bytes: 100_000)
            let s3 = store(server)
            let key = "l1c/prelim/2025/09/01/reach_all_l1c_prelim_20250901T000000_v1.0.0.cdf"
            #expect(try await s3.head(key: key) == nil)
            let first = try await s3.put(file: path, key: key, contentType: "application/x-cdf")
            #expect(!first.skipped && first.location == "ferry-bucket" && first.key == key)
            #expect(server.contents(bucket: "ferry-bucket", key: key) == data)
            let head = try #require(try await s3.head(key: key))
            #expect(head.size == 100_000 && head.etag == first.object.etag)
            let again = try await s3.put(file: path, key: key, contentType: "application/x-cdf")
            #expect(again.skipped)
        }
    }

    @Test func largeFilesGoUpInParallelParts() async throws {
        try await RcloneS3Server.withRunning(buckets: ["ferry-bucket"]) { server in
            let (path, data) = try file("big.bin", bytes: 5 * (1 << 20) + 12_345, seed: 2)
            let s3 = store(server, threshold: 1 << 20, part: 1 << 20)
            let result = try await s3.put(file: path, key: "raw/2025/09/01/big.bin", contentType: "application/octet-stream")
            #expect(result.object.etag?.hasSuffix("-6") == true)
            #expect(server.contents(bucket: "ferry-bucket", key: "raw/2025/09/01/big.bin") == data)
            let again = try await s3.put(file: path, key: "raw/2025/09/01/big.bin", contentType: "application/octet-stream")
            #expect(again.skipped, "the multipart ETag computed locally matches the server's")
        }
    }

    @Test func aWrongSecretIsAClearAuthErrorThatNamesBucketAndKeyButNotTheSecret() async throws {
        try await RcloneS3Server.withRunning(buckets: ["ferry-bucket"]) { server in
            let (path, _) = try file("a.cdf", bytes: 1000)
            let s3 = store(server, secret: "wrong-secret-value-42")
            do {
                _ = try await s3.put(file: path, key: "l1c/x.cdf", contentType: "application/x-cdf")
                Issue.record("the put should have failed")
            } catch {
                let text = "\(error)"
                #expect(text.contains("s3://ferry-bucket/l1c/x.cdf") && text.contains("403"), "\(text)")
                #expect(!text.contains("wrong-secret-value-42") && !text.contains(server.secretKey))
                #expect((error as? ObjectStoreError)?.code == .authentication, "a refused credential is an authentication error")
            }
        }
    }

    @Test func aStreamOfUnevenBuffersGoesUpInPartsAndComesBack() async throws {
        try await RcloneS3Server.withRunning(buckets: ["ferry-bucket"]) { server in
            let (_, data) = try file("stream.bin", bytes: (12 << 20) + 4_321, seed: 3)
            let s3 = store(server, part: 5 << 20)
            let key = "raw/2025/09/01/stream.bin"
            let put = try await s3.put(stream: UnevenBuffers(data: data), key: key, contentType: "application/octet-stream")
            #expect(!put.skipped && put.object.size == Int64(data.count))
            #expect(put.object.etag?.hasSuffix("-3") == true, "three parts of 5 MiB, 5 MiB and the rest: \(put.object)")
            #expect(server.contents(bucket: "ferry-bucket", key: key) == data)

            #expect(try await s3.get(key: key) { try await gathered($0) } == data)
            #expect(try await s3.get(key: "raw/none") { try await gathered($0) } == nil)
            let copy = directory.path("copy/stream.bin")
            let got = try #require(try await s3.get(key: key, toFile: copy))
            #expect(got.size == Int64(data.count) && FileManager.default.contents(atPath: copy) == data)
            #expect(try await s3.get(key: "raw/none", toFile: directory.path("copy/none")) == nil)
            #expect(!FileManager.default.fileExists(atPath: directory.path("copy/none")))

            // Smaller than one part: one PUT, whose ETag is the MD5 of the bytes.
            let small = Data("a small streamed object".utf8)
            let single = try await s3.put(stream: UnevenBuffers(data: small), key: "raw/small.txt", contentType: "text/plain")
            #expect(single.object == StoredObject(size: 23, etag: FileDigest.hex(Insecure.MD5.hash(data: small))))
            #expect(try await s3.head(key: "raw/small.txt") == single.object, "the server's ETag is the MD5 of a single PUT")
            #expect(server.contents(bucket: "ferry-bucket", key: "raw/small.txt") == small)
        }
    }

    @Test func listsPageByPageInKeyOrderAndDeletes() async throws {
        try await RcloneS3Server.withRunning(buckets: ["ferry-bucket"]) { server in
            var s3 = store(server)
            let keys = ["l1c/2025/09/02/b.cdf", "l1c/2025/09/01/a.cdf", "l1c/2025/09/01/c.cdf", "l1c/2025/09/03/d e.cdf",
                        "l1c/2025/10/01/f.cdf", "raw/2025/09/01/x.csv", "l1c/2025/09/01/a0.cdf"]
            for (index, key) in keys.enumerated() {
                _ = try await s3.put(stream: UnevenBuffers(data: Data(repeating: UInt8(index), count: index + 1)), key: key, contentType: "x")
            }
            var configuration = s3.configuration
            configuration.listPageSize = 2   // six keys under l1c/: three pages, two continuation tokens
            s3 = S3ObjectStore(configuration: configuration)
            let listed = try await s3.list(prefix: "l1c/")
            #expect(listed.map(\.key) == ["l1c/2025/09/01/a.cdf", "l1c/2025/09/01/a0.cdf", "l1c/2025/09/01/c.cdf",
                                          "l1c/2025/09/02/b.cdf", "l1c/2025/09/03/d e.cdf", "l1c/2025/10/01/f.cdf"])
            #expect(listed.first?.object.size == 2 && listed.last?.object.size == 5)
            #expect(try await s3.list(prefix: "l1c/2025/09/0").count == 5)
            #expect(try await s3.list(prefix: "nothing/").isEmpty)

            try await s3.delete(key: "l1c/2025/09/01/a0.cdf")
            try await s3.delete(key: "l1c/2025/09/01/a0.cdf")   // deleting what is not there is no error
            #expect(try await s3.head(key: "l1c/2025/09/01/a0.cdf") == nil)
            #expect(server.contents(bucket: "ferry-bucket", key: "l1c/2025/09/01/a0.cdf") == nil)
            #expect(try await s3.list(prefix: "l1c/2025/09/01/").map(\.key) == ["l1c/2025/09/01/a.cdf", "l1c/2025/09/01/c.cdf"])
        }
    }

    @Test func configurationFromTheAWSVariablesAndProfiles() throws {
        let credentials = directory.path("credentials"), config = directory.path("config")
        try "[default]\naws_access_key_id = DEF\naws_secret_access_key = defsecret\n[ops]\naws_access_key_id=OPS\naws_secret_access_key=opssecret\naws_session_token=tok\n"
            .write(toFile: credentials, atomically: true, encoding: .utf8)
        try "[profile ops]\nregion = eu-north-1\n".write(toFile: config, atomically: true, encoding: .utf8)
        let fromProfile = try S3Configuration.fromEnvironment(bucket: "b", environment: AWSEnvironment(variables: [
            "AWS_PROFILE": "ops", "AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_CONFIG_FILE": config,
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9000"]))
        #expect(fromProfile.credentials == AWSCredentials(accessKeyID: "OPS", secretAccessKey: "opssecret", sessionToken: "tok"))
        #expect(fromProfile.region == "eu-north-1" && fromProfile.endpoint?.absoluteString == "http://127.0.0.1:9000")
        #expect(fromProfile.location(key: "a/b c.cdf").path == "/b/a/b%20c.cdf")
        let fromVariables = try S3Configuration.fromEnvironment(bucket: "b", environment: AWSEnvironment(variables: [
            "AWS_ACCESS_KEY_ID": "ENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_DEFAULT_REGION": "us-west-2",
            "AWS_SHARED_CREDENTIALS_FILE": credentials, "AWS_ENDPOINT_URL_S3": "https://s3.example:8443/base",
            "AWS_ENDPOINT_URL": "http://ignored"]))
        #expect(fromVariables.credentials.accessKeyID == "ENV" && fromVariables.region == "us-west-2")
        #expect(fromVariables.location(key: "k").host == "s3.example:8443" && fromVariables.location(key: "k").path == "/base/b/k")
        let aws = try S3Configuration.fromEnvironment(bucket: "dev-swxsoc-pipeline-incoming", region: "us-east-1",
                                                      environment: AWSEnvironment(variables: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "S"]))
        #expect(aws.location(key: "l1c/x.cdf").host == "dev-swxsoc-pipeline-incoming.s3.us-east-1.amazonaws.com")
        #expect(throws: ObjectStoreError.self) {
            try S3Configuration.fromEnvironment(bucket: "b", environment: AWSEnvironment(variables: ["HOME": directory.url.path]))
        }
    }
}
