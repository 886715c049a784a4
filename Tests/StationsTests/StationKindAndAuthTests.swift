import AsyncHTTPClient
import Foundation
import StationSimulator
import Stations
import Testing

@Suite struct StationKindAndAuthTests {
    @Test func namesAreReadWithoutCaseAndADGSIsAUXIP() throws {
        #expect(try StationKind(name: "auxip") == .auxip)
        #expect(try StationKind(name: "ADGS") == .auxip)
        #expect(try StationKind(name: "adgs") == .auxip)
        #expect(try StationKind(name: "Cadip") == .cadip)
        for kind in StationKind.allCases { #expect(try StationKind(name: kind.rawValue.lowercased()) == kind) }
    }

    @Test func collectionNamesFollowTheKind() {
        #expect(StationKind.auxip.collectionName(mission: "s1") == "s1_aux")
        for kind in StationKind.allCases where kind != .auxip {
            #expect(kind.collectionName(mission: "s2") == "s2_chunk")
        }
    }

    @Test func anUnknownStationIsRefusedBeforeAnyRequest() async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(.auxip)) { simulator in
            await #expect {
                let kind = try StationKind(name: "AUX")   // the seed's station names are not all kinds
                _ = try await StationClient(kind: kind, baseURL: simulator.baseURL, auth: .none, httpClient: .shared)
                    .search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            } throws: { error in
                guard case let .unknownStation(name) = error as? StationError else { return false }
                return name == "AUX"
            }
            #expect(simulator.stats.requests == 0)
        }
    }

    @Test func noVariableMeansNoCredential() throws {
        guard case .none = try StationAuth.fromEnvironment(["PATH": "/bin"]) else { Issue.record("expected .none"); return }
    }

    @Test func anAPIKeyIsReadWithItsHeader() throws {
        guard case let .apiKey(header, value) = try StationAuth.fromEnvironment(["FERRY_STATION_API_KEY": "k-123"]) else {
            Issue.record("expected an API key"); return
        }
        #expect(header == "x-api-key" && value == "k-123")
        guard case let .apiKey(custom, _) = try StationAuth.fromEnvironment(["FERRY_STATION_API_KEY": "k",
                                                                             "FERRY_STATION_API_KEY_HEADER": "ApiKey"]) else {
            Issue.record("expected an API key"); return
        }
        #expect(custom == "ApiKey")
    }

    @Test func oauth2NeedsEveryPart() throws {
        let full = ["FERRY_STATION_TOKEN_URL": "https://auth.example/token", "FERRY_STATION_USERNAME": "user",
                    "FERRY_STATION_PASSWORD": "pa55-secret", "FERRY_STATION_CLIENT_ID": "client",
                    "FERRY_STATION_CLIENT_SECRET": "client-s3cret"]
        guard case let .oauth2(url, user, password, clientID, secret) = try StationAuth.fromEnvironment(full) else {
            Issue.record("expected OAuth2"); return
        }
        #expect(url == "https://auth.example/token" && user == "user" && password == "pa55-secret" && clientID == "client"
                && secret == "client-s3cret")
        for missing in ["FERRY_STATION_TOKEN_URL", "FERRY_STATION_USERNAME", "FERRY_STATION_PASSWORD", "FERRY_STATION_CLIENT_ID"] {
            var partial = full
            partial[missing] = nil
            #expect {
                try StationAuth.fromEnvironment(partial)
            } throws: { error in
                guard case let .configuration(message) = error as? StationError else { return false }
                return message.contains(missing) && !message.contains("pa55-secret") && !message.contains("client-s3cret")
            }
        }
    }

    @Test func descriptionsNeverShowASecret() throws {
        let auths: [StationAuth] = [
            .apiKey(header: "x-api-key", value: "key-s3cret"),
            .oauth2(tokenURL: "https://auth.example/token", username: "user", password: "pa55-secret", clientID: "client",
                    clientSecret: "client-s3cret"),
        ]
        for auth in auths {
            var dumped = ""
            dump(auth, to: &dumped)
            for text in ["\(auth)", String(reflecting: auth), dumped] {
                for secret in ["key-s3cret", "pa55-secret", "client-s3cret"] { #expect(!text.contains(secret), "\(text)") }
            }
        }
    }
}
