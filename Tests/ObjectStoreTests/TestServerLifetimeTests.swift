import FerryTestSupport
import Testing

/// The S3 peers the tests start (rclone, moto) live only as long as `withRunning`: each serves
/// while the body runs and has exited by the time the call returns, whether the body returned or threw.
@Suite struct TestServerLifetimeTests {
    struct PlannedFailure: Error {}

    /// The loopback port of an `http://127.0.0.1:<port>` endpoint.
    static func port(_ endpoint: String) throws -> Int {
        try #require(endpoint.split(separator: ":").last.flatMap { Int($0) })
    }

    @Test func rcloneStopsWhenTheBodyReturnsOrThrows() async throws {
        let endpoint = try await RcloneS3Server.withRunning(buckets: ["b"]) { server in
            let port = try Self.port(server.endpoint)
            #expect(FreePort.isListening(port: port))
            return server.endpoint
        }
        let returnedPort = try Self.port(endpoint)
        #expect(!FreePort.isListening(port: returnedPort), "rclone still serves \(endpoint)")

        var thrown: String?
        do {
            try await RcloneS3Server.withRunning(buckets: ["b"]) { server in
                thrown = server.endpoint
                throw PlannedFailure()
            }
        } catch is PlannedFailure {}
        let after = try #require(thrown)
        let thrownPort = try Self.port(after)
        #expect(!FreePort.isListening(port: thrownPort), "rclone still serves \(after) after the body threw")
    }

    @Test func motoStopsWhenTheBodyThrows() async throws {
        var thrown: String?
        do {
            try await MotoServer.withRunning { server in
                thrown = server.endpoint
                let port = try Self.port(server.endpoint)
                #expect(FreePort.isListening(port: port))
                throw PlannedFailure()
            }
        } catch is PlannedFailure {}
        let after = try #require(thrown)
        let thrownPort = try Self.port(after)
        #expect(!FreePort.isListening(port: thrownPort), "moto still serves \(after) after the body threw")
    }
}
