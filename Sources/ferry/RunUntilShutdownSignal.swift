import Logging
import ServiceLifecycle
import UnixSignals

/// Runs `services` until they end or SIGTERM or SIGINT shuts them down gracefully, then returns.
///
/// Every long-running command (`sim` today; the workers and the server to come) ends through this one
/// entry point, so each of them treats the signals alike: the signal starts a graceful shutdown, each
/// service releases what it holds (in the reverse of the order given), and the command exits 0.
/// The signals are trapped before any service starts, so a service may announce itself as soon as it
/// runs: a signal sent after that announcement always finds the handler in place.
func runUntilShutdownSignal(_ services: [any Service], logger: Logger) async throws {
    let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
    try await group.run()
}
