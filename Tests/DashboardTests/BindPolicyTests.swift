import DashboardServer
import Testing

/// Which addresses `ferry serve` may bind without a token: loopback by address, never by a name's look.
@Suite struct BindPolicyTests {
    @Test(arguments: [("127.0.0.1", true), ("127.3.2.1", true), ("::1", true), ("localhost", true),
                      ("0.0.0.0", false), ("::", false), ("10.0.0.5", false), ("127.example.org", false), ("::ffff:127.0.0.1", false),
                      ("128.0.0.1", false)])
    func onlyLoopbackGoesWithoutAToken(host: String, loopback: Bool) {
        #expect((BindPolicy.refusal(host: host, token: nil) == nil) == loopback, "\(host)")
        #expect(BindPolicy.refusal(host: host, token: "t") == nil, "\(host) with a token")
        #expect((BindPolicy.refusal(host: host, token: "") == nil) == loopback, "an empty token is no token")
    }
}
