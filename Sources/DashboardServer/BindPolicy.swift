/// Where `ferry serve` may listen: loopback freely, anywhere else only behind a bearer token.
public enum BindPolicy {
    /// Addresses that only this host can reach.
    static let loopback: Set<String> = ["127.0.0.1", "::1", "localhost"]

    /// Why binding to `host` is refused, or nil when it is allowed.
    public static func refusal(host: String, token: String?) -> String? {
        if loopback.contains(host) || host.hasPrefix("127.") { return nil }
        if let token, !token.isEmpty { return nil }
        return "binding to \(host) exposes the dashboard beyond this host: give a token (--token or FERRY_SERVE_TOKEN), "
            + "or bind to 127.0.0.1"
    }
}
