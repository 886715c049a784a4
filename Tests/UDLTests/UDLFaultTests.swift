import FerryErrors
import Foundation
import FerryTestSupport
import HTTPRetry
import Testing
import UDL
import UDLSimulator
import UTCDate

@Suite struct UDLFaultTests {
    @Test func everyFaultKindIsRetriedUntilTheDayIsWhole() async throws {
        try await UDLSimulator.withRunning(SimulatedUDL.configuration {
            $0.faults.serverError = 0.12
            $0.faults.droppedConnection = 0.08
            $0.faults.truncatedBody = 0.08
            $0.faults.slowResponse = 0.06
            $0.faults.slowDelay = .seconds(3)
            $0.seed = 7
        }) { simulator in
            let directory = try TemporaryDirectory()
            let retry = RetryPolicy(maxAttempts: 20, baseDelay: .milliseconds(5), maxDelay: .milliseconds(50),
                                       requestTimeout: .milliseconds(800))
            let downloader = SimulatedUDL.downloader(simulator, into: directory.url.path, windowSeconds: 900, retry: retry)
            guard case let .downloaded(path, _, _) = try await downloader.download(day: SimulatedUDL.day) else {
                Issue.record("no data"); return
            }
            let ids = try SimulatedUDL.csvIDs(path).ids
            #expect(ids.count == Set(ids).count && Set(ids) == Set(SimulatedUDL.truth(simulator)))
            let stats = simulator.stats
            for outcome in ["dropped", "truncated", "slow"] { #expect(stats.count(outcome) > 0, "\(outcome) was injected") }
            #expect(stats.count("500") + stats.count("502") + stats.count("503") > 0)
            #expect(SimulatedUDL.hiddenEntries(directory.url.path).isEmpty)
        }
    }

    @Test func rateLimitedAnswersAreHonouredAndRetried() async throws {
        // One token every two seconds, and four windows sent at once: the controller starts at a
        // million requests a second, so it never makes a request wait for its slot (a wait would
        // need a thread of the cooperative pool, which CPU-bound tests running alongside can hold
        // for seconds); the four requests leave together and the limiter must refuse some.
        try await UDLSimulator.withRunning(SimulatedUDL.configuration { $0.rateLimit = (perSecond: 0.5, burst: 1) }) { simulator in
            let directory = try TemporaryDirectory()
            let controller = AIMDRateController(initialRate: 1_000_000, minRate: 5, maxRate: 1_000_000)
            let downloader = SimulatedUDL.downloader(simulator, into: directory.url.path, windowSeconds: 21_600, controller: controller)
            guard case let .downloaded(path, _, _) = try await downloader.download(day: SimulatedUDL.day) else {
                Issue.record("no data"); return
            }
            #expect(Set(try SimulatedUDL.csvIDs(path).ids) == Set(SimulatedUDL.truth(simulator)))
            #expect(simulator.stats.count("429") > 0, "the limiter answered 429")
            #expect(await controller.rate < 1_000_000, "the controller slowed down")
        }
    }

    @Test func aWindowThatKeepsFailingFailsTheDayAndLeavesNothing() async throws {
        try await UDLSimulator.withRunning(SimulatedUDL.configuration { $0.faults.serverError = 1 }) { simulator in
            let directory = try TemporaryDirectory()
            let retry = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5))
            let downloader = SimulatedUDL.downloader(simulator, into: directory.url.path, windowSeconds: 21_600, retry: retry)
            await #expect(throws: UDLDownloadError.self) { try await downloader.download(day: SimulatedUDL.day) }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
        }
    }

    @Test func aRefusedCredentialIsAnAuthErrorThatNeverShowsTheCredential() async throws {
        try await UDLSimulator.withRunning(SimulatedUDL.configuration()) { simulator in
            let directory = try TemporaryDirectory()
            let wrong = "Basic d3Jvbmc6c2VjcmV0LWhvcnNlLWJhdHRlcnk="
            let downloader = SimulatedUDL.downloader(simulator, into: directory.url.path, authorization: wrong)
            do {
                _ = try await downloader.download(day: SimulatedUDL.day)
                Issue.record("a refused credential must fail the day")
            } catch let error as UDLDownloadError {
                #expect(error.code == .authentication && error.code.ledgerErrorType == "AuthError")
                #expect(!"\(error)".contains("d3Jvbmc6"))
                #expect(simulator.stats.count("401") >= 1 && simulator.stats.count("401") <= 4, "401 is not retried")
            }
            #expect(!"\(UDLCredential(authorization: wrong))".contains("d3Jvbmc6"))
        }
    }
}
