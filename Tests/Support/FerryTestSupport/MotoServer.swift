public import Foundation

/// moto's AWS server (`moto_server` from the test environment) on a loopback port: the S3 and
/// Secrets Manager peer. Buckets and secrets are created through boto3 and what it stores is read
/// back through boto3 too, so a test checks the server's view with a client other than the one
/// under test. Only reachable through `withRunning`, which stops it.
public final class MotoServer: Sendable {
    public let endpoint: String
    /// moto accepts any credentials; these only have to be well-formed.
    public let accessKey = "FERRYMOTOKEY"
    public let secretKey = "ferry-moto-secret"
    private let port: Int
    private let scratch: TemporaryDirectory

    private init() throws {
        scratch = try TemporaryDirectory()
        port = try FreePort.find()
        endpoint = "http://127.0.0.1:\(port)"
    }

    /// Starts the server, creates `buckets`, runs `body` and stops the server before returning
    /// (also when `body` throws).
    public static func withRunning<T>(buckets: [String] = [], isolation: isolated (any Actor)? = #isolation,
                                      _ body: (MotoServer) async throws -> T) async throws -> T {
        let server = try MotoServer()
        let moto = URL(fileURLWithPath: try PythonPeer.interpreter()).deletingLastPathComponent().appendingPathComponent("moto_server")
        // SIGKILL, not SIGTERM: Process starts the child from a libdispatch thread whose signal
        // mask blocks SIGTERM, and Python never unblocks it, so moto_server would not stop.
        // moto keeps its state in memory; nothing is lost.
        return try await ServerProcess.withRunning(moto, ["-H", "127.0.0.1", "-p", String(server.port)], port: server.port,
                                                   timeout: 30, stopSignal: SIGKILL) {
            for bucket in buckets { try await server.boto3("s3.create_bucket(Bucket=sys.argv[2])", bucket) }
            return try await body(server)
        }
    }

    /// The bytes stored under `bucket/key`, nil when there is no such object.
    public func contents(bucket: String, key: String) async throws -> Data? {
        let destination = scratch.path(UUID().uuidString)
        try await boto3("""
            try:
                s3.download_file(sys.argv[2], sys.argv[3], sys.argv[4])
            except botocore.exceptions.ClientError as error:
                if error.response["Error"]["Code"] not in ("404", "NoSuchKey"):
                    raise
            """, bucket, key, destination)
        return FileManager.default.contents(atPath: destination)
    }

    /// Keys of the multipart uploads started in `bucket` and neither completed nor aborted.
    public func pendingMultipartUploads(bucket: String) async throws -> [String] {
        let output = try await boto3("""
            for upload in s3.list_multipart_uploads(Bucket=sys.argv[2]).get("Uploads", []):
                print(upload["Key"])
            """, bucket)
        return output.stdoutText.split(separator: "\n").map(String.init)
    }

    /// Stores a Secrets Manager secret through boto3 and returns its ARN.
    public func createSecret(name: String, value: String) async throws -> String {
        let output = try await boto3("""
            secrets = boto3.client("secretsmanager", endpoint_url=sys.argv[1], region_name="us-east-1",
                                   aws_access_key_id="\(accessKey)", aws_secret_access_key="\(secretKey)")
            print(secrets.create_secret(Name=sys.argv[2], SecretString=sys.argv[3])["ARN"])
            """, name, value)
        return output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Environment variables that point an AWS client (Ferry's) at this server, and nowhere else.
    public var awsEnvironment: [String: String] {
        ["AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey, "AWS_ENDPOINT_URL": endpoint,
         "AWS_ENDPOINT_URL_SECRETS_MANAGER": endpoint, "HOME": "/nonexistent"]
    }

    @discardableResult
    private func boto3(_ body: String, _ arguments: String...) async throws -> ProcessOutput {
        let indented = body.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        return try await PythonPeer.run("""
            import sys, boto3, botocore
            s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1",
                              aws_access_key_id="\(accessKey)", aws_secret_access_key="\(secretKey)")
            if True:
            \(indented)
            """, arguments: [endpoint] + arguments)
    }
}
