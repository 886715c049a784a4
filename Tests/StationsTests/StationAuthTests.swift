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
