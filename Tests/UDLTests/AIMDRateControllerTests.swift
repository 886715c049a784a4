import Testing
@testable import UDL

@Suite struct AIMDRateControllerTests {
    @Test func referencePolicyIsPlainAIMDWithinBounds() async {
        let controller = AIMDRateController(policy: .reference, initialRate: 5, additiveIncrease: 1,
                                            multiplicativeDecrease: 0.5, minRate: 5, maxRate: 25)
        for _ in 0..<30 { await controller.recordSuccess() }
        #expect(await controller.rate == 25, "capped at max_rate")
        await controller.recordCongestion()
        #expect(await controller.rate == 12.5)
        await controller.recordCongestion()
        await controller.recordCongestion()
        #expect(await controller.rate == 5, "floored at min_rate")
    }

    @Test func adaptivePolicyReactsOncePerEpisode() async {
        let controller = AIMDRateController(policy: .adaptive, initialRate: 20, minRate: 1, maxRate: 100)
        let before = ContinuousClock.now
        await controller.recordCongestion(sentAt: before)
        #expect(await controller.rate == 10)
        // Answers to requests sent before that decrease carry no news about the new rate.
        await controller.recordCongestion(sentAt: before)
        #expect(await controller.rate == 10)
        await controller.recordCongestion(sentAt: .now)
        #expect(await controller.rate == 5)
    }

    @Test func adaptivePolicyClimbsFastThenProbesNearTheCeiling() async {
        let controller = AIMDRateController(policy: .adaptive, initialRate: 20, minRate: 1, maxRate: 100)
        await controller.recordCongestion()
        #expect(await controller.ceiling == 20)
        for _ in 0..<8 { await controller.recordSuccess() }
        #expect(await controller.rate == 18, "full steps up to 90% of the ceiling")
        await controller.recordSuccess()
        #expect(abs(await controller.rate - 18.01) < 1e-9, "then a probe")
    }

    @Test func slotsFollowTheRate() async throws {
        let controller = AIMDRateController(initialRate: 50, minRate: 50, maxRate: 50)
        let first = try await controller.acquire()
        let second = try await controller.acquire()
        let third = try await controller.acquire()
        // A busy machine may wake a waiter late, which only widens a gap; a slot is never early.
        #expect(second - first >= .milliseconds(20) && third - second >= .milliseconds(20))
    }

    @Test func adaptivePolicySlowStartsUntilTheFirstCongestion() async {
        let controller = AIMDRateController(policy: .adaptive, initialRate: 8, minRate: 1, maxRate: 100)
        await controller.recordSuccess()
        #expect(await controller.rate == 10, "a quarter more per success")
        let small = AIMDRateController(policy: .adaptive, initialRate: 2, minRate: 1, maxRate: 100)
        await small.recordSuccess()
        #expect(await small.rate == 3, "never less than the additive step")
        await controller.recordCongestion()
        await controller.recordSuccess()
        #expect(await controller.rate == 6, "additive once a ceiling is known")
    }

    @Test func aRateRaisedWhileARequestWaitsTakesEffectAtOnce() async throws {
        // One request per 500 s: unless the raise is seen by the waiting request, its slot is
        // exactly 500 s after the first. Any earlier slot proves the raise was seen, however late a
        // busy machine runs the test. The rate is raised only once the second request is known to be
        // waiting for its slot (no sleep that a busy machine could outlast), so the raise always
        // lands mid-wait.
        let controller = AIMDRateController(policy: .reference, initialRate: 0.002, additiveIncrease: 999,
                                            minRate: 0.002, maxRate: 1_000)
        let first = try await controller.acquire()
        async let second = controller.acquire()
        while await !controller.isRequestWaiting { await Task.yield() }
        await controller.recordSuccess()
        #expect(try await second - first < .seconds(500))
    }

    @Test func requestsWaitInLineAndEachGetsItsOwnSlot() async throws {
        let controller = AIMDRateController(initialRate: 100, minRate: 100, maxRate: 100)
        let slots = try await withThrowingTaskGroup(of: ContinuousClock.Instant.self) { group in
            for _ in 0..<6 { group.addTask { try await controller.acquire() } }
            return try await group.reduce(into: []) { $0.append($1) }.sorted()
        }
        for (earlier, later) in zip(slots, slots.dropFirst()) { #expect(later - earlier >= .milliseconds(10)) }
    }
}
