import AsyncHTTPClient
import Foundation
import HTTPRetry
import JSONValue
import NIOCore
import NIOHTTP1
import StationSimulator
import Stations
import Testing

@Suite struct StationSearchTests {
    @Test(arguments: [StationKind.auxip, .cadip])
    func searchReturnsTheDaysFilesAsTheStationListsThem(kind: StationKind) async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(kind, files: 25)) { simulator in
            let files = try await StationFixture.client(simulator).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            #expect(files == simulator.archive.files)
            #expect(files.count == 25 && Set(files.map(\.name)).count == 25)
            let first = try #require(files.first)
            #expect(first.size == 10_000 && first.md5 == simulator.archive.md5(of: first))
            #expect(first.properties["created"]?.stringValue?.hasPrefix("2024-01-01T") == true)
            #expect(first.feature["id"]?.stringValue == first.name && first.feature["stac_version"] == "1.0.0")
            #expect(first.feature["assets"]?["file"]?["file:size"] == 10_000)
            if kind == .auxip {
                #expect(first.name.hasPrefix("S1A_OPER_AUX_") && first.name.hasSuffix(".EOF"))
                #expect(first.properties["adgs:id"]?.stringValue == first.id)
                for key in ["datetime", "start_datetime", "end_datetime"] { #expect(first.properties[key] != nil, "\(key)") }
            } else {
                #expect(first.name.hasPrefix("DCS_01_S1A_") && first.name.hasSuffix(".raw"))
                #expect(first.properties["cadip:id"]?.stringValue == first.id)
                for key in ["cadip:session_id", "cadip:channel", "cadip:block_number", "cadip:final_block", "cadip:retransfer",
                            "eviction_datetime"] {
                    #expect(first.properties[key] != nil, "\(key)")
                }
            }
            let dates = files.compactMap(\.publicationDate)
            #expect(dates.count == 25 && dates == dates.sorted() && Set(dates).count == 25)
        }
    }

    @Test func pagesPastAThousandResults() async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(.auxip, files: 2500, size: 100)) { simulator in
            let client = StationFixture.client(simulator)
            let all = try await client.search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            #expect(all.map(\.name) == simulator.archive.files.map(\.name))
            #expect(simulator.stats.requests == 3)
            let limited = try await client.search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: 1200)
            #expect(limited.map(\.name) == Array(all.prefix(1200)).map(\.name))
            #expect(simulator.stats.requests == 5)
            // No page ever asked for more than a station gives.
            let tops = simulator.stats.paths.compactMap { path in
                path.split(separator: "&").first { $0.hasPrefix("$top=") || $0.contains("?$top=") }
                    .flatMap { Int($0.split(separator: "=").last ?? "") }
            }
            #expect(tops.count == 5 && tops.allSatisfy { $0 <= 1000 } && tops.last == 200)
        }
    }

    @Test func chunkStationsPageToo() async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(.cadip, files: 2100, size: 100)) { simulator in
            let all = try await StationFixture.client(simulator).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: 2050)
            #expect(all.map(\.name) == Array(simulator.archive.files.prefix(2050)).map(\.name))
        }
    }

    @Test func pagesShorterThanAskedAreNotTheEndWhileTheCountSaysMore() async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(.auxip, files: 250, size: 100) { $0.faults.pageSizeCap = 100 }) { simulator in
            let all = try await StationFixture.client(simulator).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            #expect(all.map(\.name) == simulator.archive.files.map(\.name))
            #expect(simulator.stats.requests == 3)
        }
    }

    /// OData v4's server-driven paging: a station that cuts pages short says where the rest is
    /// (`@odata.nextLink`), and may give no count; the client used to stop at the first short page.
    @Test func nextLinksAreFollowedWhenTheStationGivesNoCount() async throws {
        let configuration = StationFixture.configuration(.auxip, files: 250, size: 100) {
            $0.faults.pageSizeCap = 100
            $0.faults.nextLinks = true
            $0.faults.countOmitted = true
        }
        try await StationSimulator.withRunning(configuration) { simulator in
            let all = try await StationFixture.client(simulator).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            let everyFile = all.map(\.name) == simulator.archive.files.map(\.name)
            #expect(everyFile, "\(all.count) of 250 files")
            #expect(simulator.stats.requests == 3, "two links followed, the last page has none: \(simulator.stats.paths)")
            #expect(simulator.stats.paths.dropFirst().allSatisfy { $0.contains("$skip=100") || $0.contains("$skip=200") })
            let limited = try await StationFixture.client(simulator).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: 150)
            let firstFiles = limited.map(\.name) == Array(simulator.archive.files.prefix(150)).map(\.name)
            #expect(firstFiles, "\(limited.count) files for a limit of 150")
        }
    }

    /// Without a count or links, a short page may be the station's cap: only an empty page ends the search.
    @Test func withoutACountOnlyAnEmptyPageEndsTheSearch() async throws {
        let configuration = StationFixture.configuration(.cadip, files: 250, size: 100) {
            $0.faults.pageSizeCap = 100
            $0.faults.countOmitted = true
        }
        try await StationSimulator.withRunning(configuration) { simulator in
            let all = try await StationFixture.client(simulator).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            let everyFile = all.map(\.name) == simulator.archive.files.map(\.name)
            #expect(everyFile, "\(all.count) of 250 files")
            #expect(simulator.stats.requests == 4, "100, 100, 50, then an empty page: \(simulator.stats.paths)")
        }
    }

    /// A decompressing client (HTTPClient.shared) asks for gzip unless told otherwise, and then
    /// refuses compressible files beyond its ratio limit: listings, tokens and downloads ask for the bytes as they are.
    @Test func noRequestAsksForACompressedAnswer() async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(.auxip, files: 2, size: 1000) {
            $0.auth = .oauth2(username: "u", password: "p", clientID: "c")
        }) { simulator in
            let client = StationFixture.client(simulator, httpClient: .shared)
            let files = try await client.search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            let size = try await client.download(files[0]) { download in
                var total = 0
                for try await chunk in download { total += chunk.readableBytes }
                return total
            }
            #expect(size == 1000)
            #expect(simulator.stats.tokensIssued == 1 && simulator.stats.requests >= 3)
            #expect(simulator.stats.compressionAsked == 0, "\(simulator.stats.requests) requests")
        }
    }

    @Test func aStationRefusesPagesOverAThousand() async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(.auxip)) { simulator in
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: simulator.baseURL + "/Products?$top=1001"),
                                                               timeout: .seconds(10))
            #expect(response.status.code == 400)
        }
    }

    @Test func theWindowIncludesItsStartAndExcludesItsStop() async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(.cadip, files: 20)) { simulator in
            let files = simulator.archive.files
            let start = try #require(files[3].publicationDate), stop = try #require(files[10].publicationDate)
            let found = try await StationFixture.client(simulator).search(start: start, stop: stop, limit: nil)
            #expect(found.map(\.name) == files[3..<10].map(\.name))
            let empty = try await StationFixture.client(simulator).search(start: stop, stop: stop, limit: nil)
            #expect(empty.isEmpty)
        }
    }

    @Test func sessionsComeWithTheirFiles() async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(.cadip, files: 20)) { simulator in
            let sessions = try await StationFixture.client(simulator).sessions(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            #expect(sessions.count == 3)
            #expect(sessions.flatMap(\.files) == simulator.archive.files)
            #expect(sessions.allSatisfy { session in session.files.allSatisfy { $0.properties["cadip:session_id"]?.stringValue == session.sessionID } })
        }
    }

    @Test func serviceUnavailableIsRetriedUntilItPasses() async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(.auxip) { $0.faults.serviceUnavailableFirst = 3 }) { simulator in
            let files = try await StationFixture.client(simulator).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            #expect(files.count == 10)
            #expect(simulator.stats.count(503) == 3 && simulator.stats.requests == 4)
        }
        try await StationSimulator.withRunning(StationFixture.configuration(.auxip) { $0.faults.serviceUnavailableFirst = 3 }) { simulator in
            var retry = StationFixture.quickRetry
            retry.maxAttempts = 2
            await #expect {
                _ = try await StationFixture.client(simulator, retry: retry).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            } throws: { error in
                guard case let .http(status, url, _) = error as? StationError else { return false }
                return status == 503 && url.hasSuffix("/Products")
            }
        }
    }

    @Test func retryAfterIsHonouredAboveTheBackoff() async throws {
        let configuration = StationFixture.configuration(.auxip) {
            $0.faults.serviceUnavailableFirst = 1
            $0.faults.serviceUnavailableRetryAfterSeconds = 1
        }
        try await StationSimulator.withRunning(configuration) { simulator in
            let clock = ContinuousClock()
            let started = clock.now
            // The quick policy never waits more than 50 ms on its own.
            let files = try await StationFixture.client(simulator).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            #expect(files.count == 10 && clock.now - started >= .seconds(1))
        }
    }

    @Test func anUnreachableStationIsATransportFailureAfterRetries() async throws {
        // A port the simulator held and released: nothing listens there any more.
        let port = try await StationSimulator.withRunning(StationFixture.configuration(.auxip)) { $0.port }
        let retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5), requestTimeout: .milliseconds(300))
        let client = StationClient(kind: .auxip, baseURL: "http://127.0.0.1:\(port)/", auth: .none, httpClient: .shared, retryPolicy: retry)
        await #expect {
            _ = try await client.search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
        } throws: { error in
            guard case .transport = error as? StationError else { return false }
            return true
        }
    }

    @Test func slowAnswersArriveOrTimeOut() async throws {
        try await StationSimulator.withRunning(StationFixture.configuration(.auxip) { $0.faults.slowAnswers = .milliseconds(300) }) { simulator in
            let clock = ContinuousClock()
            let started = clock.now
            let files = try await StationFixture.client(simulator).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            #expect(files.count == 10 && clock.now - started >= .milliseconds(300))
        }
        // Far slower than the client's patience, so a loaded machine cannot make the answer look prompt.
        try await StationSimulator.withRunning(StationFixture.configuration(.auxip) { $0.faults.slowAnswers = .seconds(5) }) { simulator in
            let impatient = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5), requestTimeout: .milliseconds(200))
            await #expect {
                _ = try await StationFixture.client(simulator, retry: impatient).search(start: StationFixture.dayStart, stop: StationFixture.dayEnd, limit: nil)
            } throws: { error in
                guard case .transport = error as? StationError else { return false }
                return true
            }
        }
    }
}
