public import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// The client Ferry moves files and documents with (stations, S3, STAC APIs), shared by the
    /// whole process and never shut down, like `HTTPClient.shared` but for checked transfers:
    ///
    /// - it follows no redirect itself: a station client follows them per host, deciding which
    ///   credential goes along and counting each hop against a token good for so many requests;
    ///   a streamed S3 body cannot be sent twice;
    /// - it asks for no compressed answer and decodes none: bytes are checked as they were listed
    ///   or stored, and a decompressing client refuses compressible files beyond its ratio limit;
    /// - it gives up on a connection after 10 s, not 90 s, so an unreachable store or buffer hands
    ///   over to the next attempt or buffer in seconds.
    public static let transfers = HTTPClient(
        eventLoopGroup: HTTPClient.defaultEventLoopGroup,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow,
                                                timeout: .init(connect: .seconds(10), read: .seconds(90)),
                                                decompression: .disabled))
}
