public import AWS
import FerryErrors
public import Foundation
public import HTTPRetry
import ObjectStore

/// Where and how to reach an S3 bucket.
public struct S3Configuration: Sendable {
    public var bucket: String
    public var region: String
    /// A custom endpoint (rclone, MinIO, moto…); nil for AWS itself.
    public var endpoint: URL?
    public var credentials: AWSCredentials
    /// Files larger than this go up in parts.
    public var multipartThreshold = 64 << 20
    public var partSize = 16 << 20
    /// Parts in flight at once. Four 16 MiB parts beat eight on these 2-core machines, where
    /// hashing parts competes with the rest of the work for the cores (BENCHMARKS.md, S3 upload).
    public var concurrency = 4
    /// Keys asked for per ListObjectsV2 page (S3 answers at most 1000).
    public var listPageSize = 1000
    /// Retries of every request; a part of 16 MiB on a slow link needs the long timeout.
    public var retry = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(200), maxDelay: .seconds(10),
                                   requestTimeout: .seconds(300))

    public init(bucket: String, region: String, endpoint: URL?, credentials: AWSCredentials) {
        self.bucket = bucket
        self.region = region
        self.endpoint = endpoint
        self.credentials = credentials
    }

    /// Settings from the AWS conventions (DESIGN.md); explicit `region`/`endpoint` win.
    public static func fromEnvironment(bucket: String, region: String? = nil, endpoint: String? = nil,
                                       environment: AWSEnvironment = AWSEnvironment()) throws -> S3Configuration {
        guard let credentials = try environment.credentials() else {
            throw ObjectStoreError(code: .configuration, key: "", message: "s3://\(bucket): no AWS credentials (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with ~/.aws/credentials)")
        }
        let endpointText = endpoint ?? environment.endpoint(service: "S3")
        var url: URL?
        if let endpointText {
            guard let parsed = URL(string: endpointText), parsed.scheme == "http" || parsed.scheme == "https", parsed.host != nil else {
                throw ObjectStoreError(code: .configuration, key: "", message: "s3://\(bucket): endpoint '\(endpointText)' is not an http(s) URL")
            }
            url = parsed
        }
        return S3Configuration(bucket: bucket, region: try region ?? environment.region() ?? "us-east-1",
                               endpoint: url, credentials: credentials)
    }

    /// Path-style (`endpoint/bucket/key`) for custom endpoints, virtual-hosted for AWS.
    func location(key: String) -> (scheme: String, host: String, path: String) {
        let bucket = bucketLocation()
        let encodedKey = SigV4Signer.uriEncode(key, encodeSlash: false)
        return (bucket.scheme, bucket.host, (bucket.path == "/" ? "" : bucket.path) + "/" + encodedKey)
    }

    /// Where requests about the bucket itself go (ListObjectsV2).
    func bucketLocation() -> (scheme: String, host: String, path: String) {
        if let endpoint {
            let port = endpoint.port.map { ":\($0)" } ?? ""
            let base = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
            return (endpoint.scheme ?? "https", endpoint.host! + port, "\(base)/\(bucket)")
        }
        return ("https", "\(bucket).s3.\(region).amazonaws.com", "/")
    }
}
