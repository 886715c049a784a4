public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A running UDL simulator on a loopback port, for tests, benchmarks and `ferry demo`.
public final class UDLSimulator: Sendable {
    public let port: Int
    public let configuration: UDLSimulatorConfiguration
    let service: UDLService
    private let channel: any Channel
    private let group: MultiThreadedEventLoopGroup

    /// `http://127.0.0.1:<port>`: pass it as the client's UDL base URL.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// What the client must send in `Authorization`.
    public var authorizationHeaderValue: String { configuration.authorizationHeaderValue }
    /// Counters of what has been served.
    public var stats: UDLSimulatorStats { service.stats }
    /// The archive, to compute what any query should return.
    public var archive: SimulatedArchive { service.archive }

    private init(port: Int, configuration: UDLSimulatorConfiguration, service: UDLService, channel: any Channel,
                 group: MultiThreadedEventLoopGroup) {
        self.port = port
        self.configuration = configuration
        self.service = service
        self.channel = channel
        self.group = group
    }

    /// Starts serving on 127.0.0.1 (`port` 0 picks a free one).
    public static func start(_ configuration: UDLSimulatorConfiguration, host: String = "127.0.0.1", port: Int = 0,
                             logger: Logger = Logger(label: "ferry.sim.udl")) async throws -> UDLSimulator {
        let service = UDLService(configuration: configuration, logger: logger)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(UDLHTTPHandler(service: service))
                }
            }
            .bind(host: host, port: port).get()
        return UDLSimulator(port: channel.localAddress?.port ?? port, configuration: configuration, service: service,
                            channel: channel, group: group)
    }

    /// Starts a simulator, runs `body` with it and shuts it down before returning, also when `body`
    /// throws: the event loops never outlive the caller (as Hummingbird's `app.test`).
    public static func withRunning<T>(_ configuration: UDLSimulatorConfiguration, host: String = "127.0.0.1",
                                      port: Int = 0, logger: Logger = Logger(label: "ferry.sim.udl"),
                                      isolation: isolated (any Actor)? = #isolation,
                                      _ body: (UDLSimulator) async throws -> T) async throws -> T {
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

/// Turns each request into the service's plan and carries it out on the connection.
final class UDLHTTPHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let service: UDLService

    init(service: UDLService) {
        self.service = service
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case let .head(head) = unwrapInboundIn(data) else { return }
        let plan = service.plan(method: head.method.rawValue, uri: head.uri, authorization: head.headers.first(name: "authorization"))
        switch plan {
        case let .respond(status, headers, body):
            respond(context, status: status, headers: headers, body: body, keepAlive: head.isKeepAlive)
        case .drop:
            context.close(promise: nil)
        case .hold:
            break
        case let .slow(delay, status, body):
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .nanoseconds(delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)) {
                let (handler, context) = loopBound.value
                handler.respond(context, status: status, headers: [], body: body, keepAlive: false)
            }
        case let .truncate(status, body):
            var buffer = context.channel.allocator.buffer(string: body)
            var headers = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", "\(buffer.readableBytes)")])
            headers.add(name: "Connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: headers))), promise: nil)
            let half = buffer.readSlice(length: buffer.readableBytes / 2)!
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(half))), promise: nil)
            context.close(promise: nil)
        }
    }

    func respond(_ context: ChannelHandlerContext, status: Int, headers: [(String, String)], body: String, keepAlive: Bool) {
        let buffer = context.channel.allocator.buffer(string: body)
        var all = HTTPHeaders([("Content-Type", "application/json"), ("Content-Length", "\(buffer.readableBytes)")])
        for (name, value) in headers { all.add(name: name, value: value) }
        if !keepAlive { all.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: all))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
