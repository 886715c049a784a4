public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import Stations

/// A running simulated station on a loopback port, for tests and `ferry sim station`.
public final class StationSimulator: Sendable {
    public let port: Int
    public let configuration: StationSimulatorConfiguration
    let service: StationService
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    /// `http://127.0.0.1:<port>`: the OData service root to give the client.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Where the OAuth2 password grant is posted (when the station takes tokens).
    public var tokenURL: String { baseURL + StationService.tokenPath }
    /// The files the station offers.
    public var archive: StationArchive { service.archive }
    /// What has been served so far.
    public var stats: StationStats { service.stats }

    /// The client credential that this station accepts.
    public var clientAuth: StationAuth {
        switch configuration.auth {
        case .none: .none
        case let .apiKey(header, value): .apiKey(header: header, value: value)
        case let .oauth2(username, password, clientID, clientSecret):
            .oauth2(tokenURL: tokenURL, username: username, password: password, clientID: clientID, clientSecret: clientSecret)
        }
    }

    private init(port: Int, configuration: StationSimulatorConfiguration, service: StationService, channel: any Channel,
                 group: MultiThreadedEventLoopGroup) {
        self.port = port
        self.configuration = configuration
        self.service = service
        self.channel = channel
        self.group = group
    }

    /// Starts serving on `host` (`port` 0 picks a free one). Call ``shutdown()`` when done, or use ``withRunning(_:host:port:logger:isolation:_:)``.
    public static func start(_ configuration: StationSimulatorConfiguration, host: String = "127.0.0.1", port: Int = 0,
                             logger: Logger = Logger(label: "ferry.sim.station")) async throws -> StationSimulator {
        let service = StationService(configuration: configuration, logger: logger)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.pipeline.configureHTTPServerPipeline().flatMap {
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(StationHTTPHandler(service: service))
                        }
                    }
                }
                .bind(host: host, port: port).get()
            return StationSimulator(port: channel.localAddress?.port ?? port, configuration: configuration, service: service,
                                    channel: channel, group: group)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Starts a station, runs `body` with it and shuts it down before returning, also when `body` throws.
    public static func withRunning<T>(_ configuration: StationSimulatorConfiguration, host: String = "127.0.0.1",
                                      port: Int = 0, logger: Logger = Logger(label: "ferry.sim.station"),
                                      isolation: isolated (any Actor)? = #isolation,
                                      _ body: (StationSimulator) async throws -> T) async throws -> T {
        let simulator = try await start(configuration, host: host, port: port, logger: logger)
        let result: T
        do {
            result = try await body(simulator)
        } catch {
            await simulator.shutdown()
            throw error
        }
        await simulator.shutdown()
        return result
    }

    /// Stops serving and releases the threads.
    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}
