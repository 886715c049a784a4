import ServiceLifecycle
import UDLSimulator

/// The UDL simulator as a service: it serves from `run()` until a graceful shutdown, then closes its
/// listening channel and event loop group before returning.
///
/// It lives in the command, not in the simulator module, so the library does not depend on the
/// service lifecycle; tests keep using `UDLSimulator` directly.
struct UDLSimulatorService: Service {
    let configuration: UDLSimulatorConfiguration
    let port: Int
    /// Called once the simulator is listening (e.g. to print its address).
    let onServing: @Sendable (UDLSimulator) -> Void

    func run() async throws {
        let simulator = try await UDLSimulator.start(configuration, port: port)
        onServing(simulator)
        // Returns on graceful shutdown and throws on cancellation: either way the simulator closes.
        try? await gracefulShutdown()
        await simulator.shutdown()
    }
}
