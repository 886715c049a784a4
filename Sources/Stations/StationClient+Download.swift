import AsyncHTTPClient
import NIOHTTP1

extension StationClient {
    /// Streams `file` (`/Products(Id)/$value` or `/Files(Id)/$value`, following the station's
    /// redirect) into `body`, which runs while the connection is open. Failures before the first
    /// byte are retried; checking size and MD5 is the caller's (it hashes what it reads).
    public func download<T: Sendable>(_ file: StationFile, _ body: (StationDownload) async throws -> T) async throws -> T {
        let url = "\(baseURL)/\(kind.entitySet)(\(StationURL.encodeKey(file.id)))/$value"
        // An API key rides in a header AsyncHTTPClient does not know to drop when it follows a
        // redirect to another host itself; a client of our own that never follows keeps it home.
        guard case .apiKey = auth else { return try await download(url, client: httpClient, body) }
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        let ownClient = HTTPClient(eventLoopGroup: httpClient.eventLoopGroup, configuration: configuration)
        do {
            let result = try await download(url, client: ownClient, body)
            try await ownClient.shutdown()
            return result
        } catch {
            try? await ownClient.shutdown()
            throw error
        }
    }

    private func download<T: Sendable>(_ url: String, client: HTTPClient, _ body: (StationDownload) async throws -> T) async throws -> T {
        try await withAcceptedResponse(url, client: client) { response, finalURL in
            let length = response.headers.first(name: "Content-Length").flatMap { Int64($0) }
            return try await body(StationDownload(body: response.body, contentLength: length, url: StationURL.printable(finalURL)))
        }
    }
}
