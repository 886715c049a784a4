import AsyncHTTPClient
public import NIOCore

/// A file's bytes as they arrive from the station, in the order of the file. The transport's
/// backpressure holds: the next bytes are read only when the consumer asks, so a file of any size
/// passes through bounded memory. A connection lost mid-file throws ``StationError/transport(_:)``.
/// It is read inside the `download` closure only: the connection is released when that closure returns.
public struct StationDownload: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer
    /// The length the station announced (`Content-Length`), when it did.
    public let contentLength: Int64?
    private let body: HTTPClientResponse.Body
    private let url: String

    init(body: HTTPClientResponse.Body, contentLength: Int64?, url: String) {
        self.body = body
        self.contentLength = contentLength
        self.url = url
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: body.makeAsyncIterator(), url: url)
    }

    /// Reads the body, turning the transport's failures into ``StationError/transport(_:)``.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: HTTPClientResponse.Body.AsyncIterator
        let url: String

        public mutating func next() async throws -> ByteBuffer? {
            do {
                return try await base.next()
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw StationError.transport("the download from \(url) broke off: \(StationClient.describe(error))")
            }
        }
    }
}
