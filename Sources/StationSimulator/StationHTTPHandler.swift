import NIOCore
import NIOHTTP1

/// One connection of the simulated station: reads a request whole, carries out the service's plan,
/// and streams downloads chunk by chunk only while the channel is writable, so a slow reader holds
/// the simulator to a few chunks in memory whatever the file's size.
final class StationHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let service: StationService
    private var head: HTTPRequestHead?
    private var body = ""
    private var streaming: Streaming?

    /// A download in progress on this connection.
    struct Streaming {
        let contents: FileContents
        /// Bytes sent so far.
        var sent: Int64 = 0
        /// Where sending stops: the size, or the cut of a dropped download.
        let stop: Int64
        let cut: Bool
        let keepAlive: Bool
    }

    init(service: StationService) {
        self.service = service
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(requestHead):
            head = requestHead
            body = ""
        case var .body(buffer):
            body += buffer.readString(length: buffer.readableBytes) ?? ""
        case .end:
            guard let head else { return }
            self.head = nil
            let plan = service.plan(method: head.method, uri: head.uri, headers: head.headers, body: body)
            let keepAlive = head.isKeepAlive
            if let delay = service.configuration.faults.slowAnswers {
                let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .nanoseconds(Int64(delay.components.seconds) * 1_000_000_000
                                                                + delay.components.attoseconds / 1_000_000_000)) {
                    let (handler, context) = bound.value
                    handler.carryOut(plan, context: context, keepAlive: keepAlive)
                }
            } else {
                carryOut(plan, context: context, keepAlive: keepAlive)
            }
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { pump(context) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if streaming != nil {
            streaming = nil
            service.downloadEnded(completed: false)   // the client went away mid-file
        }
        context.fireChannelInactive()
    }

    private func carryOut(_ plan: StationService.Plan, context: ChannelHandlerContext, keepAlive: Bool) {
        guard context.channel.isActive else { return }
        switch plan {
        case let .respond(status, headers, text):
            let buffer = context.channel.allocator.buffer(string: text)
            var all = HTTPHeaders([("Content-Length", "\(buffer.readableBytes)")])
            if !text.isEmpty { all.add(name: "Content-Type", value: "application/json") }
            for (name, value) in headers { all.add(name: name, value: value) }
            if !keepAlive { all.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: all))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            finish(context, keepAlive: keepAlive)
        case let .stream(entry, cut):
            let contents = entry.contents
            var headers = HTTPHeaders([("Content-Type", "application/octet-stream"), ("Content-Length", "\(contents.size)")])
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            streaming = Streaming(contents: contents, stop: min(contents.size, cut ?? contents.size), cut: cut.map { $0 < contents.size } ?? false,
                                  keepAlive: keepAlive)
            pump(context)
        }
    }

    /// Sends chunks while the channel takes them; resumes from ``channelWritabilityChanged(context:)``.
    private func pump(_ context: ChannelHandlerContext) {
        while var current = streaming, context.channel.isWritable {
            if current.sent >= current.stop {
                streaming = nil
                if current.cut {
                    context.flush()
                    context.close(promise: nil)   // the connection dies mid-file, as a flaky link does
                    service.downloadEnded(completed: false)
                } else {
                    service.downloadEnded(completed: true)
                    finish(context, keepAlive: current.keepAlive)
                }
                return
            }
            let index = current.sent / Int64(FileContents.chunkSize)
            var chunk = current.contents.chunk(index, allocator: context.channel.allocator)
            let wanted = Int(min(Int64(chunk.readableBytes), current.stop - current.sent))
            chunk = chunk.getSlice(at: chunk.readerIndex, length: wanted)!
            current.sent += Int64(wanted)
            streaming = current
            service.sent(wanted)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(chunk))), promise: nil)
        }
    }

    private func finish(_ context: ChannelHandlerContext, keepAlive: Bool) {
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
