#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `ferry serve` may listen: loopback freely, anywhere else only behind a bearer token.
public enum BindPolicy {
    /// Why binding to `host` is refused, or nil when it is allowed.
    public static func refusal(host: String, token: String?) -> String? {
        if isLoopback(host) { return nil }
        if let token, !token.isEmpty { return nil }
        return "binding to \(host) exposes the dashboard beyond this host: give a token (--token or FERRY_SERVE_TOKEN), "
            + "or bind to 127.0.0.1"
    }

    /// 127.0.0.0/8, ::1 or `localhost`, by address: a name like `127.example.org` is not loopback.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { bytes in bytes.prefix(15).allSatisfy { $0 == 0 } && bytes[15] == 1 }
        }
        return false
    }
}
