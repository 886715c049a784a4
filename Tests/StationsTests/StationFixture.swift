import AsyncHTTPClient
import Crypto
import Foundation
import HTTPRetry
import NIOCore
import StationSimulator
import Stations

/// What the station tests share: the simulated day, a quick retry policy, clients of a simulator.
enum StationFixture {
    /// 2024-01-01T00:00:00Z and the next midnight: every simulated file is published in between.
    static let dayStart = Date(timeIntervalSince1970: 1_704_067_200)
    static let dayEnd = dayStart.addingTimeInterval(86_400)

    /// Retries quickly so fault tests stay fast.
    static let quickRetry = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50),
                                        requestTimeout: .seconds(30))

    static func configuration(_ kind: StationKind, files: Int = 10, size: Int64 = 10_000,
                              _ adjust: (inout StationSimulatorConfiguration) -> Void = { _ in }) -> StationSimulatorConfiguration {
        var configuration = StationSimulatorConfiguration(kind: kind)
        configuration.fileCount = files
        configuration.fileSize = size
        adjust(&configuration)
        return configuration
    }

    static func client(_ simulator: StationSimulator, auth: StationAuth? = nil, httpClient: HTTPClient = .shared,
                       retry: RetryPolicy = quickRetry) -> StationClient {
        StationClient(kind: simulator.configuration.kind, baseURL: simulator.baseURL, auth: auth ?? simulator.clientAuth,
                      httpClient: httpClient, retryPolicy: retry)
    }

    /// Runs `body` with an HTTP client that never follows redirects, shut down afterwards.
    static func withNonRedirectingClient<T>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Downloads `file`, hashing what arrives: (bytes, lower-case hex MD5, chunks, announced length).
    static func fetch(_ client: StationClient, _ file: StationFile) async throws -> (Int64, String, Int, Int64?) {
        try await client.download(file) { download in
            var hash = Insecure.MD5()
            var bytes: Int64 = 0
            var chunks = 0
            for try await buffer in download {
                buffer.withUnsafeReadableBytes { hash.update(bufferPointer: $0) }
                bytes += Int64(buffer.readableBytes)
                chunks += 1
            }
            return (bytes, hex(hash.finalize()), chunks, download.contentLength)
        }
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
