public import AsyncHTTPClient
import NIOCore

/// The HTTP client staging talks to stations, stores and catalogs with.
///
/// It follows no redirect itself: ``StationClient`` does, deciding per host which credential goes
/// along, and counting each hop against a token that may be good for only so many requests (a
/// client that follows a CADIP 307 inside one call spends the token twice where nobody sees it).
/// It asks for no compressed answers and decodes none: a station's bytes are checked as listed, and
/// a decompressing client refuses compressible files beyond its ratio limit. A refused connection
/// fails within 10 s, not the 90 s of `HTTPClient.shared`, so the work queue retries it sooner.
public enum StationHTTPClient {
    /// The configuration described above.
    public static var configuration: HTTPClient.Configuration {
        HTTPClient.Configuration(redirectConfiguration: .disallow,
                                 timeout: .init(connect: .seconds(10), read: .seconds(90)),
                                 decompression: .disabled)
    }

    /// Runs `body` with a client of that configuration, shut down once `body` returns or throws.
    public static func withClient<Result>(_ body: (HTTPClient) async throws -> Result) async throws -> Result {
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
        let result: Result
        do {
            result = try await body(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }
}
