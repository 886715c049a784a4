import Glibc

/// A loopback TCP port that takes connections (the kernel completes the handshake for its backlog)
/// and never says a word: a server or proxy that has hung.
public enum SilentListener {
    /// Runs `body` with the port of a listening socket that is never accepted from, closed after.
    public static func withRunning<T>(_ body: (Int) async throws -> T) async throws -> T {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ListenerFailure(call: "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0, listen(fd, 16) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw ListenerFailure(call: "bind/listen") }
        return try await body(Int(UInt16(bigEndian: address.sin_port)))
    }

    struct ListenerFailure: Error, CustomStringConvertible {
        let call: String
        var description: String { "silent listener: \(call) failed (errno \(errno))" }
    }
}
