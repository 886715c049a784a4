public import Foundation

/// `rclone serve s3` on a loopback port with SigV4 authentication, serving a temporary directory
/// whose subdirectories are the buckets. Stopped when released.
public final class RcloneS3Server: @unchecked Sendable {
    // Immutable after init apart from the Process, which is only touched in deinit.
    public let endpoint: String
    public let accessKey = "FERRYTESTKEY"
    public let secretKey = "ferry-test-secret-0123456789"
    public let root: TemporaryDirectory
    private let process: Process

    /// Starts the server with `buckets` created; waits until it accepts connections.
    public init(buckets: [String]) async throws {
        root = try TemporaryDirectory()
        for bucket in buckets {
            try FileManager.default.createDirectory(atPath: root.path(bucket), withIntermediateDirectories: true)
        }
        let port = try FreePort.find()
        endpoint = "http://127.0.0.1:\(port)"
        let rclone = URL(fileURLWithPath: try PythonPeer.interpreter()).deletingLastPathComponent().appendingPathComponent("rclone")
        process = Process()
        process.executableURL = rclone
        process.arguments = ["serve", "s3", "--auth-key", "\(accessKey),\(secretKey)", "--addr", "127.0.0.1:\(port)",
                             "--cache-dir", root.path(".cache"), root.url.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        try await FreePort.waitUntilListening(port: port, timeout: 20)
    }

    /// The bytes stored under `bucket/key`.
    public func contents(bucket: String, key: String) -> Data? {
        FileManager.default.contents(atPath: root.path("\(bucket)/\(key)"))
    }

    deinit {
        process.terminate()
        process.waitUntilExit()
    }
}

/// Loopback ports for test servers.
public enum FreePort {
    /// A port the kernel just handed out, released for the caller to bind.
    public static func find() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Polls until something accepts TCP connections on the port.
    public static func waitUntilListening(port: Int, timeout: Double) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            close(fd)
            if connected == 0 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw POSIXError(.ETIMEDOUT)
    }
}
