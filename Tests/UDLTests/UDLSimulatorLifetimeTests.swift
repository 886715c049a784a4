import FerryTestSupport
import Testing
import UDLSimulator

/// `UDLSimulator.withRunning` scopes the simulator's lifetime: it serves while the body runs and
/// has stopped listening by the time the call returns, whether the body returned or threw.
@Suite struct UDLSimulatorLifetimeTests {
    struct PlannedFailure: Error {}

    @Test func theSimulatorStopsWhenTheBodyReturns() async throws {
        let port = try await UDLSimulator.withRunning(SimulatedUDL.configuration()) { simulator in
            #expect(FreePort.isListening(port: simulator.port), "serves while the body runs")
            return simulator.port
        }
        #expect(!FreePort.isListening(port: port), "nothing listens on \(port) after withRunning returned")
    }

    @Test func theSimulatorStopsWhenTheBodyThrows() async throws {
        var port: Int?
        do {
            try await UDLSimulator.withRunning(SimulatedUDL.configuration()) { simulator in
                port = simulator.port
                throw PlannedFailure()
            }
            Issue.record("the body's error must come out of withRunning")
        } catch is PlannedFailure {}
        let used = try #require(port)
        #expect(!FreePort.isListening(port: used), "nothing listens on \(used) after withRunning threw")
    }
}
