public import Foundation

/// `rclone serve s3` on a loopback port with SigV4 authentication, serving a temporary directory
/// whose subdirectories are the buckets. Only reachable through `withRunning`, which stops it.
public final class RcloneS3Server: Sendable {
    public let endpoint: String
    public let accessKey = "FERRYTESTKEY"
    public let secretKey = "ferry-test-secret-0123456789"
    public let root: TemporaryDirectory
    private let port: Int

    private init(buckets: [String]) throws {
        root = try TemporaryDirectory()
        for bucket in buckets {
            try FileManager.default.createDirectory(atPath: root.path(bucket), withIntermediateDirectories: true)
        }
        port = try FreePort.find()
        endpoint = "http://127.0.0.1:\(port)"
    }

    /// Starts a server with `buckets` created, runs `body` once it accepts connections, and stops
    /// the server before returning (also when `body` throws).
    public static func withRunning<T>(buckets: [String], isolation: isolated (any Actor)? = #isolation,
                                      _ body: (RcloneS3Server) async throws -> T) async throws -> T {
        let server = try RcloneS3Server(buckets: buckets)
        let rclone = URL(fileURLWithPath: try PythonPeer.interpreter()).deletingLastPathComponent().appendingPathComponent("rclone")
        let arguments = ["serve", "s3", "--auth-key", "\(server.accessKey),\(server.secretKey)",
                         "--addr", "127.0.0.1:\(server.port)", "--cache-dir", server.root.path(".cache"), server.root.url.path]
        return try await ServerProcess.withRunning(rclone, arguments, port: server.port, timeout: 20, stopSignal: SIGTERM) {
            try await body(server)
        }
    }

    /// The bytes stored under `bucket/key`.
    public func contents(bucket: String, key: String) -> Data? {
        FileManager.default.contents(atPath: root.path("\(bucket)/\(key)"))
    }
}
