import AsyncHTTPClient
import Foundation
import StationSimulator
import Stations
import Testing

@Suite struct StationAuthTests {
    @Test(arguments: [StationKind.auxip, .cadip])
    func anAPIKeyOpensEveryEndpoint(kind: StationKind) async throws {
        let configuration = StationFixture.configuration(kind, files: 2) { $0.auth = .apiKey(header: "x-api-key", value: "key-s3cret") }
        try await StationSimulator.withRunning(configuration) { simulator in
            let client = StationFixture.client(simulator)
            let files = try await client.search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            let (_, md5, _, _) = try await StationFixture.fetch(client, files[0])
            #expect(md5 == simulator.archive.md5(of: files[0]))
            for auth in [StationAuth.none, .apiKey(header: "x-api-key", value: "wrong-key")] {
                await #expect {
                    _ = try await StationFixture.client(simulator, auth: auth).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
                } throws: { error in
                    guard case .unauthorized = error as? StationError else { return false }
                    return !"\(error)".contains("key-s3cret") && !"\(error)".contains("wrong-key")
                }
            }
            #expect(simulator.stats.count(401) == 2, "401 is never retried")
        }
    }

    /// CADIP redirects downloads elsewhere (a storage host): the station's credential stays home.
    /// The other host here would accept the very same credential, so a leak would show as success.
    @Test(arguments: [false, true])
    func credentialsAreNotSentToTheHostARedirectPointsTo(followingClient: Bool) async throws {
        let key = SimulatedAuth.apiKey(header: "x-api-key", value: "key-s3cret")
        // (An API key only: two simulators never accept each other's OAuth2 tokens, so a leaked token
        // would not show; AsyncHTTPClient drops Authorization itself, and the client never adds it there.)
        for auth in [key] {
            let storage = StationFixture.configuration(.cadip, files: 2) { $0.auth = auth }
            try await StationSimulator.withRunning(storage) { storageHost in
                // The same address under another name: another origin to the client.
                let storageBase = storageHost.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost")
                let station = StationFixture.configuration(.cadip, files: 2) {
                    $0.auth = auth
                    $0.downloadBaseURL = storageBase
                }
                try await StationSimulator.withRunning(station) { simulator in
                    let run: (HTTPClient) async throws -> Void = { httpClient in
                        let client = StationFixture.client(simulator, httpClient: httpClient)
                        await #expect {
                            _ = try await StationFixture.fetch(client, simulator.archive.files[0])
                        } throws: { error in
                            guard case let .unauthorized(message) = error as? StationError else { return false }
                            return message.contains("localhost")
                        }
                    }
                    if followingClient { try await run(.shared) } else { try await StationFixture.withNonRedirectingClient(run) }
                    #expect(simulator.stats.count(307) >= 1)
                }
                #expect(storageHost.stats.count(401) >= 1 && storageHost.stats.downloadsStarted == 0)
            }
        }
        // An open storage host serves the redirected download whole.
        try await StationSimulator.withRunning(StationFixture.configuration(.cadip, files: 2)) { storageHost in
            let station = StationFixture.configuration(.cadip, files: 2) {
                $0.auth = key
                $0.downloadBaseURL = storageHost.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost")
            }
            try await StationSimulator.withRunning(station) { simulator in
                let file = simulator.archive.files[1]
                let (_, md5, _, _) = try await StationFixture.fetch(StationFixture.client(simulator), file)
                // The server counts a download once its last write completes, which may be after
                // the client has read the last byte.
                for _ in 0..<200 where storageHost.stats.downloadsCompleted == 0 { try await Task.sleep(for: .milliseconds(10)) }
                #expect(md5 == simulator.archive.md5(of: file) && storageHost.stats.downloadsCompleted == 1)
            }
        }
    }

    @Test func oauth2TokensAreRefreshedWhenTheStationRefusesThem() async throws {
        let configuration = StationFixture.configuration(.cadip, files: 2100, size: 1000) {
            $0.auth = .oauth2(username: "ferry", password: "pa55-secret", clientID: "ferry-tests", clientSecret: "client-s3cret")
            $0.faults.tokenExpiresAfterRequests = 2
        }
        try await StationSimulator.withRunning(configuration) { simulator in
            let client = StationFixture.client(simulator)
            let files = try await client.search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            #expect(files.count == 2100)
            // A CADIP download is two requests (the 307 and the bytes): a token wears out within it.
            for file in files.prefix(2) {
                let (_, md5, _, _) = try await StationFixture.fetch(client, file)
                #expect(md5 == simulator.archive.md5(of: file))
            }
            #expect(simulator.stats.tokensIssued >= 4, "tokens issued: \(simulator.stats.tokensIssued)")
        }
    }

    @Test func aWrongPasswordIsUnauthorizedAndNeverShown() async throws {
        let configuration = StationFixture.configuration(.auxip) {
            $0.auth = .oauth2(username: "ferry", password: "pa55-secret", clientID: "ferry-tests")
        }
        try await StationSimulator.withRunning(configuration) { simulator in
            let wrong = StationAuth.oauth2(tokenURL: simulator.tokenURL, username: "ferry", password: "wr0ng-secret",
                                           clientID: "ferry-tests", clientSecret: nil)
            await #expect {
                _ = try await StationFixture.client(simulator, auth: wrong).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            } throws: { error in
                guard case .unauthorized = error as? StationError else { return false }
                let text = "\(error) \(String(reflecting: error))"
                return !text.contains("wr0ng-secret") && !text.contains("pa55-secret")
            }
            #expect(simulator.stats.requests == 1, "only the refused grant was sent")
        }
    }
}
